/**
 * Reading the user's files on Node — the one place the engine's commands touch the file system
 * for input. `-` is standard input (so `cat net.yaml | symgrad grad -` works); a missing file, a
 * folder or an unreadable path is a one-line SymgradError naming it. Browser code never imports
 * this module (only `*-node.ts` modules and src/cli do).
 */
import { readFileSync } from 'node:fs';
import { SymgradError } from './errors.js';

/** The name standard input gets in messages. */
export const STDIN_NAME = '<stdin>';

/** The text of `path` (UTF-8), or of standard input for `-`. */
export function readTextFile(path: string, folderMessage = 'is a directory'): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? folderMessage : `cannot read ${path === '-' ? 'standard input' : 'the file'} (${code ?? 'error'})`;
    throw new SymgradError(message, { file: path === '-' ? STDIN_NAME : path });
  }
}

/** How a path is named in messages: standard input as `<stdin>`. */
export const displayName = (path: string): string => (path === '-' ? STDIN_NAME : path);
