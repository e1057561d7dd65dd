import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentIdentities } from '../../functions/pipeline/content-identity.js';
import { cli } from '../cli/run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'logsift-identity-'));
const RT = ['--received-time', '2026-11-26T02:00:00Z'];

describe('event ids of lines without a source cursor', () => {
  const a = '<14>1 2026-11-26T01:00:00Z h app - - - one';
  const b = '<14>1 2026-11-26T01:00:01Z h app - - - two';

  it('do not depend on the path or line number: the same line elsewhere has the same id', async () => {
    const first = join(scratch, 'first.log');
    const second = join(scratch, 'second.log');
    writeFileSync(first, `${a}\n${b}\n`);
    writeFileSync(second, `${b}\n`);
    const ids = (await cli(['parse', ...RT, first])).lines.map((l) => l.event_id);
    expect((await cli(['parse', ...RT, second])).lines.map((l) => l.event_id)).toEqual([ids[1]]);
    expect((await cli(['parse', ...RT, '-'], `${a}\n${b}\n`)).lines.map((l) => l.event_id)).toEqual(ids);
  });

  it('tell identical lines of one input apart by occurrence, the same way in every input', async () => {
    const once = (await cli(['parse', ...RT, '-'], `${a}\n`)).lines.map((l) => l.event_id);
    const thrice = (await cli(['parse', ...RT, '-'], `${a}\n${b}\n${a}\n${a}\n`)).lines.map((l) => l.event_id);
    expect(new Set(thrice).size).toBe(4);
    expect(thrice[0]).toBe(once[0]);
  });

  it('depend on the host: the same plain line from two hosts (--host) is two events', async () => {
    const line = 'disk full\n';
    const [x] = (await cli(['parse', ...RT, '--host', 'x', '-'], line)).lines;
    const [y] = (await cli(['parse', ...RT, '--host', 'y', '-'], line)).lines;
    expect(x.event_id).not.toBe(y.event_id);
  });

  it('do not depend on the receive time for lines that state their time', async () => {
    const [r1] = (await cli(['parse', '--received-time', '2026-11-26T02:00:00Z', '-'], `${a}\n`)).lines;
    const [r2] = (await cli(['parse', '--received-time', '2026-12-24T02:00:00Z', '-'], `${a}\n`)).lines;
    expect(r1.event_id).toBe(r2.event_id);
  });

  it('keep journald cursors as the identity', async () => {
    const entry = JSON.stringify({ __CURSOR: 's=1;i=2', __REALTIME_TIMESTAMP: '1764119000000000', _BOOT_ID: 'b0', MESSAGE: 'x' });
    const [one] = (await cli(['parse', '-'], `${entry}\n`)).lines;
    const [two] = (await cli(['parse', '-'], `${entry}\n${entry}\n`)).lines;
    expect(one.event_id).toBe(two.event_id);
  });

  it('count occurrences among the last REMEMBERED_EVENTS distinct events or more, keeping frequent ones', () => {
    const ids = new ContentIdentities(2);
    const line = (s: string): Buffer => Buffer.from(s);
    expect(ids.identityOf('h', null, line('ping'))).toMatch(/:0$/);
    expect(ids.identityOf('h', null, line('a'))).toMatch(/:0$/);
    expect(ids.identityOf('h', null, line('ping'))).toMatch(/:1$/); // seen again: kept
    expect(ids.identityOf('h', null, line('b'))).toMatch(/:0$/);
    expect(ids.identityOf('h', null, line('a'))).toMatch(/:0$/); // 'a' is forgotten, not 'ping'
    expect(ids.identityOf('h', null, line('ping'))).toMatch(/:2$/);
  });
});
