import type { Writable } from 'node:stream';
import { NdjsonWriter } from './io.js';
import { fitCell, renderTable, type Align } from './table.js';

/** A query result cell after conversion to JSON values (see query/values.ts). */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

/** Where query rows go, a batch at a time, so a large result streams (except into a table). */
export interface ResultWriter {
  rows(batch: readonly Cell[][]): Promise<void>;
  end(): Promise<void>;
}

export type OutputFormat = 'table' | 'json' | 'csv';

/** `width` is for the table: a terminal's columns, or Infinity to cut nothing. */
export function resultWriter(format: OutputFormat, out: Writable, columns: readonly string[], width = Infinity): ResultWriter {
  if (format === 'json') return new JsonRows(out, columns);
  if (format === 'csv') return new CsvRows(out, columns);
  return new TableRows(out, columns, width);
}

/** NDJSON, one object per row keyed by column name. */
class JsonRows implements ResultWriter {
  private readonly out: NdjsonWriter<readonly Cell[]>;

  constructor(stream: Writable, columns: readonly string[]) {
    this.out = new NdjsonWriter<readonly Cell[]>(stream, (row) => {
      const obj: Record<string, Cell> = {};
      columns.forEach((c, i) => (obj[c] = row[i]));
      return JSON.stringify(obj);
    });
  }

  rows(batch: readonly Cell[][]): Promise<void> {
    return this.out.write(batch);
  }

  async end(): Promise<void> {}
}

/** RFC 4180 CSV with a header line; null is an empty field, objects and arrays are JSON text. */
class CsvRows implements ResultWriter {
  private readonly out: NdjsonWriter<readonly Cell[]>;
  private headerWritten = false;

  constructor(
    stream: Writable,
    private readonly columns: readonly string[],
  ) {
    this.out = new NdjsonWriter<readonly Cell[]>(stream, (row) => row.map((c) => csvField(c === null ? '' : cellText(c))).join(','));
  }

  async rows(batch: readonly Cell[][]): Promise<void> {
    await this.writeHeader();
    await this.out.write(batch);
  }

  end(): Promise<void> {
    return this.writeHeader(); // an empty result still names its columns
  }

  private async writeHeader(): Promise<void> {
    if (this.headerWritten) return;
    this.headerWritten = true;
    await this.out.write([this.columns as Cell[]]);
  }
}

/** Quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0a || c === 0x0d) return '"' + text.replaceAll('"', '""') + '"';
  }
  return text;
}

/**
 * An aligned table. It needs every row for its widths, so it keeps the first TABLE_ROWS and
 * counts the rest; --json and --csv stream any number.
 */
export const TABLE_ROWS = 1000;

class TableRows implements ResultWriter {
  private readonly kept: string[][] = [];
  private numeric: boolean[];
  private more = 0;

  constructor(
    private readonly out: Writable,
    private readonly columns: readonly string[],
    private readonly width: number,
  ) {
    this.numeric = columns.map(() => true);
  }

  async rows(batch: readonly Cell[][]): Promise<void> {
    for (const row of batch) {
      if (this.kept.length >= TABLE_ROWS) {
        this.more++;
        continue;
      }
      row.forEach((c, i) => {
        if (c !== null && typeof c !== 'number') this.numeric[i] = false;
      });
      this.kept.push(row.map((c) => (c === null ? 'NULL' : fitCell(cellText(c), 200))));
    }
  }

  async end(): Promise<void> {
    const align: Align[] = this.numeric.map((n) => (n && this.kept.length > 0 ? 'right' : 'left'));
    let text = renderTable(this.columns, this.kept, { width: this.width, align });
    const shown = this.kept.length;
    text += `(${shown + this.more} row${shown + this.more === 1 ? '' : 's'}`;
    text += this.more > 0 ? `; the first ${shown} shown, use --json or --csv for all)\n` : ')\n';
    await new Promise<void>((resolve, reject) => this.out.write(text, (err) => (err ? reject(err) : resolve())));
  }
}

/** A cell as text: strings as they are, objects and arrays as JSON. */
function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}
