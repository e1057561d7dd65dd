/** Hex digit char code -> its value, -1 for anything else (upper case included). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * A set of event ids. Ids of 32 lowercase hex digits (all the pipeline makes) are kept as four
 * 32-bit words in an open-addressing table of one typed array: 16 bytes an id outside the JS
 * heap, where a Set of strings took ~140 bytes an id of traced, promoted heap (a run of 200,000
 * syslog lines into one hour: 28 MB more peak RSS) and a string made per lookup. Anything else
 * is kept whole in a Set, so the two kinds never meet.
 */
export class IdSet {
  /** Four words a slot; an all-zero slot is empty (the all-zero id is `zero`). */
  private table = new Uint32Array(4 * 1024);
  private mask = 1023;
  private used = 0;
  private zero = false;
  private readonly other = new Set<string>();
  private readonly key = new Uint32Array(4);

  has(id: string): boolean {
    if (!toWords(id, this.key)) return this.other.has(id);
    if (isZero(this.key)) return this.zero;
    return !isEmpty(this.table, this.slotOf(this.key));
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
    if (isZero(k)) {
      if (this.zero) return false;
      return (this.zero = true);
    }
    const at = 4 * this.slotOf(k);
    const t = this.table;
    if (t[at] !== 0 || t[at + 1] !== 0 || t[at + 2] !== 0 || t[at + 3] !== 0) return false;
    t[at] = k[0];
    t[at + 1] = k[1];
    t[at + 2] = k[2];
    t[at + 3] = k[3];
    if (++this.used * 2 > this.mask + 1) this.grow();
    return true;
  }

  get size(): number {
    return this.used + (this.zero ? 1 : 0) + this.other.size;
  }

  /** The slot holding `k`, or the empty slot where it would go (linear probing). */
  private slotOf(k: Uint32Array): number {
    const t = this.table;
    // The words are hash output already; mixing them guards against ids that are not.
    let s = (Math.imul(k[0] ^ k[3], 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const at = 4 * s;
      if (t[at] === k[0] && t[at + 1] === k[1] && t[at + 2] === k[2] && t[at + 3] === k[3]) return s;
      if (t[at] === 0 && t[at + 1] === 0 && t[at + 2] === 0 && t[at + 3] === 0) return s;
      s = (s + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const t = (this.table = new Uint32Array(old.length * 2));
    this.mask = this.mask * 2 + 1;
    const k = this.key;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0 && old[at + 1] === 0 && old[at + 2] === 0 && old[at + 3] === 0) continue;
      k[0] = old[at];
      k[1] = old[at + 1];
      k[2] = old[at + 2];
      k[3] = old[at + 3];
      const to = 4 * this.slotOf(k);
      t[to] = k[0];
      t[to + 1] = k[1];
      t[to + 2] = k[2];
      t[to + 3] = k[3];
    }
  }
}

function isEmpty(t: Uint32Array, s: number): boolean {
  const at = 4 * s;
  return t[at] === 0 && t[at + 1] === 0 && t[at + 2] === 0 && t[at + 3] === 0;
}

function isZero(k: Uint32Array): boolean {
  return k[0] === 0 && k[1] === 0 && k[2] === 0 && k[3] === 0;
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
