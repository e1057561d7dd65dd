import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { renderReport } from '../../functions/report/render-html.js';
import { checkFindingType } from './finding-type.js';
import type { CliOptions } from './options.js';
import { readReportData } from './query/report-data.js';

/** Where the report goes without --out: beside the tables it shows. */
export function defaultReportPath(store: string): string {
  return join(store, 'report.html');
}

/**
 * `logsift report`: one self-contained HTML file of the store's overview and findings. Written
 * to a temporary name and renamed, so a reader never opens half a report. Prints the path as given
 * (no size or absolute path, so the README can show the line as it is).
 */
export async function runReport(opts: CliOptions, stdout: Writable, now: () => Date = () => new Date()): Promise<void> {
  checkFindingType(opts.type);
  const at = now();
  const { overview, findings } = await readReportData(opts.store, { type: opts.type, sinceSeconds: opts.sinceSeconds }, at);
  const filters = [opts.type !== undefined ? `type ${opts.type}` : '', opts.sinceSeconds !== undefined ? `the last ${opts.sinceSeconds} s` : ''].filter((s) => s !== '');
  const page = renderReport({
    title: 'logsift report',
    generatedAt: at.toISOString(),
    source: `the store ${opts.store}${filters.length > 0 ? ` (${filters.join(', ')})` : ''}`,
    overview,
    findings,
  });
  const out = opts.out ?? defaultReportPath(opts.store);
  const tmp = join(dirname(out), `.${process.pid}.report.tmp`);
  writeFileSync(tmp, page);
  renameSync(tmp, out);
  stdout.write(`Report: ${out} (${findings.length} finding${findings.length === 1 ? '' : 's'})\n`);
}
