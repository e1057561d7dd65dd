import { hash } from 'node:crypto';

/**
 * How many distinct events an input remembers for counting repeats. A repeat of an event not
 * seen among the last this many distinct ones counts as its first occurrence again (the limit
 * docs/record.md states); the bound keeps memory flat on inputs of any length (about 10 MB).
 */
export const REMEMBERED_EVENTS = 100_000;

/**
 * Identities for events that carry none of their own and come from a file or standard input
 * (syslog lines, plain lines): the event itself, never the path or line number, so a rotated,
 * renamed, grown or overlapping input gives its events the ids they had before.
 * An event is its host, its parsed time and its raw bytes; identical events in one input are
 * told apart by their occurrence (0 for the first, 1 for the next identical one, ...).
 * One instance per input: occurrences count within that input.
 */
export class ContentIdentities {
  /** Event digest -> occurrences so far, least recently seen first (Map keeps insertion order). */
  private readonly seen = new Map<string, number>();

  constructor(private readonly remembered = REMEMBERED_EVENTS) {}

  identityOf(host: string | null, time: string | null, data: Buffer): string {
    // latin1 maps each byte to one char, so the digest covers the exact bytes.
    const digest = hash('sha256', `${host ?? '\u0000'}\u001f${time ?? '\u0000'}\u001f${data.toString('latin1')}`, 'base64');
    const before = this.seen.get(digest);
    const occurrence = before === undefined ? 0 : before + 1;
    if (before !== undefined) this.seen.delete(digest); // moved to the newest end
    this.seen.set(digest, occurrence);
    if (this.seen.size > this.remembered) this.seen.delete(this.seen.keys().next().value as string);
    return `event:${digest}:${occurrence}`;
  }
}
