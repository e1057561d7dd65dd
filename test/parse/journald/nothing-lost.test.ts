import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../functions/decode/raw-event.js';
import { mergeDuplicateKeys, provablyNoDuplicates } from '../../../functions/parse/json-duplicate-keys.js';
import { parseJournaldJson } from '../../../functions/parse/journald-json.js';
import { parseEvent } from '../../../functions/parse/parse-event.js';
import { jsonText, jsonTextWithoutRecursion } from '../../../functions/shared/json-text.js';
import { ctx } from './support.js';

function auto(line: string) {
  const raw: RawEvent = { data: Buffer.from(line), identity: 'test:0', receivedTime: ctx.receivedTime };
  return parseEvent(raw, 'auto', ctx);
}

const nested = (depth: number, leaf = '"deep"') => '['.repeat(depth) + leaf + ']'.repeat(depth);

describe('values nested thousands of levels deep are kept, not emptied', () => {
  for (const depth of [5000, 20_000]) {
    it(`MESSAGE and other fields ${depth} levels deep keep their JSON text`, () => {
      const objectDeep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const line = `{"MESSAGE":{"k":${nested(depth)}},"_TRANSPORT":"journal","OBJ":${objectDeep}}`;
      for (const ev of [auto(line), parseJournaldJson(Buffer.from(line), ctx, { max_field_bytes: 1024 * 1024 })]) {
        expect(ev.parse_error).toBeNull();
        expect(ev.source_format).toBe('journald');
        expect(ev.message).toBe(`{"k":${nested(depth)}}`);
        expect(ev.fields.OBJ).toBe(objectDeep);
      }
    });
  }

  it('a deep value longer than max_field_bytes is cut with the field_truncated note, not emptied', () => {
    const ev = parseJournaldJson(Buffer.from(`{"MESSAGE":${nested(6000)}}`), ctx, { max_field_bytes: 1000 });
    // MESSAGE is a list here: journald's repeated-field shape, one item (5999 levels deep).
    expect(ev.message).toBe(nested(5999).slice(0, 1000));
    expect(ev.notes).toContain('field_truncated');
  });

  it('the stack-free writer writes what JSON.stringify writes, for any JSON value (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(jsonTextWithoutRecursion(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 1000 },
    );
    const deep = JSON.parse(nested(8000, '{"x":[1,"two",null,true,{"y":"\\u00e9\\n"}],"":-0.5e3}'));
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonText(deep)).toBe(nested(8000, '{"x":[1,"two",null,true,{"y":"é\\n"}],"":-500}'));
  });
});

