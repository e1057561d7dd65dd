import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { objectsSource, tableFiles } from '../../bin/cli/query/store-views.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { DirectoryObjectStore } from '../../functions/sinks/listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { DedupWriter } from '../../functions/store/dedup-writer.js';
import { StoredIds } from '../../functions/store/stored-ids.js';
import { glueViewInput } from '../../lib/glue-tables.js';
import { journalRecords } from '../support/compaction-sequence.js';

// Athena has no local stand-in: the view text the stack installs is run by DuckDB over real
// objects, with only the objects table swapped for read_parquet(filename = '$path'), which
// gives each row its object's path under the name Athena's hidden column has.
describe('the Athena view SQL, run in DuckDB', () => {
  it('shows each row once while a merged object and its sources are both stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-athena-view-'));
    const store = new DirectoryObjectStore(dir);
    const writer = new DedupWriter(store, new StoredIds(dir), DEFAULT_CONFIG.routes);
    const records = await journalRecords(0, 400);
    for (let i = 0; i < records.length; i += 40) await writer.write(records.slice(i, i + 40));
    // First merge put, then the compaction dies: the merged object and all its sources are stored.
    await expect(
      compactStore(store, {
        afterMergedPut: () => {
          throw new Error('crash after put');
        },
      }),
    ).rejects.toThrow('crash after put');
    const files = tableFiles(dir, 'logs');
    const def = JSON.parse(Buffer.from(/^\/\* Presto View: (\S+) \*\/$/.exec(glueViewInput('logs', 'db').viewOriginalText as string)![1], 'base64').toString('utf8'));
    const sql = (def.originalSql as string).replaceAll('"logs_objects"', objectsSource(files));
    expect(sql).not.toBe(def.originalSql);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      const count = async (from: string) =>
        (await db.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(DISTINCT event_id)::INTEGER AS ids FROM ${from}`)).getRowObjectsJson()[0] as { n: number; ids: number };
      const raw = await count(objectsSource(files));
      expect(raw.n).toBeGreaterThan(raw.ids); // doubled in the objects
      const seen = await count(`(${sql})`);
      expect(seen).toEqual({ n: raw.ids, ids: raw.ids }); // once through the view
      const cols = (await db.runAndReadAll(`SELECT * FROM (${sql}) LIMIT 0`)).columnNames();
      expect(cols).toEqual(def.columns.map((c: { name: string }) => c.name));
    } finally {
      db.closeSync();
    }
  });
});
