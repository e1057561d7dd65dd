import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../functions/shared/rfc3339.js';
import { corpusPath } from '../support/corpora.js';
import { cli } from './run-cli.js';

const GOOD_FILE = corpusPath('syslog-go-syslog/README.txt');

describe('--received-time is read as RFC 3339, strictly', () => {
  it.each([
    ['2026-02-30T00:00:00Z', /day 30 does not exist in 2026-02/],
    ['2026-11-26T24:00:00Z', /hour 24 is not 00-23/],
    ['2026-11-26T02:00:00', /followed by Z or ±HH:MM/],
    ['2026-11-26 02:00:00Z', /expected YYYY-MM-DDTHH:MM:SS/],
    ['2026-11-26T02:60:00Z', /minute 60/],
    ['2026-13-01T00:00:00Z', /month 13/],
    ['2026-11-26T02:00:00+24:00', /offset \+24:00/],
    ['2026-11-26T12:59:60Z', /leap second/],
    ['2026-11-15T23:59:60Z', /leap second/],
    ['2026-11-26T02:00:00Z ', /expected/],
  ])('%s is a usage error', async (time, why) => {
    const r = await cli(['parse', '--received-time', time, '-'], '');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^logsift: --received-time is not an RFC 3339 time \(/);
    expect(r.stderr).toMatch(why);
  });

  it('accepts the leap second 23:59:60 UTC and records it as 23:59:59.999', async () => {
    const r = await cli(['parse', '--received-time', '2016-12-31T23:59:60Z', '-'], 'a line\n');
    expect(r.code).toBe(0);
    expect(r.lines[0].received_time).toBe('2016-12-31T23:59:59.999000Z');
    // The same leap second written in another offset (RFC 3339 §5.7 example 1990-12-31T15:59:60-08:00).
    expect((parseRfc3339('1990-12-31T15:59:60-08:00') as Date).toISOString()).toBe('1990-12-31T23:59:59.999Z');
  });

  it('reads offsets, lower-case t/z, fractions and early years exactly', () => {
    const iso = (t: string) => (parseRfc3339(t) as Date).toISOString();
    expect(iso('2026-11-26T03:30:00.123456+01:30')).toBe('2026-11-26T02:00:00.123Z');
    expect(iso('2024-02-29t23:00:00z')).toBe('2024-02-29T23:00:00.000Z');
    expect(iso('0099-01-01T00:00:00-00:00')).toBe('0099-01-01T00:00:00.000Z');
    expect(parseRfc3339('2100-02-29T00:00:00Z')).toMatch(/day 29 does not exist/);
  });
});

describe('inputs are all checked before any output', () => {
  it('a directory after a good file exits 1 with nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-dir-'));
    const r = await cli(['parse', GOOD_FILE, dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`logsift: cannot read ${dir}: EISDIR\n`);
  });

  it('detect checks them the same way', async () => {
    const r = await cli(['detect', GOOD_FILE, tmpdir()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('--config errors', () => {
  it('a missing config file exits 1, like a missing input file', async () => {
    const r = await cli(['parse', '--config', '/nonexistent/logsift.json', '-'], '');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('logsift: cannot read config /nonexistent/logsift.json: ENOENT\n');
  });

  it('a config mistake names its key: an unknown key, a wrong value, a bad zone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsift-config-'));
    const cases: Array<[object, string]> = [
      [{ detectorz: {} }, '/detectorz is not a known key'],
      [{ detectors: { cert: { warn_dayz: 3 } } }, '/detectors/cert/warn_dayz is not a known key'],
      [{ hosts: { a: { timezone: 5 } } }, '/hosts/a/timezone must be string'],
      [{ default_timezone: 'Mars/Base' }, '/default_timezone unknown time zone: Mars/Base'],
      [{ hosts: { web: { timezone: 'Mars/Olympus' } } }, '/hosts/web/timezone unknown time zone: Mars/Olympus'],
    ];
    for (const [config, message] of cases) {
      const file = join(dir, 'c.json');
      writeFileSync(file, JSON.stringify(config));
      const r = await cli(['parse', '--config', file, '-'], '');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`logsift: invalid config: ${message}\n`);
    }
  });

  it('a config that is a directory exits 1 too', async () => {
    const r = await cli(['parse', '--config', tmpdir(), '-'], '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^logsift: cannot read config .*: EISDIR\n$/);
  });
});
