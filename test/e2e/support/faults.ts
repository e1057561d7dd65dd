import type { IngestRuntime } from '../../../functions/ingest/runtime.js';

export type FaultKind =
  /** A table object's PutObject fails on every attempt (503, retried by the SDK) after one object went through. */
  | 's3-write-fails-mid-batch'
  /** The process dies at the first state write: objects written, state not committed. */
  | 'crash-before-state-commit'
  /** The process dies at the first alert claim: state committed, nothing paged yet. */
  | 'crash-before-alerts'
  /** SNS rejects the first publish (after the claim). */
  | 'sns-publish-fails';

/**
 * Faults injected as SDK middleware into the handler's own clients, so the real handler, its
 * retries and its error paths run. `arm` before an invocation; `crashed()` tells the poller the
 * invocation must count as a dead process (a function error) rather than as what it returned.
 */
export class Faults {
  private armed: FaultKind | null = null;
  private tablePutsThisInvocation = 0;
  private died = false;
  /** Attempts the SDK made at the failing S3 write (bounded retries). */
  failedS3Attempts = 0;
  readonly fired: FaultKind[] = [];

  constructor(private readonly tables: { state: string; alerts: string }) {}

  arm(kind: FaultKind | null): void {
    this.armed = kind;
    this.tablePutsThisInvocation = 0;
    this.died = false;
  }

  crashed(): boolean {
    const d = this.died;
    this.died = false;
    return d;
  }

  install(rt: IngestRuntime): void {
    // After the SDK's retry middleware: every attempt passes here, so a 503 is retried with backoff.
    rt.s3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: string };
        if (this.armed === 's3-write-fails-mid-batch' && (args.input as object) && input.Key && !input.Key.startsWith('_outbox/')) {
          if (this.tablePutsThisInvocation >= 1) {
            if (this.failedS3Attempts++ === 0) this.fired.push('s3-write-fails-mid-batch');
            throw Object.assign(new Error('injected: S3 unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });
          }
          this.tablePutsThisInvocation++;
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'e2eS3Fault' },
    );
    rt.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string };
        const put = context.commandName === 'PutItemCommand';
        if (put && this.armed === 'crash-before-state-commit' && input.TableName === this.tables.state) this.die('crash-before-state-commit');
        if (put && this.armed === 'crash-before-alerts' && input.TableName === this.tables.alerts) this.die('crash-before-alerts');
        return next(args);
      },
      { step: 'initialize', name: 'e2eDynamoFault' },
    );
    rt.sns.middlewareStack.add(
      (next) => async (args) => {
        if (this.armed === 'sns-publish-fails') {
          this.armed = null;
          this.fired.push('sns-publish-fails');
          throw Object.assign(new Error('injected: SNS rejected the publish'), { name: 'InvalidParameter', $fault: 'client', $metadata: { httpStatusCode: 400 } });
        }
        return next(args);
      },
      { step: 'initialize', name: 'e2eSnsFault' },
    );
  }

  private die(kind: FaultKind): never {
    this.armed = null;
    this.died = true;
    this.fired.push(kind);
    throw new Error(`injected: process died (${kind})`);
  }
}
