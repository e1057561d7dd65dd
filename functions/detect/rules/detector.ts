import type { LogRecord } from '../../shared/record.js';
import { formatMicros } from '../../shared/time.js';
import { findingId } from '../finding-id.js';
import type { DetectContext, Detector, Finding, StateStore } from '../types.js';
import { CandidateIndex } from './candidates.js';
import { capturesOf, type Captures, type CompiledRule } from './compile.js';
import { buildFinding, worse } from './finding.js';
import {
  MAX_EVIDENCE,
  MAX_FOLDS_PER_HOME,
  MAX_GROUPS_PER_HOME,
  MAX_HOLD_US,
  MAX_SEEN,
  STATE_PREFIX,
  type GroupState,
  type HomeState,
  type Incident,
  type PendingHit,
} from './state.js';

const NAME = 'rules';
const US = '\u001f';
const NONE: Finding[] = [];
/** Event-time slack for reports a previous instance may have left open (records of a batch are not strictly ordered across hosts). */
const FOLD_CARRY_US = 60e6;

/** What one record is to one rule: a match, a line of an open report, the report's last line, or a recovery line. */
export type HitKind = 'match' | 'continue' | 'until' | 'recover';

interface Loaded {
  value: HomeState;
  version: number | null;
}

export interface RuleHit {
  rule: number;
  kind: HitKind;
  caps: Captures | null;
}

/**
 * The rule engine: one detector hosting every rule in effect (built-in and configured). Per
 * record it checks each rule's select, then its regexes, and hands on only what hit. Matches
 * fold multi-line reports, group, count against a threshold window, open or extend an incident
 * and resolve it by a recovery line or a quiet period; state is in the StateStore like every
 * detector's, so incidents span runs and Lambda batches. docs/detectors/rules.md.
 */
export function createRuleDetector(rules: readonly CompiledRule[]): Detector<RuleHit[]> {
  return new RuleDetector(rules);
}

/**
 * A class, not a closure per instance: every engine (each Lambda batch) makes a detector, and
 * methods on the prototype are one function for all of them, so V8's optimized code for them
 * survives the previous instance being collected instead of being compiled again each batch.
 */
class RuleDetector implements Detector<RuleHit[]> {
  readonly name = NAME;
  private readonly byName: Map<string, CompiledRule>;
  private readonly candidates: CandidateIndex;
  /** Homes this instance wrote; a fresh instance also lists the ones earlier instances left. */
  private readonly touched = new Set<string>();
  private resumed = false;
  /**
   * Reports this instance saw open (rule, host, app → last line µs), so lines that look like a
   * continuation (an indented stack line, say) reach the store only when a report may be open.
   * A report opened before this instance (the previous Lambda batch) is not in the map: lines
   * within FOLD_CARRY_US of the instance's first record are passed on and checked against the state.
   */
  private readonly openReports = new Map<string, number>();
  private firstUs: number | null = null;
  /**
   * The cheap gate before any `continue` regex runs: per host, the record time (text, compared
   * as strings like the engine's watermark) up to which some report may still continue.
   */
  private readonly maxGapUs: number;
  private readonly openUntil = new Map<string, string>();
  private carryUntil = '';

  constructor(private readonly rules: readonly CompiledRule[]) {
    this.byName = new Map(rules.map((r) => [r.name, r]));
    this.candidates = candidateIndexFor(rules);
    this.maxGapUs = Math.max(0, ...rules.map((r) => r.fold?.maxGapUs ?? 0));
  }

  private foldGate(record: LogRecord): boolean {
    const t = record.time;
    if (t === null) return true;
    return t <= this.carryUntil || (this.openUntil.get(record.host ?? '') ?? '') >= t;
  }

  private reportSeen(record: LogRecord, us: number): void {
    this.openUntil.set(record.host ?? '', formatMicros(us + this.maxGapUs));
  }

  private mayContinue(i: number, rule: CompiledRule, record: LogRecord, last: boolean): boolean {
    const key = `${i}${US}${record.host ?? ''}${US}${record.app ?? ''}`;
    const us = micros(record.time ?? record.received_time);
    const open = this.openReports.get(key);
    if (open !== undefined && us - open <= rule.fold!.maxGapUs && us >= open) {
      if (last) this.openReports.delete(key);
      else this.openReports.set(key, us);
      this.reportSeen(record, us);
      return true;
    }
    if (open !== undefined) this.openReports.delete(key);
    return this.firstUs !== null && us <= this.firstUs + rule.fold!.maxGapUs + FOLD_CARRY_US;
  }

