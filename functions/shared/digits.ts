/** The value of the `n` decimal digits of `s` at `at`, or -1 when any of them is not a digit. */
export function digitsAt(s: string, at: number, n: number): number {
  if (at + n > s.length) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(at + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
