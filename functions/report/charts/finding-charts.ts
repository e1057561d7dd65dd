import type { Finding } from '../../detect/types.js';
import type { EvidenceRecord } from '../report-data.js';
import { byHostChart } from './by-host.js';
import { certChart } from './cert.js';
import { etcdCharts } from './etcd.js';
import { oomChart } from './oom.js';
import { compact, type ChartSpec } from './spec.js';

/** The timeline chart(s) of one finding: a specific one for the types that have one, else evidence by host. */
export function findingCharts(f: Finding, evidence: readonly EvidenceRecord[]): ChartSpec[] {
  let charts: ChartSpec[];
  switch (f.type as string) {
    case 'etcd_leader_churn':
    case 'etcd_leader_change':
      charts = etcdCharts(f, evidence);
      break;
    case 'oom_kill':
      charts = [oomChart(f, evidence)];
      break;
    case 'cert_expired':
    case 'cert_expiring':
    case 'cert_not_yet_valid':
      charts = [certChart(f, evidence)];
      break;
    default:
      charts = [byHostChart(f, evidence)];
  }
  return charts.map(compact).filter((c) => c.series.length > 0);
}