  recognize(record: LogRecord): RuleHit[] | null {
    if (this.firstUs === null && record.time !== null) {
      this.firstUs = micros(record.time);
      this.carryUntil = formatMicros(this.firstUs + this.maxGapUs + FOLD_CARRY_US);
    }
    const c = this.candidates.of(record);
    if (c.all.length === 0) return null;
    const msg = record.message;
    let lower: string | null = null;
    if (c.lowerLiterals !== null) lower = msg.toLowerCase();
    // No rule's literal occurs (most lines): only folds and rules without a prefilter can hit.
    const anyLiteral = (c.literals !== null && c.literals.test(msg)) || (lower !== null && c.lowerLiterals!.test(lower));
    const list = anyLiteral ? c.all : c.unfiltered;
    let out: RuleHit[] | null = null;
    let gate: boolean | null = null;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const r = this.rules[i];
      const text = r.ignoreCase ? (lower ??= msg.toLowerCase()) : msg;
      const m = anyLiteral ? (mayMatch(r.matchLiterals, text) ? r.match.exec(msg) : null) : r.matchLiterals === null ? r.match.exec(msg) : null;
      let hit: RuleHit | null = null;
      if (m !== null) {
        hit = { rule: i, kind: 'match', caps: capturesOf(m) };
        if (r.fold !== null) {
          const us = micros(record.time ?? record.received_time);
          this.openReports.set(`${i}${US}${record.host ?? ''}${US}${record.app ?? ''}`, us);
          this.reportSeen(record, us);
        }
      } else if (r.fold !== null && (gate ??= this.foldGate(record))) {
        if (r.fold.until !== null && r.fold.until.test(msg)) {
          if (this.mayContinue(i, r, record, true)) hit = { rule: i, kind: 'until', caps: null };
        } else if (r.fold.continue.test(msg) && this.mayContinue(i, r, record, false)) hit = { rule: i, kind: 'continue', caps: null };
      }
      if (hit === null && m === null && r.recover !== null && (r.recoverLiterals === null || (anyLiteral && mayMatch(r.recoverLiterals, text)))) {
        const rm = r.recover.exec(msg);
        if (rm !== null) hit = { rule: i, kind: 'recover', caps: capturesOf(rm) };
      }
      if (hit !== null) (out ??= []).push(hit);
    }
    return out;
  }

  async onSignal(hits: RuleHit[], record: LogRecord, ctx: DetectContext): Promise<Finding[]> {
    const ts = record.time ?? record.received_time;
    const us = micros(ts);
    let out = NONE;
    for (const hit of hits) {
      const rule = this.rules[hit.rule];
      const found =
        hit.kind === 'match'
          ? await this.onMatch(rule, hit.caps ?? {}, record, ts, us, ctx.store)
          : hit.kind === 'recover'
            ? await this.onRecover(rule, hit.caps ?? {}, record, ts, us, ctx.store)
            : await this.onFolded(rule, hit.kind === 'until', record, us, ctx.store);
      if (found.length > 0) out = [...out, ...found];
    }
    return out;
  }

  private async onMatch(rule: CompiledRule, caps: Captures, record: LogRecord, ts: string, us: number, store: StateStore): Promise<Finding[]> {
    const out: Finding[] = [];
    const homeKey = homeOf(rule, record);
    const home = await this.load(store, homeKey);
    const groupKey = rule.name + US + groupValues(rule, record, caps);
    let group = home.value.groups[groupKey];
    if (group === undefined) {
      out.push(...this.makeRoom(home.value));
      group = home.value.groups[groupKey] = {
        rule: rule.name,
        host: rule.groupBy.includes('host') ? record.host : null,
        cluster: record.cluster,
        pending: [],
        inc: null,
        seen: [],
      };
    }
    if (group.seen.includes(record.event_id)) return out;
    remember(group, record.event_id);
    group.cluster ??= record.cluster;

    const inc = group.inc;
    if (inc !== null && inc.status === 'open' && extends_(rule, inc, us)) {
      inc.count++;
      inc.settled = worse(inc.settled, rule.severityOf(inc.latestCaps));
      inc.latestId = record.event_id;
      inc.latestCaps = { ...caps };
      fill(inc.caps, caps);
      addEvidence(inc, record.event_id);
      stretch(inc, ts, us);
      inc.dirty = true;
    } else {
      if (inc !== null) {
        // The group's incident is over (resolved, or past merge_seconds): its last version goes out now.
        if (inc.dirty) out.push(buildFinding(rule, group, inc));
        group.inc = null;
      }
      group.pending = group.pending.filter((p) => p.us >= us - rule.windowUs && p.us <= us + rule.windowUs);
      group.pending.push({ id: record.event_id, us, ts, caps: { ...caps }, extra: [] });
      group.pending.sort((a, b) => a.us - b.us || (a.id < b.id ? -1 : 1));
      if (group.pending.length >= rule.count) {
        group.inc = openIncident(rule, groupKey, group.pending);
        group.pending = [];
      }
    }
    if (rule.fold !== null) await this.openFold(rule, record, homeKey, home, groupKey, us, store);
    await this.save(store, homeKey, home);
    return out;
  }

  private async onRecover(rule: CompiledRule, caps: Captures, record: LogRecord, ts: string, us: number, store: StateStore): Promise<Finding[]> {
    const homeKey = homeOf(rule, record);
    const home = await this.load(store, homeKey);
    const group = home.value.groups[rule.name + US + groupValues(rule, record, caps)];
    const inc = group?.inc;
    if (group === undefined || inc == null || inc.status !== 'open' || us < inc.firstUs || group.seen.includes(record.event_id)) return NONE;
    remember(group, record.event_id);
    inc.status = 'resolved';
    inc.endUs = us;
    inc.end = ts;
    inc.resolvedBy = 'recovery_line';
    addEvidence(inc, record.event_id);
    inc.dirty = true;
    group.pending = [];
    await this.save(store, homeKey, home);
    return NONE;
  }

  /** A line that may continue an open report of this rule on the record's host and app. */
  private async onFolded(rule: CompiledRule, last: boolean, record: LogRecord, us: number, store: StateStore): Promise<Finding[]> {
    const fold = rule.fold;
    if (fold === null) return NONE;
    const hostKey = hostHome(record.host);
    const hostState: Loaded | null = await store.get<HomeState>(hostKey);
    const foldKey = rule.name + US + (record.app ?? '');
    const open = hostState?.value.folds[foldKey];
    if (hostState === null || open === undefined) return NONE;
    if (us - open.lastUs > fold.maxGapUs || us < open.lastUs || open.lines >= fold.maxLines) return NONE;
    const caps = foldCaptures(rule, record.message);
    open.lines++;
    open.lastUs = us;
    if (last) delete hostState.value.folds[foldKey];
    const home: Loaded = open.home === hostKey ? hostState : await this.load(store, open.home);
    const group = home.value.groups[open.group];
    const ts = record.time ?? record.received_time;
    if (group?.inc != null && group.inc.latestId === open.openId) {
      const inc = group.inc;
      fill(inc.caps, caps);
      fill(inc.latestCaps, caps);
      addEvidence(inc, record.event_id);
      stretch(inc, ts, us);
      inc.dirty = true;
    } else {
      const hit = group?.pending.find((p) => p.id === open.openId);
      if (hit !== undefined) {
        fill(hit.caps, caps);
        if (hit.extra.length < MAX_EVIDENCE) hit.extra.push(record.event_id);
      }
    }
    await this.save(store, hostKey, hostState);
    if (home !== hostState) await this.save(store, open.home, home);
    return NONE;
  }

  private async openFold(rule: CompiledRule, record: LogRecord, homeKey: string, home: Loaded, groupKey: string, us: number, store: StateStore): Promise<void> {
    const hostKey = hostHome(record.host);
    // When the group lives in the host's own item, the caller saves it (the fold goes in the same object).
    const host = hostKey === homeKey ? null : await this.load(store, hostKey);
    const folds = (host ?? home).value.folds;
    const foldKey = rule.name + US + (record.app ?? '');
    folds[foldKey] = { rule: rule.name, home: homeKey, group: groupKey, openId: record.event_id, lines: 1, lastUs: us };
    const keys = Object.keys(folds);
    if (keys.length > MAX_FOLDS_PER_HOME) {
      const oldest = keys.reduce((a, b) => (folds[a].lastUs <= folds[b].lastUs ? a : b));
      delete folds[oldest];
    }
    if (host !== null) await this.save(store, hostKey, host);
  }

  /** Quiet periods, finished reports and windows the watermark has passed; emits what changed. */
  private async close(homeKey: string, store: StateStore, watermarkUs: number, end: boolean): Promise<Finding[]> {
    const got = await store.get<HomeState>(homeKey);
    if (got === null) {
      this.touched.delete(homeKey);
      return NONE;
    }
    const state = got.value;
    const out: Finding[] = [];
    let changed = false;
    for (const [key, group] of Object.entries(state.groups)) {
      const rule = this.byName.get(group.rule);
      if (rule === undefined) {
        // A rule removed from the config since: its state is dropped.
        delete state.groups[key];
        changed = true;
        continue;
      }
      const inc = group.inc;
      if (inc !== null) {
        if (!end && inc.status === 'open' && rule.quietUs !== null && watermarkUs >= inc.lastUs + rule.quietUs) {
          inc.status = 'resolved';
          inc.endUs = inc.lastUs + rule.quietUs;
          inc.end = formatMicros(inc.endUs);
          inc.resolvedBy = 'quiet';
          inc.dirty = true;
        }
        const complete = inc.status === 'resolved' || watermarkUs >= inc.lastUs + (rule.fold?.maxGapUs ?? 0);
        if (inc.dirty && complete) {
          out.push(buildFinding(rule, group, inc));
          if (!end) inc.dirty = false;
          changed = true;
        }
        if (!end && !inc.dirty && finished(rule, inc, watermarkUs)) {
          group.inc = null;
          changed = true;
        }
      }
      if (end) continue;
      const before = group.pending.length;
      group.pending = group.pending.filter((p) => p.us >= watermarkUs - rule.windowUs);
      if (group.pending.length !== before) changed = true;
      if (group.inc === null && group.pending.length === 0) {
        delete state.groups[key];
        changed = true;
      }
    }
    if (!end) {
      for (const [key, fold] of Object.entries(state.folds)) {
        const rule = this.byName.get(fold.rule);
        if (rule?.fold == null || watermarkUs > fold.lastUs + rule.fold.maxGapUs) {
          delete state.folds[key];
          changed = true;
        }
      }
    }
    // End of input changes nothing stored: a later run (same state) still sees the incidents open.
    if (end || !changed) return out;
    if (Object.keys(state.groups).length === 0 && Object.keys(state.folds).length === 0) {
      await store.delete(homeKey);
      this.touched.delete(homeKey);
    } else await store.put(homeKey, state, got.version);
    return out;
  }

  private async closeAll(keys: Iterable<string>, store: StateStore, watermarkUs: number, end: boolean): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const key of [...keys].sort()) out.push(...(await this.close(key, store, watermarkUs, end)));
    return out;
  }

  private async load(store: StateStore, key: string): Promise<Loaded> {
    const got = await store.get<HomeState>(key);
    return got !== null ? { value: got.value, version: got.version } : { value: { groups: {}, folds: {} }, version: null };
  }

  /**
   * The engine hands detectors a BatchStore (one read and one conditional write per key per
   * batch, retried whole on a conflict), so a put refused here is a bug, not a race.
   */
  private async save(store: StateStore, key: string, home: Loaded): Promise<void> {
    if (!(await store.put(key, home.value, home.version))) throw new Error(`${NAME}: state ${key} changed during one record`);
    home.version = (home.version ?? 0) + 1;
    this.touched.add(key);
  }

  /** Keeps a home within MAX_GROUPS_PER_HOME: the group seen longest ago goes, its unsent version emitted first. */
  private makeRoom(home: HomeState): Finding[] {
    const keys = Object.keys(home.groups);
    if (keys.length < MAX_GROUPS_PER_HOME) return NONE;
    const lastOf = (g: GroupState): number => g.inc?.lastUs ?? g.pending[g.pending.length - 1]?.us ?? 0;
    const oldest = keys.reduce((a, b) => (lastOf(home.groups[a]) <= lastOf(home.groups[b]) ? a : b));
    const group = home.groups[oldest];
    const rule = this.byName.get(group.rule);
    delete home.groups[oldest];
    return rule !== undefined && group.inc?.dirty === true ? [buildFinding(rule, group, group.inc)] : NONE;
  }

  async onWatermark(ctx: DetectContext): Promise<Finding[]> {
    if (!this.resumed) {
      this.resumed = true;
      for (const key of await ctx.store.keys(STATE_PREFIX)) this.touched.add(key);
    }
    return this.touched.size === 0 ? NONE : this.closeAll(this.touched, ctx.store, ctx.watermarkMs * 1000, false);
  }

  async flush(ctx: DetectContext): Promise<Finding[]> {
    const keys = new Set([...this.touched, ...(await ctx.store.keys(STATE_PREFIX))]);
    return this.closeAll(keys, ctx.store, Number.POSITIVE_INFINITY, true);
  }
}

