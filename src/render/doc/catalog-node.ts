/**
 * The gallery's list, `derivations/gallery.json`: which folders it holds and how each is
 * derived (languages, steps, view, decimals), read and checked on its own — with no
 * derivation code behind it — so tools that only need the list (the browser and pdflatex
 * checks) load nothing else. gallery.ts generates the documents it lists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SymgradError } from '../../errors.js';
import { LANGS, type Lang } from './messages.js';

/** Mirrors build.ts's View (kept here so this module imports no derivation code). */
export type GalleryView = 'scalar' | 'matrix';

export interface GalleryEntry {
  readonly dir: string;
  readonly langs?: readonly Lang[];
  readonly steps?: number;
  readonly view?: GalleryView;
  readonly decimals?: number;
}

export interface Gallery {
  /** The date every gallery document carries in its front matter. */
  readonly date: string;
  readonly documents: readonly GalleryEntry[];
}

export function readGallery(root: string): Gallery {
  const file = join(root, 'gallery.json');
  if (!existsSync(file)) throw new SymgradError('no gallery.json in this folder', { file });
  let g: Gallery;
  try {
    g = JSON.parse(readFileSync(file, 'utf8')) as Gallery;
  } catch (e) {
    throw new SymgradError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  if (typeof g.date !== 'string' || !Array.isArray(g.documents)) throw new SymgradError('expected { "date": "YYYY-MM-DD", "documents": [...] }', { file });
  g.documents.forEach((d, i) => {
    if (typeof d.dir !== 'string' || !/^[A-Za-z0-9._-]+$/.test(d.dir)) throw new SymgradError('expected a folder name', { file, field: `documents[${i}].dir` });
    for (const l of d.langs ?? []) if (!LANGS.includes(l)) throw new SymgradError(`unknown language '${l}'`, { file, field: `documents[${i}].langs` });
  });
  return g;
}
