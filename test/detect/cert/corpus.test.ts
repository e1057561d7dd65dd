import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { recognizeCert } from '../../../functions/detect/cert/recognize.js';
import { parsePlain } from '../../../functions/parse/plain.js';
import { buildRecord } from '../../../functions/pipeline/build-record.js';
import { DEFAULT_CONFIG } from '../../../functions/shared/config.js';
import type { LogRecord } from '../../../functions/shared/record.js';
import { corpusPath, readCorpus, readJsonl } from '../../support/corpora.js';
import { expectWellFormed, run } from './helpers.js';

interface CorpusLine {
  scenario: string;
  tool: string;
  output_line_no: number;
  line: string;
  expected: { is_cert_validity_error: boolean; kind?: string; current_time?: string; relation?: string; bound_time?: string };
  ground_truth: { failing_cert?: { subject: string } };
}

const DIR = 'x509-errors/';
const lines = readJsonl<CorpusLine>(DIR + 'tls_validity_errors.jsonl');
const receivedTime = new Date('2026-11-26T01:26:30Z');

/** A raw output line as the pipeline would see it from a file: plain parse, host client-1, app the tool. */
function record(line: string, identity: string, app: string): LogRecord {
  const data = Buffer.from(line);
  const parsed = parsePlain(data, { receivedTime, timeZoneFor: () => 'UTC' });
  parsed.app = app;
  return buildRecord(parsed, { data, identity, receivedTime }, DEFAULT_CONFIG, { host: 'client-1' });
}

describe('x509-errors corpus: every line', () => {
  it('has positives of both kinds and negatives', () => {
    expect(lines.filter((l) => l.expected.kind === 'expired').length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => l.expected.kind === 'not_yet_valid').length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => !l.expected.is_cert_validity_error).length).toBeGreaterThan(20);
  });

  for (const l of lines) {
    it(`${l.scenario}/${l.tool}#${l.output_line_no}: ${l.expected.is_cert_validity_error ? l.expected.kind : 'not flagged'}`, () => {
      const sig = recognizeCert(l.line);
      if (!l.expected.is_cert_validity_error) {
        expect(sig).toBeNull();
        return;
      }
      expect(sig).not.toBeNull();
      expect(sig!.kind).toBe(l.expected.kind);
      if (l.expected.relation) {
        expect(sig!.relation).toBe(l.expected.relation);
        expect(sig!.currentTimeMs).toBe(Date.parse(l.expected.current_time!));
        expect(sig!.boundMs).toBe(Date.parse(l.expected.bound_time!));
        expect(sig!.kindCertain).toBe(true);
      }
    });
  }
});

describe('x509-errors corpus: scope follows what the wording says', () => {
  const find = (scenario: string, tool: string) => lines.find((l) => l.scenario === scenario && l.tool === tool && l.expected.is_cert_validity_error)!;

  it('openssl verify states the depth: leaf at 0, the expired issuing CA at 1', () => {
    expect(recognizeCert(find('expired', 'openssl_verify').line)).toMatchObject({ depth: 0, scope: 'leaf', source: 'openssl-verify' });
    expect(recognizeCert(find('not_yet_valid', 'openssl_verify').line)).toMatchObject({ depth: 0, scope: 'leaf' });
    expect(recognizeCert(find('expired_ca', 'openssl_verify').line)).toMatchObject({ depth: 1, scope: 'issuer' });
  });

  it('curl and Go print the same words for an expired leaf and an expired CA: scope unknown', () => {
    for (const tool of ['curl', 'go']) {
      const leaf = recognizeCert(find('expired', tool).line)!;
      const ca = recognizeCert(find('expired_ca', tool).line)!;
      expect(leaf.scope).toBe('unknown');
      expect(ca.scope).toBe('unknown');
      expect(ca.depth).toBeNull();
    }
    expect(find('expired', 'curl').line).toBe(find('expired_ca', 'curl').line);
  });

  it('Go names the peer URL when the line states it', () => {
    expect(recognizeCert(find('expired', 'go').line)).toMatchObject({ peer: '127.0.0.1:18441', peerUrl: 'https://127.0.0.1:18441/' });
  });
});

describe('x509-errors corpus: raw tool outputs through the detector', () => {
  const files = readdirSync(corpusPath(DIR + 'raw_outputs')).sort();

  /** Records of one raw output file, in order, one per non-empty line. */
  function recordsOf(file: string): LogRecord[] {
    const tool = file.split('.')[1];
    return readCorpus(DIR + 'raw_outputs/' + file)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l, i) => record(l, `file:${file}:${i}`, tool));
  }

  it('reads every file', () => expect(files.length).toBe(21));

  for (const file of files) {
    const [scenario, tool] = file.split('.');
    const validity = ['expired', 'not_yet_valid', 'expired_ca'].includes(scenario);
    it(`${file}: ${validity ? 'one finding per subject/peer' : 'no finding'}`, async () => {
      const records = recordsOf(file);
      const { findings, emissions } = await run(records);
      expectWellFormed(findings, records, expect);
      if (!validity) {
        expect(findings).toEqual([]);
        return;
      }
      const type = scenario === 'not_yet_valid' ? 'cert_not_yet_valid' : 'cert_expired';
      // Go prints the error twice: once with the request URL (a peer), once without.
      expect(findings).toHaveLength(tool === 'go' ? 2 : 1);
      for (const f of findings) {
        expect(f.type).toBe(type);
        expect(f.host).toBe('client-1');
        expect(f.details.app).toBe(tool);
        expect(emissions.get(f.finding_id)).toBe(1);
      }
      const truth = lines.find((l) => l.scenario === scenario && l.tool === tool && l.expected.is_cert_validity_error)!;
      if (tool === 'openssl_verify') {
        // The subject is on the line before the error: paired by host, app and event time.
        expect(findings[0].details.subject).toBe(truth.ground_truth.failing_cert!.subject);
        expect(findings[0].details.subject_from).toBe('neighbour_line');
        expect(findings[0].details.scope).toBe(scenario === 'expired_ca' ? 'issuer' : 'leaf');
        expect(findings[0].remediation).toMatch(scenario === 'expired_ca' ? /trust bundle/ : scenario === 'expired' ? /renew the leaf/ : /clock/);
      }
      if (tool === 'go') {
        expect(findings.map((f) => f.details.peer)).toContain(`127.0.0.1:${{ expired: 18441, not_yet_valid: 18442, expired_ca: 18443 }[scenario]}`);
        expect(findings[0].details.bound_time).toBe(new Date(truth.expected.bound_time!).toISOString().replace('Z', '000Z'));
        expect(findings[0].time).toBe(new Date(truth.expected.current_time!).toISOString().replace('Z', '000Z'));
      }
      if (tool === 'curl') expect(findings[0].details).toMatchObject({ scope: 'unknown', source: 'curl', cert_role: 'server' });
    });
  }
});
