import { LEVEL_WORDS } from '../shared/syslog-codes.js';

/**
 * Finds the level a message states about itself (klog, capnslog, JSON, logfmt, sd-daemon
 * prefix, Python logging, `[LEVEL]`, Go `log` lines with a level). Every form is anchored at the start of the message or is
 * a top-level key, so level words in running text are not read. Runs on every record: one
 * dispatch on the first character, hand-written scans, no regex, at most LEVEL_SCAN_LIMIT chars.
 */

/** Levels are prefixes or early keys; nothing past this is looked at. */
export const LEVEL_SCAN_LIMIT = 256;

export const LEVEL_FORMS = [
  'sd_daemon_prefix',
  'json_level',
  'bracket_level',
  'capnslog',
  'klog',
  'python_logging',
  'logfmt_level',
  'go_log_level',
] as const;
export type LevelForm = (typeof LEVEL_FORMS)[number];

export interface MessageLevel {
  readonly severity: number;
  readonly form: LevelForm;
  /** Reason code for `corrections` when this level is used. */
  readonly reason: string;
}

// One frozen result per (form, severity): the hot path allocates nothing.
const RESULTS: readonly (readonly MessageLevel[])[] = LEVEL_FORMS.map((form) =>
  Array.from({ length: 8 }, (_, severity) => Object.freeze({ severity, form, reason: `severity_from_${form}` })),
);
const SD = 0, JSON_LEVEL = 1, BRACKET = 2, CAPNSLOG = 3, KLOG = 4, PYTHON = 5, LOGFMT = 6, GO_LOG = 7; // indexes into LEVEL_FORMS

const result = (formIndex: number, severity: number): MessageLevel | null =>
  severity < 0 ? null : RESULTS[formIndex][severity];

// A Map, so that words like `constructor` never hit Object.prototype.
const WORDS = new Map<string, number>(Object.entries(LEVEL_WORDS));
const LONGEST_WORD = Math.max(...[...WORDS.keys()].map((w) => w.length));
/** Python logging's level names (levelname), upper-case as it prints them. */
const PYTHON_NAMES = new Map<string, number>([['CRITICAL', 2], ['ERROR', 3], ['WARNING', 4], ['INFO', 6], ['DEBUG', 7]]);
/** pino/bunyan numeric levels. */
const NUMERIC_LEVELS = new Map<number, number>([[10, 7], [20, 7], [30, 6], [40, 4], [50, 3], [60, 2]]);

const SPACE = 32, TAB = 9, QUOTE = 34, BACKSLASH = 92, COLON = 58, EQUALS = 61, COMMA = 44, DOT = 46;
const LT = 60, GT = 62, LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93, PIPE = 124;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isLetter = (c: number): boolean => isUpper(c) || isLower(c);
const isBlank = (c: number): boolean => c === SPACE || c === TAB;

function wordSeverity(s: string, start: number, end: number): number {
  if (end <= start || end - start > LONGEST_WORD) return -1;
  return WORDS.get(s.slice(start, end).toLowerCase()) ?? -1;
}

/** The level a message states in one of the known forms, or null. */
export function findMessageLevel(message: string): MessageLevel | null {
  const end = Math.min(message.length, LEVEL_SCAN_LIMIT);
  let i = 0;
  while (i < end && isBlank(message.charCodeAt(i))) i++;
  if (i >= end) return null;
  const c = message.charCodeAt(i);
  if (c === LT) return result(SD, sdDaemonPrefix(message, i, end));
  if (c === LBRACE) return result(JSON_LEVEL, jsonLevel(message, i, end));
  if (c === LBRACKET) return result(BRACKET, bracketLevel(message, i, end));
  if (isDigit(c)) return capnslogOrGoLog(message, i, end);
  if (isUpper(c)) {
    const klogLevel = klog(message, i, end);
    if (klogLevel >= 0) return result(KLOG, klogLevel);
    const pythonLevel = pythonLogging(message, i, end);
    if (pythonLevel >= 0) return result(PYTHON, pythonLevel);
  }
  if (isLetter(c)) {
    const goLevel = goLogWithPrefix(message, i, end);
    if (goLevel >= 0) return result(GO_LOG, goLevel);
  }
  if (isLetter(c) || c === 95) return result(LOGFMT, logfmtLevel(message, i, end));
  return null;
}

function capnslogOrGoLog(s: string, i: number, end: number): MessageLevel | null {
  const capnslogLevel = capnslog(s, i, end);
  if (capnslogLevel >= 0) return result(CAPNSLOG, capnslogLevel);
  return result(GO_LOG, goLog(s, i, end));
}

