/** What the pipeline makes: 32 lowercase hex digits (any other id is kept as text). */
const HEX_ID = /^[0-9a-f]{32}$/;

/** Ids joined by newlines at most this many at a time (texts). */
const TEXT_IDS = 4096;

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

  static of(ids: readonly string[]): IdList {
    if (ids.every((id) => HEX_ID.test(id))) return new IdList(Buffer.from(ids.join(''), 'hex'), null, ids.length);
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
    for (let i = 0; i < this.count; i++) yield this.packed.toString('hex', 16 * i, 16 * i + 16);
  }

  /** The ids joined by newlines, in pieces of at most TEXT_IDS ids (none for no ids): what object names hash. */
  *texts(): Generator<string> {
    if (this.count === 0) return;
    if (this.packed === null) {
      yield this.text!;
      return;
    }
    for (let i = 0; i < this.count; i += TEXT_IDS) {
      const ids: string[] = [];
      for (let j = i; j < Math.min(this.count, i + TEXT_IDS); j++) ids.push(this.packed.toString('hex', 16 * j, 16 * j + 16));
      yield ids.join('\n');
    }
  }
}
