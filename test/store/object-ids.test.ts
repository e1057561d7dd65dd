import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventIdFor } from '../../functions/pipeline/event-id.js';
import { objectIdFor, objectIdOfJoined, objectIdOfLists } from '../../functions/store/object-ids.js';

describe('object ids', () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => eventIdFor(`o${i}`));

  it('name an object by the SHA-256 of its ids joined by newlines', () => {
    const expected = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32);
    expect(objectIdFor('events', ids)).toBe(`events-${expected}`);
    expect(objectIdFor('untimed', ids)).toBe(`untimed-${expected}`);
  });

  it('name lists of ids as one list, across chunk boundaries and empty lists, and tell order apart', () => {
    const whole = objectIdFor('events', ids);
    expect(objectIdOfLists('events', [ids.slice(0, 4096), [], ids.slice(4096, 4097), ids.slice(4097)])).toBe(whole);
    expect(objectIdOfLists('events', [ids.slice(0, 1), ids.slice(1)])).toBe(whole);
    expect(objectIdOfLists('events', [ids.slice(1), ids.slice(0, 1)])).not.toBe(whole);
    expect(objectIdOfLists('events', [['a', 'b']])).not.toBe(objectIdOfLists('events', [['ab']]));
  });

  it('name lists given as joined text as the lists themselves', () => {
    const whole = objectIdFor('untimed', ids);
    expect(objectIdOfJoined('untimed', [ids.slice(0, 3).join('\n'), '', ids.slice(3).join('\n')])).toBe(whole);
    expect(objectIdOfJoined('untimed', [ids.slice(3).join('\n'), ids.slice(0, 3).join('\n')])).not.toBe(whole);
  });
});
