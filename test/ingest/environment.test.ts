import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_S3_MAX_ATTEMPTS, ENV, readEnvironment } from '../../functions/ingest/environment.js';
import { ALERT_TABLE_KEYS, STATE_TABLE_KEYS } from '../../functions/ingest/tables.js';

const OK = {
  LOGSIFT_TABLES_BUCKET: 'tables',
  LOGSIFT_STATE_TABLE: 'state',
  LOGSIFT_ALERT_TABLE: 'alerts',
  LOGSIFT_ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:alerts',
};

describe('readEnvironment (cold start)', () => {
  it('reads the resources and defaults the rest', () => {
    const env = readEnvironment(OK);
    expect(env).toMatchObject({ tablesBucket: 'tables', stateTable: 'state', alertTable: 'alerts', s3MaxAttempts: DEFAULT_S3_MAX_ATTEMPTS });
    expect(env.config.detectors.etcd.churn_min_changes).toBe(4);
  });

  it('takes the config as JSON, validated against the schema', () => {
    const env = readEnvironment({ ...OK, LOGSIFT_CONFIG: JSON.stringify({ hosts: { cp1: { cluster: 'prod' } } }) });
    expect(env.config.hosts.cp1.cluster).toBe('prod');
  });

  it('fails with one message naming every problem', () => {
    const run = () => readEnvironment({ LOGSIFT_TABLES_BUCKET: 'tables', LOGSIFT_CONFIG: '{"hosts": 3}', LOGSIFT_S3_MAX_ATTEMPTS: '0' });
    expect(run).toThrow(/^logsift ingest cannot start: /);
    expect(run).toThrow(/LOGSIFT_STATE_TABLE is not set; LOGSIFT_ALERT_TABLE is not set; LOGSIFT_ALERT_TOPIC_ARN is not set/);
    expect(run).toThrow(/LOGSIFT_S3_MAX_ATTEMPTS must be an integer from 1 to 20/);
    expect(run).toThrow(/invalid config: \/hosts must be object/);
    expect(() => readEnvironment({ ...OK, LOGSIFT_CONFIG: '{not json' })).toThrow(/LOGSIFT_CONFIG is not JSON/);
  });

  it('is documented in docs/runtime.md, variable by variable and key by key', () => {
    const doc = readFileSync(new URL('../../docs/runtime.md', import.meta.url), 'utf8');
    for (const name of Object.values(ENV)) expect(doc).toContain(`\`${name}\``);
    for (const attr of [...Object.values(STATE_TABLE_KEYS), ...Object.values(ALERT_TABLE_KEYS)]) expect(doc).toContain(`\`${attr}\``);
    for (const metric of ['RecordsIn', 'EventsOut', 'ParseErrors', 'Quarantined', 'BytesIn', 'Corrections', 'Findings', 'AlertsSent', 'AlertsSuppressed', 'IteratorAgeMs']) {
      expect(doc).toContain(`\`${metric}\``);
    }
  });
});
