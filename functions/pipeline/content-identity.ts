import { hash } from 'node:crypto';

/**
 * An input remembers at least this many of the distinct events it saw last (and at most twice
 * as many) for counting repeats. A repeat of an event not seen among them counts as its first
 * occurrence again (the limit docs/record.md states); the bound keeps memory flat on inputs of
 * any length (a few MB).
 */
export const REMEMBERED_EVENTS = 20_000;

/**
 * Identities for events that carry none of their own and come from a file or standard input
 * (syslog lines, plain lines): the event itself, never the path or line number, so a rotated,
 * renamed, grown or overlapping input gives its events the ids they had before.
 * An event is its host, its parsed time and its raw bytes; identical events in one input are
 * told apart by their occurrence (0 for the first, 1 for the next identical one, ...).
 * One instance per input: occurrences count within that input.
 */
export class ContentIdentities {
  // Two generations instead of an LRU list: when the current one is full it becomes the
  // previous one and the oldest is dropped; an event seen again moves into the current one, so
  // frequent events are never forgotten. (Deleting a Map's oldest entries one by one leaves
  // holes that every later iteration walks over.)
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(private readonly remembered = REMEMBERED_EVENTS) {}

  identityOf(host: string | null, time: string | null, data: Buffer): string {
    // latin1 maps each byte to one char, so the digest covers the exact bytes.
    // The digest as 32 one-byte chars ('binary'): the smallest string a Map can key on.
    const digest = hash('sha256', `${host ?? '\u0000'}\u001f${time ?? '\u0000'}\u001f${data.toString('latin1')}`, 'binary');
    const before = this.current.get(digest) ?? this.previous.get(digest);
    const occurrence = before === undefined ? 0 : before + 1;
    this.current.set(digest, occurrence);
    if (this.current.size >= this.remembered) {
      this.previous = this.current;
      this.current = new Map();
    }
    return `event:${Buffer.from(digest, 'latin1').toString('base64')}:${occurrence}`;
  }
}
