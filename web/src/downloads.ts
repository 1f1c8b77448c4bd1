/**
 * Downloads of the derivation as md, tex, html or json, written in the page by the same
 * renderer the CLI uses. The HTML file is self-contained, so before writing it the page loads
 * KaTeX's stylesheet and fonts from its own build (no network beyond the page's origin) and hands
 * them to the writer with useKatexAssets.
 */
import { render, useKatexAssets, type Derivation, type Format, type Lang } from '../../src/index.js';
import katexCssText from 'katex/dist/katex.min.css?raw';

const FONT_URLS = import.meta.glob('../../node_modules/katex/dist/fonts/*.woff2', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

let assetsReady: Promise<void> | undefined;

async function loadKatexAssets(): Promise<void> {
  const fonts = new Map<string, string>();
  await Promise.all(Object.entries(FONT_URLS).map(async ([path, url]) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    fonts.set(path.slice(path.lastIndexOf('/') + 1), btoa(bin));
  }));
  useKatexAssets({
    css: () => katexCssText,
    font: (file) => {
      const data = fonts.get(file);
      if (data === undefined) throw new Error(`KaTeX font ${file} is not in the playground's build`);
      return data;
    },
  });
}

const TYPES: Record<Format, string> = { md: 'text/markdown', tex: 'application/x-tex', html: 'text/html', json: 'application/json' };

/** The document's text in one format (Markdown with its figures inline). */
export async function documentText(d: Derivation, format: Format, lang: Lang): Promise<{ name: string; text: string }> {
  if (format === 'html') await (assetsReady ??= loadKatexAssets());
  const base = lang === 'en' ? 'derivation' : `derivation.${lang}`;
  const [name, text] = [...render(d, format, lang, base, true)][0]!;
  return { name, text };
}

export async function download(d: Derivation, format: Format, lang: Lang): Promise<void> {
  const { name, text } = await documentText(d, format, lang);
  const url = URL.createObjectURL(new Blob([text], { type: `${TYPES[format]};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
