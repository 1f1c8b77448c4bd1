/**
 * The gallery: `derivations/gallery.json` lists folders, each holding a `network.yaml`, and how
 * to derive each (languages, steps, view); every document is generated in Markdown (with its
 * SVG figures), HTML, LaTeX and JSON. `galleryFiles` computes what the folder should contain —
 * the golden test compares it with what is committed — and `regenerateGallery` writes the
 * files that differ (`npm run derivations`).
 */
import './katex-node.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNetworkFile } from '../../nn/load-node.js';
import { derive } from './build.js';
import { readGallery } from './catalog-node.js';
import { render, type Format } from './index.js';
import { writeFiles } from './write-node.js';

export { readGallery, type Gallery, type GalleryEntry } from './catalog-node.js';

const GALLERY_FORMATS: readonly Format[] = ['md', 'html', 'tex', 'json'];

/** Every file the gallery should hold: path (relative to `root`) → content. */
export function galleryFiles(root: string): Map<string, string> {
  const g = readGallery(root);
  const out = new Map<string, string>();
  for (const entry of g.documents) {
    const spec = loadNetworkFile(join(root, entry.dir, 'network.yaml'));
    const d = derive(spec, {
      date: g.date,
      ...(entry.steps !== undefined ? { steps: entry.steps } : {}),
      ...(entry.view !== undefined ? { view: entry.view } : {}),
      ...(entry.decimals !== undefined ? { decimals: entry.decimals } : {}),
    });
    for (const lang of entry.langs ?? ['en']) {
      const base = lang === 'en' ? 'derivation' : `derivation.${lang}`;
      for (const format of GALLERY_FORMATS) {
        if (format === 'json' && lang !== 'en') continue; // the numbers do not depend on the language
        for (const [name, text] of render(d, format, lang, base)) out.set(join(entry.dir, name), text);
      }
    }
  }
  return out;
}

/** Write the gallery files whose content changed. */
export function regenerateGallery(root: string): { written: string[]; unchanged: number } {
  const files = galleryFiles(root);
  const written: string[] = [];
  let unchanged = 0;
  for (const [rel, text] of files) {
    const path = join(root, rel);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) {
      unchanged += 1;
      continue;
    }
    const slash = rel.lastIndexOf('/');
    written.push(...writeFiles(join(root, rel.slice(0, slash)), new Map([[rel.slice(slash + 1), text]])));
  }
  return { written, unchanged };
}
