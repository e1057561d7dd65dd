/**
 * Every regular expression in logsift runs on untrusted input, so each one is declared through
 * `rx()`. The registry lets one test (test/regex-safety.test.ts) prove all of them linear-time
 * with recheck, instead of trusting each author to remember.
 */
const registry: RegExp[] = [];

export function rx(re: RegExp): RegExp {
  registry.push(re);
  return re;
}

export function registeredRegexes(): readonly RegExp[] {
  return registry;
}
