/**
 * Strict base64 (RFC 4648 §4, padded, as Kinesis delivers record data). Buffer.from silently
 * skips characters outside the alphabet and stops at a misplaced `=`, so either shows up as
 * fewer decoded bytes than the length promises: checking the length validates in native code.
 * (Node also takes the URL-safe `-` and `_`; accepting them is harmless.)
 */
export function decodeBase64Strict(text: string): Buffer | null {
  const len = text.length;
  if (len % 4 !== 0) return null;
  let padding = 0;
  if (len > 0 && text.charCodeAt(len - 1) === 0x3d) padding = text.charCodeAt(len - 2) === 0x3d ? 2 : 1;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === (len / 4) * 3 - padding ? bytes : null;
}
