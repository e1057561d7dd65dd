import { describe, expect, it } from 'vitest';
import { eventIdFor } from '../../functions/pipeline/event-id.js';
import { IdList } from '../../functions/store/id-list.js';
import { objectIdFor, objectIdOfJoined } from '../../functions/store/object-ids.js';

describe('IdList', () => {
  const hex = Array.from({ length: 9000 }, (_, i) => eventIdFor(`l${i}`));

  it('gives back the ids in order, packed (hex) or as text (anything else)', () => {
    for (const ids of [hex, [...hex.slice(0, 10), 'not hex', hex[10].toUpperCase()], ['only'], []]) {
      const list = IdList.of(ids);
      expect(list.count).toBe(ids.length);
      expect(list.first()).toBe(ids[0]);
      expect([...list.ids()]).toEqual(ids);
      expect([...list.texts()].join('\n')).toBe(ids.join('\n'));
    }
  });

  it('names a merged object as objectIdFor names the same ids, in pieces or whole', () => {
    const lists = [IdList.of(hex.slice(0, 5000)), IdList.of([]), IdList.of(hex.slice(5000))];
    const pieces = function* (): Generator<string> {
      for (const l of lists) yield* l.texts();
    };
    expect(objectIdOfJoined('events', pieces())).toBe(objectIdFor('events', hex));
  });
});

describe('IdList.idsWithPrefix', () => {
  it('gives every id whose first 8 hex digits are asked for (all of a text list), in order', () => {
    const ids = Array.from({ length: 300 }, (_, i) => eventIdFor(`p${i}`));
    const wanted = new Set([ids[0], ids[7], ids[299]].map((id) => parseInt(id.slice(0, 8), 16)));
    const expected = ids.filter((id) => wanted.has(parseInt(id.slice(0, 8), 16)));
    expect([...IdList.of(ids).idsWithPrefix(wanted)]).toEqual(expected);
    expect(expected).toContain(ids[299]);
    const text = [...ids, 'not hex'];
    expect([...IdList.of(text).idsWithPrefix(wanted)]).toEqual(text);
  });
});
