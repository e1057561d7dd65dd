import type { LeaderChange } from './changes.js';
import type { ClusterRef } from './change-finding.js';

/** Entries kept before the memo starts over: one per (term, leader, reports) seen lately. */
const MAX_ENTRIES = 4096;

/**
 * Signatures of change findings by what the finding is built from. Every evaluation walks every
 * change the state still holds, and building, serializing and hashing an unchanged finding only
 * to learn it was already emitted was most of a watermark step's cost. In memory only: a miss
 * (new instance, memo cleared) just builds the finding as before.
 */
export class ChangeSignatures {
  private readonly byInput = new Map<string, string>();

  /**
   * Every input of `changeFinding`, unambiguously (JSON of the values): equal keys mean equal
   * findings, so equal signatures.
   */
  key(cluster: ClusterRef, change: LeaderChange, leaderHost: string | null): string {
    const parts: unknown[] = [cluster.key, cluster.label, change.term, change.leader, change.previousLeader, change.transfer, leaderHost];
    for (const r of change.reports) parts.push(r.id, r.t, r.node, r.host);
    return JSON.stringify(parts);
  }

  get(key: string): string | undefined {
    return this.byInput.get(key);
  }

  set(key: string, signature: string): void {
    if (this.byInput.size >= MAX_ENTRIES) this.byInput.clear();
    this.byInput.set(key, signature);
  }
}
