import { describe, expect, it } from 'vitest';
import { readCorpus } from '../support/corpora.js';
import { decide, systemServiceEntry } from './events.js';

const CAPNSLOG_SEVERITY: Record<string, number> = { C: 2, E: 3, W: 4, N: 5, I: 6, D: 7, T: 7 };
/** etcd raft's DefaultLogger headers (raft/logger.go). */
const RAFT_SEVERITY: Record<string, number> = { DEBUG: 7, INFO: 6, WARN: 4, ERROR: 3, FATAL: 2, PANIC: 0 };
const RAFT_LINE = /^raft\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d ([A-Z]+): /;

describe('real etcd 3.4 capnslog output on stderr (journald stdout transport, PRIORITY 3)', () => {
  for (const node of ['n1', 'n2', 'n3']) {
    it(`${node}.log: every capnslog, raft and flag-warning line gets the level etcd printed`, () => {
      const lines = readCorpus(`etcd-capnslog/${node}.log`).toString('utf8').split('\n').filter((l) => l.length > 0);
      let capnslogLines = 0;
      let raftLines = 0;
      for (const line of lines) {
        const ev = systemServiceEntry('etcd', 'stdout', line, { facility_received: 3, severity_received: 3 });
        const decision = decide(ev);
        const letter = line.split(' ')[2];
        if (line.split(' ')[3] === '|' && letter in CAPNSLOG_SEVERITY) {
          capnslogLines++;
          expect(decision.severity, line).toBe(CAPNSLOG_SEVERITY[letter]);
        } else if (RAFT_LINE.test(line)) {
          raftLines++;
          expect(decision.severity, line).toBe(RAFT_SEVERITY[RAFT_LINE.exec(line)![1]]);
        } else if (line.startsWith('[WARNING]')) {
          expect(decision.severity, line).toBe(4);
        } else {
          expect(decision.severity, line).toBe(3);
        }
        expect(decision.facility).toBe(3);
      }
      expect(capnslogLines).toBeGreaterThan(lines.length / 2);
      expect(raftLines).toBeGreaterThan(10);
    });
  }
});