/** sd-daemon.h `<N>` (N 0..7), as journald's stream reader would have stripped it. */
function sdDaemonPrefix(s: string, i: number, end: number): number {
  if (i + 2 >= end || s.charCodeAt(i + 2) !== GT) return -1;
  const d = s.charCodeAt(i + 1) - 48;
  return d >= 0 && d <= 7 ? d : -1;
}

/** `[WARNING] ...`, `[error] ...`: a bracketed level word opening the message. */
function bracketLevel(s: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end && isLetter(s.charCodeAt(j))) j++;
  if (j >= end || s.charCodeAt(j) !== RBRACKET) return -1;
  return wordSeverity(s, i + 1, j);
}

/** True when s matches `pattern` at i, where `d` in the pattern is any digit. */
function matchesShape(s: string, i: number, end: number, pattern: string): boolean {
  if (i + pattern.length > end) return false;
  for (let k = 0; k < pattern.length; k++) {
    const c = s.charCodeAt(i + k);
    const p = pattern.charCodeAt(k);
    if (p === 100 /* d */ ? !isDigit(c) : c !== p) return false;
  }
  return true;
}

/** Index past `.ddd…` (at most 9 digits) at i, or i when there is no fraction. */
function skipFraction(s: string, i: number, end: number): number {
  if (i >= end || s.charCodeAt(i) !== DOT) return i;
  let j = i + 1;
  const digitsEnd = Math.min(end, j + 9);
  while (j < digitsEnd && isDigit(s.charCodeAt(j))) j++;
  return j;
}

const CAPNSLOG_LEVELS: Readonly<Record<string, number>> = { C: 2, E: 3, W: 4, N: 5, I: 6, D: 7, T: 7 };
const CAPNSLOG_TIME = 'dddd-dd-dd dd:dd:dd';

/** capnslog's PrettyFormatter: `2018-12-18 18:38:55.202466 W | pkg: msg`. */
function capnslog(s: string, i: number, end: number): number {
  if (!matchesShape(s, i, end, CAPNSLOG_TIME)) return -1;
  const j = skipFraction(s, i + CAPNSLOG_TIME.length, end);
  if (j + 4 > end || s.charCodeAt(j) !== SPACE || s.charCodeAt(j + 2) !== SPACE || s.charCodeAt(j + 3) !== PIPE) return -1;
  if (j + 4 < end && s.charCodeAt(j + 4) !== SPACE) return -1;
  return CAPNSLOG_LEVELS[s[j + 1]] ?? -1;
}

const GO_LOG_TIME = 'dddd/dd/dd dd:dd:dd';
/** Longest Go log prefix written flush against the date (etcd's raft logger uses `raft`). */
const MAX_GO_LOG_PREFIX = 16;

/**
 * Go's standard `log` package (LstdFlags, optional microseconds) followed by a level:
 * `2026/11/26 01:22:48 INFO: ...` (etcd raft's logger, which also prefixes `raft` flush against
 * the date) or `2026/11/26 01:22:48 [ERR] ...` (hashicorp logutils).
 */
function goLog(s: string, i: number, end: number): number {
  if (!matchesShape(s, i, end, GO_LOG_TIME)) return -1;
  let j = skipFraction(s, i + GO_LOG_TIME.length, end);
  if (j >= end || s.charCodeAt(j) !== SPACE) return -1;
  j++;
  if (j < end && s.charCodeAt(j) === LBRACKET) return bracketLevel(s, j, end);
  const wordStart = j;
  while (j < end && isUpper(s.charCodeAt(j))) j++;
  if (j >= end || s.charCodeAt(j) !== COLON) return -1;
  return wordSeverity(s, wordStart, j);
}

function goLogWithPrefix(s: string, i: number, end: number): number {
  let j = i;
  const prefixEnd = Math.min(end, i + MAX_GO_LOG_PREFIX + 1);
  while (j < prefixEnd && isLetter(s.charCodeAt(j))) j++;
  if (j >= prefixEnd || !isDigit(s.charCodeAt(j))) return -1;
  return goLog(s, j, end);
}

const KLOG_LEVELS: Readonly<Record<string, number>> = { I: 6, W: 4, E: 3, F: 2 };

/** klog/glog header: `E0527 12:00:00.123456 ...` (level letter, MMDD, space, time). */
function klog(s: string, i: number, end: number): number {
  const level = KLOG_LEVELS[s[i]];
  if (level === undefined || !matchesShape(s, i + 1, end, 'dddd dd:dd:dd')) return -1;
  return level;
}

