/** Ids turned back into text this many at a time: one hex string, sliced (one native call, not one an id). */
const TEXT_IDS = 4096;

/** Anything but what the pipeline's ids are made of (32 lowercase hex digits). */
const NOT_HEX = /[^0-9a-f]/;

/**
 * One object's event ids in row order, as compaction keeps them for every object of a partition
 * while it merges: 16 bytes an id when all are hex ids, else the ids joined by newlines. As
 * text they were the largest thing compaction held (a run of 200,000 syslog lines into one hour:
 * ~7 MB, and as much again each time they were split to be scanned).
 */
export class IdList {
  private constructor(
    /** 16 bytes an id, or null when `text` holds them. */
    private readonly packed: Buffer | null,
    private readonly text: string | null,
    readonly count: number,
  ) {}

  /** Packed when every id is 32 lowercase hex digits, so the bytes as hex again are the ids exactly. */
  static of(ids: readonly string[]): IdList {
    if (ids.every((id) => id.length === 32)) {
      const hex = ids.join('');
      if (!NOT_HEX.test(hex)) return new IdList(Buffer.from(hex, 'hex'), null, ids.length);
    }
    return new IdList(null, ids.join('\n'), ids.length);
  }

  /** The first id, or undefined for none. */
  first(): string | undefined {
    if (this.count === 0) return undefined;
    if (this.packed !== null) return this.packed.toString('hex', 0, 16);
    const end = this.text!.indexOf('\n');
    return end < 0 ? this.text! : this.text!.slice(0, end);
  }

  /** The ids in order (a string each, made as it is reached). */
  *ids(): Generator<string> {
    if (this.count === 0) return;
    if (this.packed === null) {
      yield* this.text!.split('\n');
      return;
    }
    for (let i = 0; i < this.count; i += TEXT_IDS) yield* this.hexSlices(i);
  }

  /**
   * The ids, but of a packed list only those whose first 8 hex digits, as a number, are in
   * `prefixes`: the ones a lookup of a few ids can find, without a string made for the rest.
   */
  *idsWithPrefix(prefixes: ReadonlySet<number>): Generator<string> {
    const b = this.packed;
    if (b === null) {
      yield* this.ids();
      return;
    }
    for (let i = 0; i < this.count; i++) if (prefixes.has(b.readUInt32BE(16 * i))) yield b.toString('hex', 16 * i, 16 * i + 16);
  }

  /** Ids i.. of a packed list (at most TEXT_IDS), slices of one hex string. */
  private hexSlices(i: number): string[] {
    const n = Math.min(this.count - i, TEXT_IDS);
    const hex = this.packed!.toString('hex', 16 * i, 16 * (i + n));
    const out = new Array<string>(n);
    for (let j = 0; j < n; j++) out[j] = hex.slice(32 * j, 32 * j + 32);
    return out;
  }

  /** The ids joined by newlines, in pieces of at most TEXT_IDS ids (none for no ids): what object names hash. */
  *texts(): Generator<string> {
    if (this.count === 0) return;
    if (this.packed === null) {
      yield this.text!;
      return;
    }
    for (let i = 0; i < this.count; i += TEXT_IDS) yield this.hexSlices(i).join('\n');
  }
}
