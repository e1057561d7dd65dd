import type { Kill } from './group.js';
import type { Observation } from './observation.js';

/** What `close` needs to know of a host's state to tell when closing it can next do anything. */
export interface QuietInput {
  maxUs: number;
  obs: readonly Observation[];
  emitted: ReadonlyArray<{ endUs: number }>;
}

/**
 * The watermark (µs) below which closing this state again, with no new line on the host, emits
 * and prunes nothing: the next kill to fall due, or the prune horizon (see `close`) passing the
 * oldest line or emitted kill. Early rather than late: a close run too early returns nothing.
 */
export function quietUntilUs(state: QuietInput, kills: readonly Kill[], watermarkUs: number, windowUs: number, latenessUs: number): number {
  let until = Number.POSITIVE_INFINITY;
  for (const k of kills) {
    const due = k.endUs + windowUs;
    if (due > watermarkUs && due < until) until = due;
  }
  let oldest = Number.POSITIVE_INFINITY;
  for (const o of state.obs) if (o.t < oldest) oldest = o.t;
  for (const e of state.emitted) if (e.endUs < oldest) oldest = e.endUs;
  // The horizon is min(watermark, maxUs - lateness) - window - lateness: only the watermark can move it here.
  const passAt = oldest + windowUs + latenessUs;
  if (state.maxUs - latenessUs > passAt && passAt < until) until = passAt;
  return until;
}
