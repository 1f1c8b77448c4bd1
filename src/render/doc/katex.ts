/**
 * KaTeX on the server: formulas become HTML once, when the document is written, so the page
 * needs no script. Rendering is strict (`throwOnError: true`, `strict: 'error'`, `trust: false`):
 * a formula KaTeX cannot typeset is a bug and fails loudly. The page carries KaTeX's stylesheet
 * inline with its fonts as data: URIs (woff2 only), keeping just the font families the rendered
 * HTML's classes use — so the file reads offline and stays a few hundred kilobytes. The stylesheet
 * and fonts come from a KatexAssets source, so this module itself runs in a browser.
 */
import katex from 'katex';
import { SymgradError } from '../../errors.js';

/**
 * Where KaTeX's stylesheet and fonts come from: katex-node.ts reads them from the katex package
 * on disk; a page (the playground) supplies them from its own bundle with `useKatexAssets`.
 */
export interface KatexAssets {
  /** katex.min.css */
  css(): string;
  /** A font file from katex/dist/fonts, base64-encoded. */
  font(file: string): string;
}

let assets: KatexAssets | undefined;

/** Set where the HTML writer reads KaTeX's stylesheet and fonts. */
export function useKatexAssets(a: KatexAssets): void {
  assets = a;
  cssCache = undefined;
  fontCache.clear();
}

/** A formula as KaTeX HTML (display or inline). Throws on anything KaTeX would flag. */
export function renderMath(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: 'error', trust: false, output: 'htmlAndMathml' });
}

let cssCache: string | undefined;
const fontCache = new Map<string, string>();

/** The classes used anywhere in `html`. */
function classesIn(html: string): Set<string> {
  const set = new Set<string>();
  for (const m of html.matchAll(/class="([^"]*)"/g)) for (const c of m[1]!.split(/\s+/)) if (c) set.add(c);
  return set;
}

/** KaTeX's CSS with the fonts needed by `html` inlined (woff2 data: URIs) and the rest dropped. */
export function katexCss(html: string): string {
  if (!assets) throw new SymgradError("HTML documents embed KaTeX's stylesheet: import 'symgrad' on Node, or call useKatexAssets() first");
  const source = assets;
  cssCache ??= source.css();
  const css = cssCache;
  const used = classesIn(html);
  const families = new Set<string>(['KaTeX_Main']);
  // rules outside @font-face: a family is needed when every class of one of its selectors is used
  for (const rule of css.replace(/@font-face\{[^}]*\}/g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const fams = [...rule[2]!.matchAll(/KaTeX_[A-Za-z0-9]+/g)].map((f) => f[0]);
    if (fams.length === 0) continue;
    const matches = rule[1]!.split(',').some((sel) => [...sel.matchAll(/\.([\w-]+)/g)].every((c) => used.has(c[1]!)));
    if (matches) fams.forEach((f) => families.add(f));
  }
  return css.replace(/@font-face\{([^}]*)\}/g, (face, body: string) => {
    const family = /font-family:(KaTeX_[A-Za-z0-9]+)/.exec(body)?.[1];
    const file = /url\(fonts\/([^)]+\.woff2)\)/.exec(body)?.[1];
    if (!family || !file || !families.has(family)) return '';
    // bold faces only serve \\mathbf / \\boldsymbol / \\textbf
    if (/font-weight:700/.test(body) && !['mathbf', 'boldsymbol', 'textbf'].some((c) => used.has(c))) return '';
    let data = fontCache.get(file);
    if (!data) {
      data = source.font(file);
      fontCache.set(file, data);
    }
    return face.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`);
  });
}
