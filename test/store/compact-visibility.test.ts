import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { StoreQuery } from '../../bin/cli/query/store-query.js';
import { DEFAULT_CONFIG } from '../../functions/shared/config.js';
import { DirectoryObjectStore } from '../../functions/sinks/listed-store.js';
import { compactStore } from '../../functions/store/compact.js';
import { DedupWriter } from '../../functions/store/dedup-writer.js';
import { StoredIds } from '../../functions/store/stored-ids.js';
import { crashThenMergeOfMerge, journalRecords, queryRows, runSequences, VISIBLE_IDS_SQL } from '../support/compaction-sequence.js';

// Issue 16: queries during compaction see each row once. logsift query's views hide the objects
// a merged object names in compacted_from; here they are read after every put and delete.
const scratch = mkdtempSync(join(tmpdir(), 'logsift-visibility-'));
let n = 0;

const IDS = VISIBLE_IDS_SQL;

function localWorld() {
  const dir = join(scratch, `store-${++n}`);
  const store = new DirectoryObjectStore(dir);
  const writer = new DedupWriter(store, new StoredIds(dir), DEFAULT_CONFIG.routes);
  return {
    dir,
    store,
    write: async (records: Parameters<DedupWriter['write']>[0]) => void (await writer.write(records)),
    visibleIds: async () => (await queryRows(dir, IDS)).map((r) => r[0] as string),
  };
}

function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f));
}

describe('queries during compaction see each row once (local store)', () => {
  it('interleaved writes, compactions, crashes and merges of merges: every read after every put and delete sees each event once', async () => {
    const { reads, crashes, mergesOfMerges } = await runSequences(async () => localWorld(), [1, 2, 3, 4]);
    // The sequences did what they are for: many reads, mid-compaction crashes, merged objects merged again.
    expect(reads).toBeGreaterThan(50);
    expect(crashes).toBeGreaterThan(1);
    expect(mergesOfMerges).toBeGreaterThan(0);
  }, 240_000);

  it('a merge of a merged object whose compaction died after its put: A and B go before M1 does', async () => {
    const stats = await crashThenMergeOfMerge(localWorld());
    expect(stats.crashes).toBe(1);
    expect(stats.mergesOfMerges).toBeGreaterThan(0);
  });

  it('a source written again after its merge (a retried ingest batch rewrites its key) stays hidden, and the next compaction deletes it', async () => {
    const w = localWorld();
    const records = await journalRecords(0, 120);
    for (let i = 0; i < records.length; i += 30) await w.write(records.slice(i, i + 30));
    const [first] = parquetFiles(join(w.dir, 'logs'));
    const key = first.slice(w.dir.length + 1);
    const again = readFileSync(first);
    await compactStore(w.store);
    expect(parquetFiles(join(w.dir, 'logs'))).not.toContain(first);
    await w.store.put(key, again);
    const seen = await w.visibleIds();
    expect(seen.length).toBe(records.length);
    expect(new Set(seen).size).toBe(records.length);
    await compactStore(w.store);
    expect(parquetFiles(join(w.dir, 'logs'))).not.toContain(first);
    expect((await w.visibleIds()).length).toBe(records.length);
  });

  it('each row group of a merged object names its source object in compacted_from, in a chunk of a few dozen bytes', async () => {
    const w = localWorld();
    const records = await journalRecords(0, 120);
    for (let i = 0; i < records.length; i += 30) await w.write(records.slice(i, i + 30));
    const before = parquetFiles(join(w.dir, 'logs'));
    const names = new Set(before.map((f) => f.slice(f.lastIndexOf('/') + 1)));
    await compactStore(w.store);
    const after = parquetFiles(join(w.dir, 'logs'));
    expect(after.length).toBeLessThan(before.length);
    const seen = new Set<string>();
    for (const f of after) {
      const buf = readFileSync(f);
      const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
      const md = parquetMetadata(file);
      let row = 0;
      for (const rg of md.row_groups) {
        const chunk = rg.columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'compacted_from')!;
        expect(chunk.meta_data!.total_compressed_size).toBeLessThan(120n);
        const values = await parquetReadObjects({ file, columns: ['compacted_from'], rowStart: row, rowEnd: row + Number(rg.num_rows) });
        row += Number(rg.num_rows);
        const inGroup = new Set(values.map((v) => v.compacted_from as string));
        expect(inGroup.size).toBe(1);
        const [name] = inGroup;
        expect(names.has(name)).toBe(true);
        seen.add(name);
      }
    }
    // Every source is named by the merge that holds its rows (none left visible twice).
    expect([...seen].sort()).toEqual([...names].filter((nm) => !after.some((f) => f.endsWith(`/${nm}`))).sort());
  });

  it('logsift query shows a compacted table with exactly its columns (compacted_from and $path hidden)', async () => {
    const w = localWorld();
    const records = await journalRecords(0, 90);
    for (let i = 0; i < records.length; i += 30) await w.write(records.slice(i, i + 30));
    const columns = async (): Promise<string[]> => {
      const q = await StoreQuery.open(w.dir);
      let cols: string[] = [];
      try {
        await q.run('SELECT * FROM logs LIMIT 1', (c) => ((cols = c), { rows: async () => undefined, end: async () => undefined }));
      } finally {
        q.close();
      }
      return cols;
    };
    const before = await columns();
    await compactStore(w.store);
    expect(await columns()).toEqual(before);
    expect(before).not.toContain('compacted_from');
    expect(before).not.toContain('$path');
    expect(before.slice(-2)).toEqual(['dt', 'hour']);
  });

  it('a query opened before a compaction deleted its listed files lists again and answers each row once', async () => {
    const w = localWorld();
    const records = await journalRecords(0, 150);
    for (let i = 0; i < records.length; i += 30) await w.write(records.slice(i, i + 30));
    const q = await StoreQuery.open(w.dir);
    try {
      await compactStore(w.store); // the files q listed are gone now
      const ids = (await queryRows(w.dir, IDS, q)).map((r) => r[0]);
      expect(ids.length).toBe(records.length);
      expect(new Set(ids).size).toBe(records.length);
    } finally {
      q.close();
    }
  });
});
