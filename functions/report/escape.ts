import { rx } from '../shared/safe-regex.js';

/**
 * Everything the report shows comes from log data: host names, app names, messages, certificate
 * subjects. It goes into the page only through these two functions, so no byte of it is ever
 * read as markup or script.
 */

/** Lone surrogates (from bad input that reached a string) become U+FFFD, as they will when written as UTF-8. */
export function wellFormed(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a quoted attribute value; C0 controls other than tab and newline show as `\xNN`. */
export function html(value: unknown): string {
  const text = wellFormed(value === null || value === undefined ? '' : String(value));
  let out = '';
  for (const ch of text) {
    const esc = HTML_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else {
      const code = ch.charCodeAt(0);
      // C0 controls (but tab, newline) and DEL are not allowed in HTML text; show them as \xNN.
      out += (code < 0x20 && ch !== '\t' && ch !== '\n') || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
    }
  }
  return out;
}

const SCRIPT_UNSAFE = rx(/[<>&\u2028\u2029]/g);

/**
 * A value as JSON inside `<script type="application/json">`: `<`, `>`, `&` and the two line
 * separators are written as \u escapes, so no `</script>` or `<!--` can end or change the element.
 */
export function jsonInScript(value: unknown): string {
  // JSON.stringify writes a lone surrogate as a \uD800 escape; the replacer makes it U+FFFD first.
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v));
  return text.replace(SCRIPT_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
