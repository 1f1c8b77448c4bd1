/**
 * Reading input files: every file symgrad reads from a user (a network, a document, an answer
 * file) comes through `readInput`. Only a regular file, or `-` for standard input, is read — a
 * device (/dev/zero), a FIFO or a directory is refused by name — and never more than the input
 * limit (64 MB by default, see src/limits.ts). The bytes must be text: UTF-8 without NUL bytes
 * or other control characters (tab, line feed, carriage return and form feed are text), so a
 * binary file is "not a text document" and an escape sequence hidden in a formula is an error at
 * its line, not a silent skip.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SymgradError } from './errors.js';
import { formatSize, howToRaise, limit } from './limits.js';
import { decodeText, refuseControl } from './text.js';

/** The name standard input gets in messages. */
const STDIN_NAME = '<stdin>';

/** How a path is named in messages: standard input as `<stdin>`. */
export const displayName = (path: string): string => (path === '-' ? STDIN_NAME : path);

/** Read up to `max` bytes (plus one, to notice more) from an open descriptor. */
function readBounded(fd: number, max: number, file: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new SymgradError(`cannot read (${code ?? 'error'})`, { file });
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > max) throw new SymgradError(`the input is larger than the limit of ${formatSize(max)}; ${howToRaise('input', total)}`, { file });
  }
  return Buffer.concat(chunks, total);
}

/**
 * The text of a file given by a user, or of standard input for `-`. `what` names the file in
 * messages ('a network file', 'a document'). Control characters are refused at their line.
 */
export function readInput(path: string, what = 'an input file'): string {
  const max = limit('input');
  const shown = displayName(path);
  let fd: number;
  let own = false;
  if (path === '-') {
    fd = 0;
  } else {
    try {
      fd = openSync(path, 'r');
      own = true;
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new SymgradError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? `is a directory, not ${what}` : `cannot read the file (${code ?? 'error'})`, { file: path });
    }
  }
  try {
    if (own) {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new SymgradError(`is a directory, not ${what}`, { file: path });
      if (!st.isFile()) throw new SymgradError(`not a regular file (a device, pipe or socket); give ${what} or '-' for standard input`, { file: path });
      if (st.size > max) throw new SymgradError(`the file is ${formatSize(st.size)}, larger than the limit of ${formatSize(max)}; ${howToRaise('input', st.size)}`, { file: path });
    }
    const text = decodeText(readBounded(fd, max, shown), shown);
    refuseControl(text, shown, what);
    return text;
  } finally {
    if (own) closeSync(fd);
  }
}