/** Python logging's default format `LEVEL:logger:msg`, or a bare `ERROR: msg`. */
function pythonLogging(s: string, i: number, end: number): number {
  let j = i;
  const wordEnd = Math.min(end, i + 9);
  while (j < wordEnd && isUpper(s.charCodeAt(j))) j++;
  if (j >= end || s.charCodeAt(j) !== COLON) return -1;
  return PYTHON_NAMES.get(s.slice(i, j)) ?? -1;
}

const isLevelKey = (s: string, start: number, end: number): boolean =>
  (end - start === 5 && s.startsWith('level', start)) || (end - start === 3 && s.startsWith('lvl', start));

/** Index just past the closing quote of the JSON/logfmt string opening at i, or -1. */
function endOfQuoted(s: string, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}

/** The level value at i (a quoted or bare word, or a pino number); reads past the scan window by at most one word. */
function levelValue(s: string, i: number): number {
  const end = Math.min(s.length, i + LONGEST_WORD + 2);
  if (i >= end) return -1;
  if (s.charCodeAt(i) === QUOTE) {
    const close = endOfQuoted(s, i, end);
    return close < 0 ? -1 : wordSeverity(s, i + 1, close - 1);
  }
  let j = i;
  while (j < end && isLetter(s.charCodeAt(j))) j++;
  if (j > i) return j === s.length || !isWordChar(s.charCodeAt(j)) ? wordSeverity(s, i, j) : -1;
  let n = 0;
  while (j < end && j - i < 3 && isDigit(s.charCodeAt(j))) n = n * 10 + s.charCodeAt(j++) - 48;
  if (j === i || (j < s.length && isWordChar(s.charCodeAt(j)))) return -1;
  return NUMERIC_LEVELS.get(n) ?? -1;
}

const isWordChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95 || c === 43 || c === 45;

const skipBlank = (s: string, i: number, end: number): number => {
  while (i < end && (isBlank(s.charCodeAt(i)) || s.charCodeAt(i) === 10 || s.charCodeAt(i) === 13)) i++;
  return i;
};

/** zap/logrus/pino JSON: the top-level `"level"` (or `"lvl"`) key of an object opening the message. */
function jsonLevel(s: string, i: number, end: number): number {
  i++;
  for (;;) {
    i = skipBlank(s, i, end);
    if (i >= end || s.charCodeAt(i) !== QUOTE) return -1;
    const keyStart = i + 1;
    i = endOfQuoted(s, i, end);
    if (i < 0) return -1;
    const keyEnd = i - 1;
    i = skipBlank(s, i, end);
    if (i >= end || s.charCodeAt(i) !== COLON) return -1;
    i = skipBlank(s, i + 1, end);
    if (isLevelKey(s, keyStart, keyEnd)) return levelValue(s, i);
    i = skipJsonValue(s, i, end);
    if (i < 0) return -1;
    i = skipBlank(s, i, end);
    if (i >= end || s.charCodeAt(i) !== COMMA) return -1;
    i++;
  }
}

/** Index past the JSON value at i (nested objects/arrays skipped by depth), or -1. */
function skipJsonValue(s: string, i: number, end: number): number {
  if (i >= end) return -1;
  const c = s.charCodeAt(i);
  if (c === QUOTE) return endOfQuoted(s, i, end);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const d = s.charCodeAt(j);
      if (d === QUOTE) {
        j = endOfQuoted(s, j, end) - 1;
        if (j < 0) return -1;
      } else if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (d === COMMA || d === RBRACE || d === RBRACKET || isBlank(d)) break;
    j++;
  }
  return j;
}

const isKeyChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95 || c === DOT || c === 45;

/**
 * logfmt (`time=... level=error msg="..."`), also log15's `lvl=`. The message must be logfmt
 * from its first token on: `key=value` pairs separated by blanks, values bare or quoted.
 */
function logfmtLevel(s: string, i: number, end: number): number {
  for (;;) {
    const keyStart = i;
    while (i < end && isKeyChar(s.charCodeAt(i))) i++;
    if (i === keyStart || i >= end || s.charCodeAt(i) !== EQUALS) return -1;
    const keyEnd = i++;
    if (isLevelKey(s, keyStart, keyEnd)) return levelValue(s, i);
    if (i < end && s.charCodeAt(i) === QUOTE) {
      i = endOfQuoted(s, i, end);
      if (i < 0) return -1;
    } else {
      while (i < end && !isBlank(s.charCodeAt(i))) i++;
    }
    if (i >= end || !isBlank(s.charCodeAt(i))) return -1;
    i = skipBlank(s, i, end);
  }
}
