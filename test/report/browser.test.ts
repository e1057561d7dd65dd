/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The functions passed to page.evaluate run in the browser, hence the DOM types.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../bin/cli/report.js';
import { parseOptions } from '../../bin/cli/options.js';
import { cli } from '../cli/run-cli.js';

/** Debian's chromium, which .ci/run installs; no browser is downloaded. */
const CHROMIUM = process.env.LOGSIFT_CHROMIUM ?? '/usr/bin/chromium';
const SAMPLES = readdirSync('samples').filter((f) => f.endsWith('.log') || f.endsWith('.journal.json')).sort().map((f) => `samples/${f}`);
/**
 * A place of this run's own (two suites at once must not share it) and a fixed clock; the page
 * names the store's path, so the screenshots in docs/ differ in that line from run to run.
 */
let BASE = '';
const NOW = () => new Date('2026-11-26T03:00:00Z');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** A kill whose victim, host and message carry markup, quotes and a byte that is not UTF-8. */
const HOSTILE_LOG = Buffer.concat([
  Buffer.from(
    `<3>1 2026-11-26T02:00:00.100Z w<script>1 kernel - - - Memory cgroup out of memory: Killed process 4242 (<script>window.pwned=1</script>"q') total-vm:5128464kB, anon-rss:2079116kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4616kB oom_score_adj:0 `,
  ),
  Buffer.from([0xff, 0xfe]),
  Buffer.from(`\n<4>1 2026-11-26T02:00:00.200Z w<script>1 "app'x - - - <img src=x onerror="window.pwned=2"> bad bytes `),
  Buffer.from([0xff]),
  Buffer.from('\n'),
]);

async function writeReport(store: string, inputs: string[], extra: string[] = []): Promise<string> {
  const run = await cli(['run', '--store', store, '--received-time', '2026-11-26T03:00:00Z', ...extra, ...inputs]);
  expect(run.code, run.stderr).toBe(0);
  const out = join(store, 'report.html');
  await runReport(parseOptions(['report', '--store', store, '--out', out]), new PassThrough(), NOW);
  return out;
}

interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
}

async function open(browser: Browser, file: string, size: { width: number; height: number }): Promise<Visit> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.setViewport(size);
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  // Charts draw on load; a frame later they have pixels.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { page, errors, requests };
}

describe('the samples report in headless Chromium', () => {
  let browser: Browser;
  let samplesReport: string;
  let hostileReport: string;
  let findingIds: string[];
  let churnId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set LOGSIFT_CHROMIUM`);
    BASE = mkdtempSync(join(tmpdir(), 'logsift-report-browser-'));
    samplesReport = await writeReport(join(BASE, 'logsift-data'), SAMPLES, ['--config', 'samples/logsift.config.json']);
    const findings = (await cli(['findings', '--store', join(BASE, 'logsift-data'), '--json'])).lines;
    findingIds = findings.map((f) => f.finding_id);
    churnId = findings.find((f) => f.type === 'etcd_leader_churn').finding_id;
    const hostileDir = mkdtempSync(join(BASE, 'hostile-'));
    writeFileSync(join(hostileDir, 'hostile.log'), HOSTILE_LOG);
    hostileReport = await writeReport(join(hostileDir, 'store'), [join(hostileDir, 'hostile.log')]);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(BASE, 'profile-'))}`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (BASE !== '') rmSync(BASE, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    it(`at ${size.width}x${size.height}: every finding has its section and a drawn chart, no error, no request, no horizontal scroll`, async () => {
      const { page, errors, requests } = await open(browser, samplesReport, size);
      expect(findingIds.length).toBe(8);
      for (const id of findingIds) {
        const drawn = await page.evaluate((id) => {
          const section = document.getElementById(id);
          if (section === null) return null;
          return [...section.querySelectorAll('figure[data-chart]')].map((fig) => {
            const canvas = fig.querySelector('canvas');
            if (canvas === null) return { points: fig.getAttribute('data-drawn'), inked: 0 };
            const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) inked++;
            return { points: fig.getAttribute('data-drawn'), inked };
          });
        }, id);
        expect(drawn, `section ${id}`).not.toBeNull();
        expect(drawn!.length, `charts of ${id}`).toBeGreaterThan(0);
        for (const c of drawn!) {
          expect(Number(c.points), `points drawn in ${id}`).toBeGreaterThan(0);
          expect(c.inked, `pixels drawn in ${id}`).toBeGreaterThan(100);
        }
      }
      // The overview's two charts as well.
      expect(await page.$$eval('#overview figure[data-drawn]', (f) => f.length)).toBe(2);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: `docs/report-${size.width}x${size.height}.png` });
      if (size.width === 1280) {
        // The churn with its disk and journald precursors, for the README.
        await (await page.$(`section[id="${churnId}"]`))!.screenshot({ path: 'docs/report-churn.png' });
      }
      await page.close();
    });
  }

  it('shows the churn on one time axis with the leader by term and the disk and journald precursors per host', async () => {
    const { page } = await open(browser, samplesReport, SIZES[0]);
    const rows = await page.$eval(`section[id="${churnId}"] figure`, (fig) =>
      [...fig.querySelectorAll('details tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    const series = new Set(rows.map((r) => `${r[1]}: ${r[2]}`));
    expect(series).toEqual(
      new Set(['leader (term): new leader', 'cp-1: slow fdatasync', 'cp-1: slow apply', 'cp-1: late heartbeat', 'cp-3: late heartbeat', 'cp-1: journald flush', 'cp-1: journald rotate', 'cp-1: journald vacuum']),
    );
    expect(rows.filter((r) => r[2] === 'new leader').map((r) => r[3]!.slice(0, 7))).toEqual(['term 8:', 'term 9:', 'term 10', 'term 11']);
    await page.close();
  });

  it('renders markup, quotes and invalid UTF-8 from the logs as text, never as markup', async () => {
    const { page, errors } = await open(browser, hostileReport, SIZES[1]);
    const seen = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned,
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      text: document.body.innerText,
    }));
    expect(seen.pwned).toBeUndefined();
    expect(seen.images).toBe(0);
    // uPlot, the page's script, and the JSON of the two overview charts and the OOM chart.
    expect(seen.scripts).toBe(5);
    expect(seen.text).toContain('OOM kill on w<script>1: process 4242 (<script>window.pwned=1</script>"q\')');
    expect(seen.text).toContain('\\xff\\xfe');
    expect(errors).toEqual([]);
    await page.close();
  });
});
