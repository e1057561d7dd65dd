import { recognizeEtcd } from '../../detect/etcd/recognize.js';
import type { PrecursorKind } from '../../detect/etcd/signal.js';
import type { Finding } from '../../detect/types.js';
import type { EvidenceRecord } from '../report-data.js';
import { clip, colorAt, seconds, type ChartSeries, type ChartSpec } from './spec.js';

const KIND_LABEL: Record<PrecursorKind, string> = {
  heartbeat_late: 'late heartbeat',
  slow_fdatasync: 'slow fdatasync',
  slow_apply: 'slow apply',
  slow_read_index: 'slow ReadIndex',
  journald_flush: 'journald flush',
  journald_restart: 'journald restart',
  journald_rotate: 'journald rotate',
  journald_vacuum: 'journald vacuum',
  disk_latency: 'kernel disk stall',
};

const LEADER_LANE = 'leader (term)';

/**
 * etcd findings: each evidence line read again by the detector's own rule, so the chart shows
 * what the detector saw. Top lane: the leader by term (first report of each term); one lane per
 * host below it: raft lines and the precursors (etcd's slow disk and heartbeat warnings,
 * journald flush/rotate/vacuum, kernel stalls). A second chart plots the stall durations the
 * lines state, per host, on the same time axis.
 */
export function etcdCharts(f: Finding, evidence: readonly EvidenceRecord[]): ChartSpec[] {
  const memberHosts = memberHostsOf(f);
  const hosts = [...new Set(evidence.map((r) => r.host ?? '(no host)'))].sort();
  const lanes = [LEADER_LANE, ...hosts];
  const series = new Map<string, ChartSeries>();
  const add = (label: string, point: [number, number, string]) => {
    let s = series.get(label);
    if (s === undefined) series.set(label, (s = { label, color: colorAt(series.size), points: [] }));
    s.points.push(point);
  };
  const durations = new Map<string, ChartSeries>();
  const seenTerms = new Set<number>();
  for (const r of evidence) {
    const t = seconds(r.time);
    if (Number.isNaN(t)) continue;
    const lane = lanes.indexOf(r.host ?? '(no host)');
    const sig = recognizeEtcd(r.message, r.app);
    if (sig === null) {
      add('other line', [t, lane, clip(r.message)]);
    } else if (sig.type === 'leadership') {
      const newLeader = sig.kind === 'elected' || sig.kind === 'changed' || sig.kind === 'became_leader';
      if (newLeader && sig.term !== null && sig.leader !== null && !seenTerms.has(sig.term)) {
        seenTerms.add(sig.term);
        const host = memberHosts.get(sig.leader);
        add('new leader', [t, 0, `term ${sig.term}: leader ${sig.leader}${host ? ` (${host})` : ''}, reported by ${r.host ?? 'unknown host'}`]);
      } else {
        add('raft line', [t, lane, `${sig.kind.replaceAll('_', ' ')}${sig.term !== null ? ` at term ${sig.term}` : ''}`]);
      }
    } else {
      const label = KIND_LABEL[sig.kind];
      const ms = sig.durationMs;
      add(label, [t, lane, ms === undefined ? label : `${label}: ${formatMs(ms)}`]);
      if (ms !== undefined) {
        const key = `${r.host ?? '(no host)'} ${label}`;
        let s = durations.get(key);
        if (s === undefined) durations.set(key, (s = { label: key, color: colorAt(durations.size), points: [], line: false }));
        s.points.push([t, Math.round(ms), `${key}: ${formatMs(ms)}`]);
      }
    }
  }
  const changes = f.type === 'etcd_leader_churn' ? `${f.details.changes} leader changes` : 'a leader change';
  const charts: ChartSpec[] = [
    {
      title: 'Leader by term, and what each host logged',
      alt: `Timeline of ${changes} in cluster ${f.cluster ?? 'unknown'}: the top row marks each new leader by term; the rows below are the hosts, with their etcd and journald warnings.`,
      y: { kind: 'lanes', lanes },
      series: [...series.values()],
    },
  ];
  if (durations.size > 0) {
    charts.push({
      title: 'Stall durations the lines state (ms)',
      alt: 'Durations of slow fdatasync, slow apply and late heartbeats as the etcd lines state them, per host, on the same time axis.',
      y: { kind: 'value', label: 'ms' },
      series: [...durations.values()],
    });
  }
  return charts;
}

/** Member id -> host, from what the finding's details name. */
function memberHostsOf(f: Finding): Map<string, string> {
  const out = new Map<string, string>();
  const d = f.details;
  if (typeof d.leader === 'string' && typeof d.leader_host === 'string') out.set(d.leader, d.leader_host);
  if (Array.isArray(d.reporters) && Array.isArray(d.reporter_hosts)) {
    d.reporters.forEach((m, i) => {
      const h = (d.reporter_hosts as unknown[])[i];
      if (typeof m === 'string' && typeof h === 'string') out.set(m, h);
    });
  }
  const lost = Array.isArray(d.lost_leaders) ? d.lost_leaders : [];
  for (const l of lost as Array<{ member?: unknown; host?: unknown }>) {
    if (typeof l.member === 'string' && typeof l.host === 'string') out.set(l.member, l.host);
  }
  return out;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