/**
 * One candidate index per rule set (compiledRules caches the set per config), shared by every
 * detector made from it: it only caches which rules a kind of record can concern, and a shared
 * one keeps its objects' hidden classes alive, so V8's code for `of` is not dropped and compiled
 * again each time a Lambda batch's detector is collected ("weak objects").
 */
const indexes = new WeakMap<readonly CompiledRule[], CandidateIndex>();

function candidateIndexFor(rules: readonly CompiledRule[]): CandidateIndex {
  let index = indexes.get(rules);
  if (index === undefined) {
    index = new CandidateIndex(rules);
    indexes.set(rules, index);
  }
  return index;
}

/** The prefilter: does the text hold one of the literals every match contains? (null: no prefilter) */
function mayMatch(literals: string[] | null, text: string): boolean {
  if (literals === null) return true;
  for (let i = 0; i < literals.length; i++) if (text.includes(literals[i])) return true;
  return false;
}

/** An open incident takes this match: any time while a recovery or quiet period can still end it, else within merge_seconds. */
function extends_(rule: CompiledRule, inc: Incident, us: number): boolean {
  if (rule.recover !== null || rule.quietUs !== null) return us >= inc.firstUs - rule.mergeUs;
  return us <= inc.lastUs + rule.mergeUs && us >= inc.firstUs - rule.mergeUs;
}

