/**
 * Markdown writer: Jekyll front matter (title, excerpt, categories, date when given,
 * use_math: true), `$…$` inline math, and every displayed equation in its own `$$ … $$` block
 * separated by blank lines, multi-line ones as `aligned` — forms that GitHub, Jekyll (kramdown +
 * MathJax), Hugo and Obsidian all render. Figures are separate SVG files linked as images
 * (GitHub strips inline SVG); `figures` returns them for the caller to write.
 */
import type { Lang } from './messages.js';
import { equationTex, type Block, type Doc, type Inline } from './model.js';
import { plain, resolve, sayer, type Piece } from './resolve.js';
import { toSvg } from './svg.js';

export interface MarkdownOut {
  readonly text: string;
  /** file name → SVG, to be written next to the Markdown file. */
  readonly figures: ReadonlyMap<string, string>;
}

/** Escape Markdown's inline syntax in plain text. */
function esc(s: string): string {
  return s.replace(/[\\`*_[\]<>$|#]/g, (c) => `\\${c}`);
}

function inline(ps: readonly Piece[], inTable = false): string {
  return ps
    .map((p) => {
      if (p.t === 'math') return `$${inTable ? p.tex.replace(/\|/g, '\\vert ') : p.tex}$`;
      if (p.t === 'code') return `\`${p.s.replace(/`/g, "'")}\``;
      return esc(p.s);
    })
    .join('');
}

/** A YAML double-quoted scalar. */
const yamlString = (s: string): string => JSON.stringify(s);

/** With `figurePrefix` undefined the SVG is written inline (raw HTML), for a single-file output. */
export function toMarkdown(doc: Doc, lang: Lang, figurePrefix?: string): MarkdownOut {
  const r = (xs: readonly Inline[]) => resolve(xs, lang);
  const say = sayer(lang);
  const figures = new Map<string, string>();
  const out: string[] = [
    '---',
    `title: ${yamlString(plain(r([{ t: 'msg', key: 'title', args: { name: [{ t: 'raw', s: doc.meta.name }] } }])))}`,
    `excerpt: ${yamlString(plain(r([{ t: 'msg', key: 'excerpt' }])))}`,
    'categories:',
    '  - AI',
    ...(doc.meta.date ? [`date: ${doc.meta.date}`] : []),
    'use_math: true',
    '---',
    '',
  ];
  for (const b of doc.blocks) out.push(block(b), '');
  return { text: `${out.join('\n').trimEnd()}\n`, figures };

  function block(b: Block): string {
    switch (b.kind) {
      case 'heading': return `${'#'.repeat(b.level)} ${inline(r(b.text))}`;
      case 'para': return inline(r(b.text));
      case 'list': return b.items.map((i) => `- ${inline(r(i))}`).join('\n');
      case 'math': return b.eqs.map((e) => `$$\n${equationTex(e)}\n$$`).join('\n\n');
      case 'table': {
        const row = (cells: readonly (readonly Inline[])[]) => `| ${cells.map((c) => inline(r(c), true)).join(' | ')} |`;
        const rule = `|${b.align.map((a) => (a === 'r' ? ' ---: ' : ' --- ')).join('|')}|`;
        return [row(b.head), rule, ...b.rows.map(row)].join('\n');
      }
      case 'figure': {
        const drawing = b.draw(say);
        if (figurePrefix === undefined) return `${toSvg(drawing)}\n\n${inline(r(b.caption))}`;
        const file = `${figurePrefix}.${b.name}.svg`;
        figures.set(file, `${toSvg(drawing)}\n`);
        return `![${esc(drawing.title)}](${file})\n\n${inline(r(b.caption))}`;
      }
    }
  }
}
