import type { LogRecord } from '../shared/record.js';
import type { DetectContext, Detector, Finding } from './types.js';

/** One record through one detector: its rule, then its aggregator when the rule matched. */
export async function feedRecord<S>(detector: Detector<S>, record: LogRecord, ctx: DetectContext): Promise<Finding[]> {
  const signal = detector.recognize(record);
  return signal === null ? [] : detector.onSignal(signal, record, ctx);
}