/** Emitted and nothing more can extend it: the state can forget it. */
function finished(rule: CompiledRule, inc: Incident, watermarkUs: number): boolean {
  if (inc.status === 'resolved') return true;
  if (rule.quietUs !== null) return false;
  if (rule.recover !== null) return watermarkUs > inc.lastUs + MAX_HOLD_US;
  return watermarkUs > inc.lastUs + rule.mergeUs;
}

function openIncident(rule: CompiledRule, groupKey: string, hits: PendingHit[]): Incident {
  const first = hits[0];
  const last = hits[hits.length - 1];
  const inc: Incident = {
    id: findingId('rule', rule.spec.type, groupKey, first.ts),
    firstUs: first.us,
    first: first.ts,
    lastUs: last.us,
    last: last.ts,
    count: hits.length,
    evidence: [],
    caps: {},
    latestId: last.id,
    latestCaps: { ...last.caps },
    settled: null,
    status: 'open',
    endUs: null,
    end: null,
    resolvedBy: null,
    dirty: true,
  };
  for (const h of hits) {
    fill(inc.caps, h.caps);
    addEvidence(inc, h.id);
    for (const e of h.extra) addEvidence(inc, e);
    if (h !== last) inc.settled = worse(inc.settled, rule.severityOf(h.caps));
  }
  return inc;
}

