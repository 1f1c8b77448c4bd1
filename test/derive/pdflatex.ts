/**
 * pdflatex for the document checks: where the binary is (undefined when it is not installed)
 * and `compileTex`, one nonstop, halt-on-error run without shell escape in a scratch folder,
 * asynchronous so several files compile side by side. A single run suffices: the documents
 * have no cross-references to resolve.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const PDFLATEX = which('pdflatex');

export interface TexReport {
  /** The `!` lines of pdflatex's output: its error messages. */
  readonly errors: string[];
  readonly status: number;
  readonly pdf: boolean;
}

/** Compile `dir/name` (a .tex file) in `dir`. */
export async function compileTex(dir: string, name: string): Promise<TexReport> {
  const r = await run(PDFLATEX!, ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', name], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
    .then((o) => ({ stdout: o.stdout, status: 0 }), (e: { stdout?: string; code?: unknown }) => ({ stdout: e.stdout ?? '', status: typeof e.code === 'number' ? e.code : 1 }));
  return {
    errors: r.stdout.split('\n').filter((l) => l.startsWith('!')),
    status: r.status,
    pdf: existsSync(join(dir, name.replace(/\.tex$/, '.pdf'))),
  };
}
