/**
 * Writing a document's files (Node only): every file first to a temporary name, then renamed
 * into place, so a reader never sees half a document.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SymgradError } from '../../errors.js';

/**
 * Write files into `dir` (created if needed): every file first to a temporary name, then each
 * renamed into place, so a failure (no permission, disk full, a file where the folder should
 * be) leaves no half-written document behind and is reported as a SymgradError naming the path.
 */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  const temps: string[] = [];
  const fail = (e: unknown, file: string): never => {
    for (const t of temps) rmSync(t, { force: true });
    throw new SymgradError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    fail(e, dir);
  }
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text);
    } catch (e) {
      fail(e, path);
    }
    temps.push(tmp);
    written.push(path);
  }
  written.forEach((path, i) => {
    try {
      renameSync(temps[i]!, path);
    } catch (e) {
      fail(e, path);
    }
  });
  return written;
}