function homeOf(rule: CompiledRule, record: LogRecord): string {
  if (rule.groupBy.includes('host') || !rule.groupBy.includes('cluster')) {
    return rule.groupBy.includes('host') ? hostHome(record.host) : `${STATE_PREFIX}-`;
  }
  return `${STATE_PREFIX}c/${encodeURIComponent(record.cluster ?? '')}`;
}

function hostHome(host: string | null): string {
  return `${STATE_PREFIX}h/${encodeURIComponent(host ?? '')}`;
}

function groupValues(rule: CompiledRule, record: LogRecord, caps: Captures): string {
  let key = '';
  for (const g of rule.groupBy) {
    const v =
      g === 'host' ? record.host : g === 'cluster' ? record.cluster : g === 'app' ? record.app : g === 'unit' ? record.unit : (caps[g.slice(8)] ?? null);
    key += (v ?? '') + US;
  }
  return key;
}

function foldCaptures(rule: CompiledRule, message: string): Captures {
  const caps: Captures = {};
  for (const re of rule.fold?.capture ?? []) {
    const m = re.exec(message);
    if (m !== null) fill(caps, capturesOf(m));
  }
  return caps;
}

/** Sets the captures not yet set: the first value of each name wins. */
function fill(into: Captures, from: Captures): void {
  for (const k in from) if (!(k in into)) into[k] = from[k];
}

function addEvidence(inc: Incident, id: string): void {
  if (inc.evidence.length < MAX_EVIDENCE && !inc.evidence.includes(id)) inc.evidence.push(id);
}

function stretch(inc: Incident, ts: string, us: number): void {
  if (us > inc.lastUs) {
    inc.lastUs = us;
    inc.last = ts;
  }
  if (us < inc.firstUs) {
    inc.firstUs = us;
    inc.first = ts;
  }
}

function remember(group: GroupState, id: string): void {
  group.seen.push(id);
  if (group.seen.length > MAX_SEEN) group.seen.splice(0, group.seen.length - MAX_SEEN);
}

/** Record times are `YYYY-MM-DDTHH:MM:SS.ffffffZ`; µs since the epoch, exact. */
function micros(ts: string): number {
  return Date.parse(ts.slice(0, 19) + 'Z') * 1000 + Number(ts.slice(20, 26));
}
