/**
 * The only two ways text enters generated source besides our own fixed templates: numbers and
 * comments. Numbers print with full precision (String(v) is the shortest decimal that reads back
 * to the same float64), negative values and −0 in brackets so that `-${a}` stays valid, and NaN
 * and ±Infinity by name. Comment text is escaped so that it can never close a comment or a line.
 */

export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${String(v)})` : String(v);
}

/** Make text safe inside a `//` or `/* … *\/` comment: no line breaks, no comment terminator. */
export function commentText(s: string): string {
  return s
    .replace(/[\r\n\u2028\u2029]/g, ' ')
    .replace(/\*\//g, '* /')
    .replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?');
}
