import { describe, expect, it } from 'vitest';
import { parseShipOptions, SHIP_USAGE } from '../../bin/cli/ship.js';
import { SHIP_DEFAULTS } from '../../functions/ship/ship-options.js';
import { cli } from './run-cli.js';

describe('logsift ship: options', () => {
  it('--help documents every option the parser accepts', async () => {
    const r = await cli(['ship', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(SHIP_USAGE + '\n');
    for (const opt of ['--stream', '--region', '--endpoint', '--cursor-file', '--source-command', '--once', '--gzip', '--no-gzip', '--record-bytes', '--flush-ms', '--max-buffered-bytes', '--max-in-flight', '--progress-interval', '--help']) {
      expect(SHIP_USAGE).toContain(opt);
    }
    expect(() => parseShipOptions(['--stream', 's', '--no-such-option'])).toThrow(/Unknown option/);
  });

  it('defaults, and the cursor file under systemd StateDirectory', () => {
    const o = parseShipOptions(['--stream', 'logs/prod'], { STATE_DIRECTORY: '/var/lib/logsift' });
    expect(o.settings).toEqual({ ...SHIP_DEFAULTS, stream: 'logs/prod' });
    expect(o.cursorFile).toBe('/var/lib/logsift/ship-logs_prod.cursor');
    expect(o.stdin).toBe(false);
    expect(parseShipOptions(['--stream', 's', '--no-gzip', '-'], {}).settings.gzip).toBe(false);
    expect(parseShipOptions(['--stream', 's', '-'], {}).stdin).toBe(true);
  });

  it.each([
    [['ship'], /--stream/],
    [['ship', '--stream', 's', 'file.log'], /stdin/],
    [['ship', '--stream', 's', '--record-bytes', '2000000'], /--record-bytes/],
    [['ship', '--stream', 's', '--flush-ms', 'soon'], /--flush-ms/],
    [['ship', '--stream', 's', '--gzip', '--no-gzip'], /exclude/],
    [['ship', '--stream', 's', '--source-command', 'x', '-'], /exclude/],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
