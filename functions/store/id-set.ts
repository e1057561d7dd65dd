/** Hex digit char code -> its value, -1 for anything else (upper case included). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

/** Ids per chunk of the id store: 64 KB. */
const CHUNK_BITS = 12;
const CHUNK_IDS = 1 << CHUNK_BITS;

/**
 * A set of event ids. Ids of 32 lowercase hex digits (all the pipeline makes) are kept whole, as
 * four 32-bit words, outside the JS heap, where a Set of strings took ~140 bytes an id of
 * traced, promoted heap (a run of 200,000 syslog lines into one hour: 28 MB more peak RSS) and
 * a string made per lookup. Anything else is kept whole in a Set, so the two kinds never meet.
 *
 * The words are stored once, in insertion order, in fixed chunks (never copied as the set
 * grows); an open-addressing index of 4 bytes a slot (load at most ½) points into them. 24-32
 * bytes an id in all, where a table of the words themselves at load ½ took 32-64 and twice the
 * old table while it grew (200,000 ids: 5 MB, 6 while growing, against 8 and 12).
 */
export class IdSet {
  /** The ids' words, four an id, CHUNK_IDS ids a chunk. */
  private readonly chunks: Uint32Array[] = [];
  /** Per slot: the id's number + 1, or 0 for an empty slot. */
  private index = new Int32Array(1024);
  private mask = 1023;
  private used = 0;
  private readonly other = new Set<string>();
  private readonly key = new Uint32Array(4);

  has(id: string): boolean {
    if (!toWords(id, this.key)) return this.other.has(id);
    return this.index[this.slotOf(this.key)] !== 0;
  }

  add(id: string): void {
    this.addNew(id);
  }

  /** Adds the id; false if it was there already (one parse of the id, not two as has + add). */
  addNew(id: string): boolean {
    const k = this.key;
    if (!toWords(id, k)) {
      if (this.other.has(id)) return false;
      this.other.add(id);
      return true;
    }
    const s = this.slotOf(k);
    if (this.index[s] !== 0) return false;
    const n = this.used++;
    if ((n & (CHUNK_IDS - 1)) === 0) this.chunks.push(new Uint32Array(4 * CHUNK_IDS));
    const c = this.chunks[n >>> CHUNK_BITS];
    const at = 4 * (n & (CHUNK_IDS - 1));
    c[at] = k[0];
    c[at + 1] = k[1];
    c[at + 2] = k[2];
    c[at + 3] = k[3];
    this.index[s] = n + 1;
    if (this.used * 2 > this.mask + 1) this.grow();
    return true;
  }

  get size(): number {
    return this.used + this.other.size;
  }

  /** The slot holding `k`, or the empty slot where it would go (linear probing). */
  private slotOf(k: Uint32Array): number {
    const index = this.index;
    const chunks = this.chunks;
    let s = hashOf(k[0], k[3]) & this.mask;
    for (;;) {
      const e = index[s];
      if (e === 0) return s;
      const c = chunks[(e - 1) >>> CHUNK_BITS];
      const at = 4 * ((e - 1) & (CHUNK_IDS - 1));
      if (c[at] === k[0] && c[at + 1] === k[1] && c[at + 2] === k[2] && c[at + 3] === k[3]) return s;
      s = (s + 1) & this.mask;
    }
  }

  /** Twice the slots; the ids are where they were, only the index is built again. */
  private grow(): void {
    const index = (this.index = new Int32Array(this.index.length * 2));
    const mask = (this.mask = this.mask * 2 + 1);
    for (let n = 0; n < this.used; n++) {
      const c = this.chunks[n >>> CHUNK_BITS];
      const at = 4 * (n & (CHUNK_IDS - 1));
      let s = hashOf(c[at], c[at + 3]) & mask;
      while (index[s] !== 0) s = (s + 1) & mask;
      index[s] = n + 1;
    }
  }
}

/** The words are hash output already; mixing them guards against ids that are not. */
function hashOf(first: number, last: number): number {
  return Math.imul(first ^ last, 0x9e3779b1) >>> 0;
}

/** 32 lowercase hex digits into four words; false for anything else. */
function toWords(id: string, out: Uint32Array): boolean {
  if (id.length !== 32) return false;
  for (let w = 0; w < 4; w++) {
    let v = 0;
    for (let i = 8 * w; i < 8 * w + 8; i++) {
      const c = id.charCodeAt(i);
      const d = c < 128 ? HEX[c] : -1;
      if (d < 0) return false;
      v = (v << 4) | d;
    }
    out[w] = v >>> 0;
  }
  return true;
}
