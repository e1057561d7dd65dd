import type { EventSink } from './framed-event.js';
import { JournalExportSplitter, type ExportBlock } from './journal-export-splitter.js';

/** Journal export format: one event per entry block, as cut (and bounded) by JournalExportSplitter. */
export class ExportFramer {
  private readonly splitter: JournalExportSplitter;

  constructor(
    max: number,
    private readonly sink: EventSink,
  ) {
    this.splitter = new JournalExportSplitter(max);
  }

  push(chunk: Buffer): void {
    this.emitAll(this.splitter.push(chunk));
  }

  end(): void {
    this.emitAll(this.splitter.end());
  }

  private emitAll(blocks: ExportBlock[]): void {
    for (const block of blocks) this.sink.emit(block.data, block.error);
  }
}
