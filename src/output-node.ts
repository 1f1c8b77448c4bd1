/**
 * Writing results to disk (Node only; terminal text is escaped by `escapeControl` in errors.ts).
 * `writeAll` writes the several files of one result all or none: they are staged in a temporary folder
 * beside the destination (same filesystem, so a rename is atomic), and moved into place only
 * once every one is written; a failure part way restores what was there and removes the rest.
 */
import { lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SymgradError } from './errors.js';

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Write `files` (name → text) into `dir`, all or none. Returns the written paths in order.
 * Throws a SymgradError naming the file that could not be written; nothing new is left behind.
 */
export function writeAll(dir: string, files: ReadonlyMap<string, string>): string[] {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new SymgradError(`cannot write: ${errorCode(e)}`, { file: dir });
  }
  try {
    return writeInto(dir, files);
  } catch (e) {
    // Folders this call created go too.
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    throw e;
  }
}

function writeInto(dir: string, files: ReadonlyMap<string, string>): string[] {
  // A destination that is a folder cannot be replaced by a file: refuse before writing anything.
  for (const name of files.keys()) {
    const path = join(dir, name);
    let isDir = false;
    try {
      isDir = lstatSync(path).isDirectory();
    } catch {
      // absent: fine
    }
    if (isDir) throw new SymgradError('cannot write: a folder is in the way (nothing was written)', { file: path });
  }
  let stage: string;
  try {
    stage = mkdtempSync(join(dir, '.symgrad-'));
  } catch (e) {
    throw new SymgradError(`cannot write: ${errorCode(e)}`, { file: dir });
  }
  const moved: Array<{ path: string; backup?: string }> = [];
  try {
    let k = 0;
    for (const [name, text] of files) {
      try {
        writeFileSync(join(stage, `new-${k++}`), text);
      } catch (e) {
        throw new SymgradError(`cannot write: ${errorCode(e)} (nothing was written)`, { file: join(dir, name) });
      }
    }
    k = 0;
    for (const name of files.keys()) {
      const path = join(dir, name);
      const backup = join(stage, `old-${k}`);
      let hadOld = true;
      try {
        renameSync(path, backup);
      } catch {
        hadOld = false;
      }
      moved.push(hadOld ? { path, backup } : { path });
      try {
        renameSync(join(stage, `new-${k++}`), path);
      } catch (e) {
        throw new SymgradError(`cannot write: ${errorCode(e)} (nothing was written)`, { file: path });
      }
    }
    return moved.map((m) => m.path);
  } catch (e) {
    // Undo in reverse: put back what was there, remove what was new.
    for (const m of moved.reverse()) {
      try {
        if (m.backup) renameSync(m.backup, m.path);
        else rmSync(m.path, { force: true });
      } catch {
        // best effort
      }
    }
    throw e;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
