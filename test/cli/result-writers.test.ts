import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvField, resultWriter, TABLE_ROWS, type Cell, type OutputFormat } from '../../bin/cli/result-writers.js';

async function render(format: OutputFormat, columns: string[], rows: Cell[][], width?: number): Promise<string> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  const w = resultWriter(format, out, columns, width);
  await w.rows(rows);
  await w.end();
  return chunks.join('');
}

describe('query result writers', () => {
  const columns = ['facility_name', 'n', 'fields'];
  const rows: Cell[][] = [
    ['daemon', 12, { _SYSTEMD_UNIT: 'etcd.service' }],
    [null, 3, null],
  ];

  it('--json: one object per row keyed by column name, nulls kept', async () => {
    const lines = (await render('json', columns, rows)).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { facility_name: 'daemon', n: 12, fields: { _SYSTEMD_UNIT: 'etcd.service' } },
      { facility_name: null, n: 3, fields: null },
    ]);
  });

  it('--csv: header, quoted where needed, null empty, objects as JSON', async () => {
    expect(await render('csv', columns, rows)).toBe(
      'facility_name,n,fields\ndaemon,12,"{""_SYSTEMD_UNIT"":""etcd.service""}"\n,3,\n',
    );
  });

  it('--csv of an empty result still has its header', async () => {
    expect(await render('csv', ['a', 'b'], [])).toBe('a,b\n');
  });

  it('csvField quotes commas, quotes and line breaks only', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('table: numbers right-aligned, NULL shown, row count at the end', async () => {
    expect(await render('table', columns, rows)).toBe(
      [
        'facility_name   n  fields',
        '─────────────  ──  ' + '─'.repeat(32),
        'daemon         12  {"_SYSTEMD_UNIT":"etcd.service"}',
        'NULL            3  NULL',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('table: keeps the first rows and says how many were left out', async () => {
    const many: Cell[][] = Array.from({ length: TABLE_ROWS + 5 }, (_, i) => [i]);
    const text = await render('table', ['i'], many);
    expect(text.trimEnd().split('\n')).toHaveLength(TABLE_ROWS + 3);
    expect(text).toContain(`(${TABLE_ROWS + 5} rows; the first ${TABLE_ROWS} shown, use --json or --csv for all)`);
  });
});
