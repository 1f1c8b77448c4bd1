/**
 * Derivation documents: build once (build.ts), render per format and language. `render`
 * returns every file of one document — the main file plus, for Markdown, its SVG figures — as
 * name → text, so the CLI, the gallery generator and the tests all share one path.
 * Writing them to disk is write-node.ts's job (Node only); this module runs in a browser.
 */
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
