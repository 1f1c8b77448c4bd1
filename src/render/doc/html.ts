/**
 * HTML writer: one self-contained page. Every formula is rendered by KaTeX on the server
 * (katex.ts), KaTeX's CSS and the fonts it needs are inlined, figures are inline SVG, and all
 * text — messages and the user's network name alike — is HTML-escaped. No script runs.
 */
import type { Lang } from './messages.js';
import { equationTex, type Block, type Doc, type Inline } from './model.js';
import { katexCss, renderMath } from './katex.js';
import { plain, resolve, sayer, type Piece } from './resolve.js';
import { toSvg } from './svg.js';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function inline(ps: readonly Piece[]): string {
  return ps.map((p) => (p.t === 'math' ? renderMath(p.tex, false) : p.t === 'code' ? `<code>${escapeHtml(p.s)}</code>` : escapeHtml(p.s))).join('');
}

const PAGE_CSS = [
  'body{margin:0;background:#fff;color:#1d1d1f;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR","Noto Sans",sans-serif}',
  'main{max-width:52rem;margin:0 auto;padding:2rem 1.25rem 4rem}',
  'h1{font-size:1.8rem;line-height:1.25}h2{margin-top:2.4rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}h3{margin-top:1.8rem}',
  '.katex-display{overflow-x:auto;overflow-y:hidden;padding:.2rem 0}',
  'table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .7rem}th{background:#f4f4f4}td.r{text-align:right}',
  'figure{margin:1.5rem 0;overflow-x:auto}figcaption{color:#555;font-size:.92rem}code{background:#f3f3f3;padding:0 .25rem;border-radius:3px}',
].join('\n');

export function toHtml(doc: Doc, lang: Lang): string {
  const { title, main } = htmlParts(doc, lang);
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${katexCss(main)}</style>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    main,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The document's body as HTML (KaTeX rendered, no stylesheet): what a page that already carries KaTeX's CSS shows. */
export function htmlBody(doc: Doc, lang: Lang): string {
  return htmlParts(doc, lang).main;
}

function htmlParts(doc: Doc, lang: Lang): { title: string; main: string } {
  const r = (xs: readonly Inline[]) => resolve(xs, lang);
  const say = sayer(lang);
  const titlePieces = r([{ t: 'msg', key: 'title', args: { name: [{ t: 'raw', s: doc.meta.name }] } }]);
  const body: string[] = [`<h1>${inline(titlePieces)}</h1>`];
  if (doc.meta.date) body.push(`<p><time datetime="${escapeHtml(doc.meta.date)}">${escapeHtml(doc.meta.date)}</time></p>`);
  for (const b of doc.blocks) body.push(block(b));
  return { title: plain(titlePieces), main: body.join('\n') };

  function block(b: Block): string {
    switch (b.kind) {
      case 'heading': return `<h${b.level}>${inline(r(b.text))}</h${b.level}>`;
      case 'para': return `<p>${inline(r(b.text))}</p>`;
      case 'list': return `<ul>\n${b.items.map((i) => `<li>${inline(r(i))}</li>`).join('\n')}\n</ul>`;
      case 'math': return b.eqs.map((e) => renderMath(equationTex(e), true)).join('\n');
      case 'table': {
        const cell = (tag: string, c: readonly Inline[], i: number) => `<${tag}${tag === 'td' && b.align[i] === 'r' ? ' class="r"' : ''}>${inline(r(c))}</${tag}>`;
        const head = `<tr>${b.head.map((c, i) => cell('th', c, i)).join('')}</tr>`;
        const rows = b.rows.map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`);
        return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
      }
      case 'figure': return `<figure>\n${toSvg(b.draw(say))}\n<figcaption>${inline(r(b.caption))}</figcaption>\n</figure>`;
    }
  }
}
