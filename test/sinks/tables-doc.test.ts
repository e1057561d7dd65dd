import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../functions/sinks/table-schema.js';

const doc = readFileSync(new URL('../../docs/tables.md', import.meta.url), 'utf8');

describe('docs/tables.md', () => {
  it('lists every generated column with its DuckDB and Athena types, and nothing else', () => {
    for (const t of ['logs', 'quarantine', 'findings'] as const) {
      const heading = doc.indexOf(`### \`${t}\``);
      expect(heading, t).toBeGreaterThan(-1);
      const section = doc.slice(heading).split('\n\n')[1];
      const expected = TABLES[t].columns.map((c) => `| \`${c.name}\` | \`${c.duckdbType}\` | \`${c.athenaType}\` | ${c.nullable ? 'yes' : 'no'} |`);
      expect(section.split('\n').slice(2)).toEqual(expected);
    }
  });
});
