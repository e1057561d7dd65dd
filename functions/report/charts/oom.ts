import type { Finding } from '../../detect/types.js';
import type { EvidenceRecord } from '../report-data.js';
import { clip, colorAt, seconds, type ChartSeries, type ChartSpec } from './spec.js';

/** Memory figures the kernel prints for a kill (kill-facts.ts names), with labels a person reads. */
export const OOM_MEMORY_FIGURES: Array<[string, string]> = [
  ['anon_rss_kb', 'anon-rss'],
  ['total_vm_kb', 'total-vm'],
  ['memcg_usage_kb', 'memcg usage'],
  ['memcg_limit_kb', 'memcg limit'],
];

/** `2,079,116 kB (1.98 GiB)`. */
export function kb(n: number): string {
  return `${n.toLocaleString('en-US')} kB (${(n / 1048576).toFixed(2)} GiB)`;
}

/**
 * OOM kills: the kernel's lines and the other reporters' (containerd, kubelet, systemd) on one
 * lane each, the kill itself marked with the memory figures the kernel printed.
 */
export function oomChart(f: Finding, evidence: readonly EvidenceRecord[]): ChartSpec {
  const d = f.details;
  const memory = OOM_MEMORY_FIGURES.filter(([k]) => typeof d[k] === 'number').map(([k, label]) => `${label} ${kb(d[k] as number)}`);
  const lanes = [...new Set(evidence.map((r) => `${r.host ?? '(no host)'} · ${r.app ?? '(no app)'}`))].sort();
  const kill: ChartSeries = { label: 'kill', color: colorAt(1), points: [] };
  const lines: ChartSeries = { label: 'reported line', color: colorAt(0), points: [] };
  for (const r of evidence) {
    const t = seconds(r.time);
    if (Number.isNaN(t)) continue;
    const lane = lanes.indexOf(`${r.host ?? '(no host)'} · ${r.app ?? '(no app)'}`);
    const isKill = r.app === 'kernel' && (r.message.includes('Killed process') || r.message.startsWith('oom-kill:'));
    if (isKill) kill.points.push([t, lane, `${clip(r.message, 120)}${memory.length > 0 ? ` — ${memory.join(', ')}` : ''}`]);
    else lines.points.push([t, lane, clip(r.message)]);
  }
  const victim = d.victim_comm !== null && d.victim_comm !== undefined ? `${String(d.victim_comm)} (pid ${String(d.victim_pid)})` : 'a process';
  return {
    title: 'The kill and its reporters',
    alt: `OOM kill of ${victim} on ${f.host ?? 'an unknown host'}; ${memory.length > 0 ? memory.join(', ') : 'no memory figures printed'}. One row per reporting app.`,
    y: { kind: 'lanes', lanes },
    // The kill last, so it is drawn on top of the lines logged in the same millisecond.
    series: [lines, kill],
  };
}
