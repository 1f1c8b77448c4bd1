/**
 * Text input is text: the control characters refused in documents, formulas and network strings,
 * their code points for messages, and UTF-8 decoding that refuses binary input. Pure functions
 * (no file system), so the browser bundle shares them; src/input-node.ts reads files with them.
 */
import { SymgradError } from './errors.js';

/** A control character that is not ordinary text layout (C0 except \t \n \f \r, DEL, C1). */
export const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;

/** The code point of a character as `U+001B`. */
export const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Line and column (1-based) of an offset. */
function placeOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Refuse a control character in text, at its line and column. */
export function refuseControl(text: string, file: string | undefined, what = 'a text document'): void {
  const m = CONTROL.exec(text);
  if (!m) return;
  const ch = m[0];
  throw new SymgradError(`control character ${codePoint(ch)} is not allowed in ${what}`, { file, ...placeOf(text, m.index) });
}

/** Bytes → text, refusing what is not UTF-8 text. */
export function decodeText(bytes: Uint8Array, file: string | undefined): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SymgradError('not a text document (the bytes are not UTF-8 text)', { file });
  }
  if (text.includes('\u0000')) throw new SymgradError('not a text document (it contains NUL bytes)', { file });
  return text;
}