describe('a key written twice is a repeated field, as journalctl writes one', () => {
  it('all values are kept in order; promoted fields take the last, as for a journalctl array', () => {
    const line = '{"MESSAGE":"first","_TRANSPORT":"journal","MESSAGE":"second","TAG":"a","TAG":["b","c"],"BIN":[104,105],"BIN":"z"}';
    for (const ev of [auto(line), parseJournaldJson(Buffer.from(line), ctx)]) {
      expect(ev.message).toBe('second');
      expect(ev.fields.MESSAGE).toBe('["first","second"]');
      expect(ev.fields.TAG).toBe('["a","b","c"]');
      expect(ev.fields.BIN).toBe('["hi","z"]');
      expect(ev.transport).toBe('journal');
      // The same as the entry journalctl would have written with arrays.
      const asArrays = auto('{"MESSAGE":["first","second"],"_TRANSPORT":"journal","TAG":["a","b","c"],"BIN":[[104,105],"z"]}');
      expect(ev).toEqual(asArrays);
    }
  });

  it('pretty-printed and old-spacing renderings, escaped keys and values', () => {
    const pretty = '{\n\t"MESSAGE" : "say \\"hi\\"",\n\t"PRIORITY" : "6",\n\t"\\u004dESSAGE" : "x\\u00e9"\n}';
    const ev = parseJournaldJson(Buffer.from(pretty), ctx);
    expect(ev.fields.MESSAGE).toBe('["say \\"hi\\"","xé"]');
    expect(ev.severity_received).toBe(6);
  });

  it('values that merely contain key-like text are not taken for keys', () => {
    const line = '{"MESSAGE":"{\\"MESSAGE\\":\\"inner\\"}, \\"PRIORITY\\":", "PRIORITY":"3","N":{"MESSAGE":"nested"}}';
    const ev = auto(line);
    expect(ev.message).toBe('{"MESSAGE":"inner"}, "PRIORITY":');
    expect(ev.fields).toEqual({ N: '{"MESSAGE":"nested"}' });
  });

  it('only a text with duplicates is merged; the length proof never hides one (fast-check)', () => {
    const key = fc.constantFrom('MESSAGE', 'PRIORITY', '_HOSTNAME', 'X', 'é', 'a"b', 'new\nline');
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.integer());
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 8 }), fc.boolean(), (members, spaced) => {
        const sep = spaced ? ' : ' : ':';
        const text = '{' + members.map(([k, v]) => JSON.stringify(k) + sep + JSON.stringify(v)).join(',') + '}';
        const object = JSON.parse(text) as Record<string, unknown>;
        const hasDuplicates = new Set(members.map(([k]) => k)).size < members.length;
        const merged = mergeDuplicateKeys(object, text);
        expect(merged !== null).toBe(hasDuplicates);
        if (hasDuplicates) {
          // Fast path must not claim "no duplicates": measure the members as the parser does.
          let chars = 0;
          let stringsOnly = true;
          for (const k of Object.keys(object)) {
            const v = object[k];
            if (typeof v === 'string') chars += k.length + v.length + 6;
            else stringsOnly = false;
          }
          expect(provablyNoDuplicates(text, { chars, stringsOnly })).toBe(false);
          for (const [k] of members) {
            // A list of strings contributes its items; an empty list reads as an empty byte array, one value.
            const all = members.filter(([m]) => m === k).flatMap(([, v]) => (Array.isArray(v) && v.length > 0 ? v : [v]));
            if (members.filter(([m]) => m === k).length > 1) expect(merged![k]).toEqual(all);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a compact journalctl line with escapes is proven duplicate-free without a scan', () => {
    const text = '{"MESSAGE":"line\\none \\"q\\" \\u00e9\\\\","PRIORITY":"6"}';
    const object = JSON.parse(text) as Record<string, string>;
    const chars = Object.entries(object).reduce((n, [k, v]) => n + k.length + v.length + 6, 0);
    expect(provablyNoDuplicates(text, { chars, stringsOnly: true })).toBe(true);
  });
});

describe('auto mode: a broken journald JSON line is a journald record with parse_error', () => {
  const line = '{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1795656000000001","_HOSTNAME":"h","MESSAGE":"the message","PRIORITY":"6"}';

  it('every cut of the line after its first key gives parse_error and keeps the raw text', () => {
    for (let cut = line.indexOf(':') + 1; cut < line.length; cut++) {
      const ev = auto(line.slice(0, cut));
      expect(ev.source_format, line.slice(0, cut)).toBe('journald');
      expect(ev.parse_error).toMatch(/^journald JSON: /);
      expect(ev.message).toBe(line.slice(0, cut));
    }
  });

  it('a cut Filebeat event is a filebeat record with parse_error', () => {
    const ev = auto('{"@timestamp":"2026-11-26T01:00:00.000Z","message":"cu');
    expect(ev.source_format).toBe('filebeat');
    expect(ev.parse_error).toMatch(/^filebeat JSON: /);
  });

  it('text that starts with a brace and is no such JSON stays plain, without error', () => {
    for (const text of ['{not json} MESSAGE: text', '{"level":"info","msg":"cut', '{ "MESSAGE" is a word here }']) {
      const ev = auto(text);
      expect(ev.source_format).toBe('plain');
      expect(ev.parse_error).toBeNull();
      expect(ev.message).toBe(text);
    }
  });
});
