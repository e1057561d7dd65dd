type Frame = { array: unknown[]; next: number } | { object: Record<string, unknown>; keys: string[]; next: number };

/**
 * JSON text of a JSON.parse'd value, the same text JSON.stringify gives, at any nesting depth.
 * JSON.parse takes any depth, but JSON.stringify recurses and overflows the stack near 5,000
 * levels, so it is tried first and this loop (an explicit stack) takes over when it throws.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  return jsonTextWithoutRecursion(value);
}

/** JSON.stringify's text for a JSON value, with an explicit stack instead of recursion. */
export function jsonTextWithoutRecursion(value: unknown): string {
  let out = '';
  const stack: Frame[] = [];
  let v = value;
  for (;;) {
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ array: v, next: 0 });
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      stack.push({ object: v as Record<string, unknown>, keys: Object.keys(v), next: 0 });
    } else {
      out += JSON.stringify(v) ?? 'null';
    }
    // Climb to the next value still to write, closing what is finished on the way.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return out;
      if ('array' in top) {
        if (top.next < top.array.length) {
          if (top.next > 0) out += ',';
          v = top.array[top.next++];
          break;
        }
        out += ']';
      } else {
        if (top.next < top.keys.length) {
          const key = top.keys[top.next++];
          out += (top.next > 1 ? ',' : '') + JSON.stringify(key) + ':';
          v = top.object[key];
          break;
        }
        out += '}';
      }
      stack.pop();
    }
  }
}
