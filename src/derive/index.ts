/**
 * Derivation documents: build once (build.ts), render per format and language. `render`
 * returns every file of one document — the main file plus, for Markdown, its SVG figures — as
 * name → text, so the CLI, the gallery generator and the tests all share one path.
 * `writeFiles` writes all through temporary files and renames, so a reader never sees half.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SymgradError } from '../errors.js';
import type { Derivation } from './build.js';
import { toHtml } from './html.js';
import { toMarkdown } from './markdown.js';
import type { Lang } from './messages.js';
import { toTex } from './tex.js';

export { derive, type Derivation, type DeriveOptions, type DerivationData, type View } from './build.js';
export { formulas } from './model.js';
export { LANGS, MESSAGES, type Lang } from './messages.js';

export const FORMATS = ['md', 'tex', 'html', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The files of one document: `base.ext` and, for Markdown, `base.<figure>.svg` — or with
 * `single`, one file with its figures inline (for standard output).
 */
export function render(d: Derivation, format: Format, lang: Lang, base = 'derivation', single = false): Map<string, string> {
  switch (format) {
    case 'md': {
      const md = toMarkdown(d.doc, lang, single ? undefined : base);
      return new Map([[`${base}.md`, md.text], ...md.figures]);
    }
    case 'tex': return new Map([[`${base}.tex`, toTex(d.doc, lang)]]);
    case 'html': return new Map([[`${base}.html`, toHtml(d.doc, lang)]]);
    case 'json': return new Map([[`${base}.json`, `${JSON.stringify(d.data, null, 2)}\n`]]);
  }
}

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
