/**
 * Standalone LaTeX writer: an `article` with amsmath/amssymb that compiles with pdflatex as it
 * is; Korean documents add `kotex` (Debian texlive-lang-korean). Display equations are
 * `\[ … \]` (multi-line ones `aligned`), tables are `tabular`, figures are drawn with the
 * kernel's `picture` environment so no package beyond graphicx and color is needed. Text is
 * escaped for LaTeX, and the few Unicode symbols the messages use become math.
 */
import type { Lang } from './messages.js';
import { equationTex, type Block, type Doc, type Inline } from './model.js';
import { resolve, sayer, type Piece } from './resolve.js';
import { toPicture } from './svg.js';

/** LaTeX's special characters, in forms the default OT1 encoding has (no T1/cm-super fonts needed). */
const SPECIAL: Record<string, string> = {
  '\\': '$\\backslash$', '{': '\\{', '}': '\\}', '$': '\\$', '&': '\\&', '#': '\\#',
  '^': '\\^{}', '_': '\\_', '%': '\\%', '~': '\\~{}', '<': '$<$', '>': '$>$', '|': '$|$',
};
/** Unicode that pdflatex's utf8 input does not know, written as math. */
const UNICODE: Record<string, string> = {
  'σ': '$\\sigma$', '−': '$-$', '²': '$^{2}$', '∘': '$\\circ$', 'β': '$\\beta$', 'ε': '$\\varepsilon$', 'δ': '$\\delta$',
  '→': '$\\to$', 'α': '$\\alpha$', 'λ': '$\\lambda$', 'μ': '$\\mu$', '≥': '$\\ge$', '≤': '$\\le$', '·': '$\\cdot$',
};

function escapeTex(s: string): string {
  return [...s].map((c) => SPECIAL[c] ?? UNICODE[c] ?? c).join('');
}

function inline(ps: readonly Piece[]): string {
  return ps.map((p) => (p.t === 'math' ? `$${p.tex}$` : p.t === 'code' ? `\\texttt{${escapeTex(p.s)}}` : escapeTex(p.s))).join('');
}

export function toTex(doc: Doc, lang: Lang): string {
  const r = (xs: readonly Inline[]) => resolve(xs, lang);
  const say = sayer(lang);
  const title = inline(r([{ t: 'msg', key: 'title', args: { name: [{ t: 'raw', s: doc.meta.name }] } }]));
  const out: string[] = [
    '\\documentclass[11pt]{article}',
    '\\usepackage[utf8]{inputenc}',
    ...(lang === 'ko' ? ['\\usepackage{kotex}'] : []),
    '\\usepackage{amsmath,amssymb}',
    '\\usepackage{graphicx,color}',
    '\\usepackage[margin=2.2cm]{geometry}',
    '\\allowdisplaybreaks',
    '\\sloppy',
    `\\title{${title}}`,
    `\\date{${doc.meta.date ?? ''}}`,
    '\\begin{document}',
    '\\maketitle',
    '',
  ];
  for (const b of doc.blocks) out.push(block(b), '');
  out.push('\\end{document}');
  return `${out.join('\n')}\n`;

  function block(b: Block): string {
    switch (b.kind) {
      case 'heading': return `\\${b.level === 2 ? 'section' : 'subsection'}*{${inline(r(b.text))}}`;
      case 'para': return `${inline(r(b.text))}\n`;
      case 'list': return ['\\begin{itemize}', ...b.items.map((i) => `\\item ${inline(r(i))}`), '\\end{itemize}'].join('\n');
      case 'math': return b.eqs.map((e) => `\\[\n${equationTex(e)}\n\\]`).join('\n');
      case 'table': {
        const row = (cells: readonly (readonly Inline[])[]) => `${cells.map((c) => inline(r(c))).join(' & ')} \\\\`;
        return ['\\begin{center}', `\\begin{tabular}{${b.align.join('')}}`, '\\hline', row(b.head), '\\hline', ...b.rows.map(row), '\\hline', '\\end{tabular}', '\\end{center}'].join('\n');
      }
      case 'figure': {
        const drawing = b.draw(say);
        return [toPicture(drawing), '\\begin{center}\\small', inline(r(b.caption)), '\\end{center}'].join('\n');
      }
    }
  }
}
