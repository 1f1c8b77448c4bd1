/**
 * The document model: one language-neutral description of a derivation, built once and then
 * rendered to Markdown, LaTeX, HTML (and, with the numbers, JSON).
 *
 * Prose is never stored as text: a run of prose is a message key with arguments, looked up in
 * the message table of the chosen language at render time (messages.ts). Mathematics is stored
 * as LaTeX strings that KaTeX, MathJax and amsmath all accept (`aligned`, never `align*`).
 * Text that comes from the user (a network's name) is a `raw` run; every writer escapes it.
 */
import type { MsgKey } from './messages.js';
import type { Drawing } from './svg.js';

/** A message as plain text, `{name}` arguments filled from strings (for SVG labels). */
export type Say = (key: MsgKey, args?: Readonly<Record<string, string>>) => string;

/** A run of inline content. */
export type Inline =
  | { readonly t: 'msg'; readonly key: MsgKey; readonly args?: Readonly<Record<string, readonly Inline[]>> }
  | { readonly t: 'math'; readonly tex: string }
  | { readonly t: 'code'; readonly s: string }
  /** User-supplied or numeric text, escaped by every writer. */
  | { readonly t: 'raw'; readonly s: string };

/**
 * One displayed equation chain `lhs = rhs[0] = rhs[1] = …`. Writers print it on one line, or as
 * an `aligned` block with one step per row when `aligned` is set.
 */
export interface Equation {
  readonly lhs: string;
  readonly rhs: readonly string[];
  readonly aligned?: boolean;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 2 | 3; readonly text: readonly Inline[] }
  | { readonly kind: 'para'; readonly text: readonly Inline[] }
  | { readonly kind: 'math'; readonly eqs: readonly Equation[] }
  | {
      readonly kind: 'table';
      readonly head: readonly (readonly Inline[])[];
      readonly rows: readonly (readonly (readonly Inline[])[])[];
      /** Per column; numbers read best right-aligned. */
      readonly align: readonly ('l' | 'r')[];
    }
  /** A figure, drawn per language (`draw` receives the message lookup for its labels). */
  | { readonly kind: 'figure'; readonly name: string; readonly draw: (text: Say) => Drawing; readonly caption: readonly Inline[] }
  | { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] };

export interface DocMeta {
  /** The network's name (user text). */
  readonly name: string;
  /** ISO date for the front matter, only when the user gave one (output stays reproducible). */
  readonly date?: string;
}

export interface Doc {
  readonly meta: DocMeta;
  readonly blocks: readonly Block[];
}

// Small constructors keep the builders readable.
export const msg = (key: MsgKey, args?: Record<string, readonly Inline[] | Inline | string>): Inline => {
  if (!args) return { t: 'msg', key };
  const norm: Record<string, readonly Inline[]> = {};
  for (const [k, v] of Object.entries(args)) {
    norm[k] = typeof v === 'string' ? [{ t: 'raw', s: v }] : Array.isArray(v) ? (v as readonly Inline[]) : [v as Inline];
  }
  return { t: 'msg', key, args: norm };
};
export const m = (tex: string): Inline => ({ t: 'math', tex });
export const raw = (s: string): Inline => ({ t: 'raw', s });
export const code = (s: string): Inline => ({ t: 'code', s });
export const para = (...text: Inline[]): Block => ({ kind: 'para', text });
export const heading = (level: 2 | 3, ...text: Inline[]): Block => ({ kind: 'heading', level, text });
export const math = (...eqs: Equation[]): Block => ({ kind: 'math', eqs });
export const eq = (lhs: string, rhs: readonly string[], aligned?: boolean): Equation =>
  aligned === undefined ? { lhs, rhs } : { lhs, rhs, aligned };

/** Every LaTeX formula in a document, inline and display, for the KaTeX check. */
export function formulas(doc: Doc): string[] {
  const out: string[] = [];
  const inl = (xs: readonly Inline[]): void => {
    for (const x of xs) {
      if (x.t === 'math') out.push(x.tex);
      if (x.t === 'msg' && x.args) for (const a of Object.values(x.args)) inl(a);
    }
  };
  for (const b of doc.blocks) {
    if (b.kind === 'heading' || b.kind === 'para') inl(b.text);
    else if (b.kind === 'math') out.push(...b.eqs.map(equationTex));
    else if (b.kind === 'table') [...b.head, ...b.rows.flat()].forEach(inl);
    else if (b.kind === 'list') b.items.forEach(inl);
    else inl(b.caption);
  }
  return out;
}

/** Beyond this estimated width (in characters) a chain is broken into `aligned` rows. */
export const LINE_WIDTH = 72;

/**
 * A rough printed width of LaTeX in characters: a command counts as one symbol, a fraction as
 * its wider part, sub- and superscripts at about half size, `\left`/`\right` and braces as nothing.
 */
function texWidth(tex: string): number {
  let i = 0;
  const group = (): number => {
    // reads from after a `{` to its `}`
    let w = 0;
    while (i < tex.length && tex[i] !== '}') w += item();
    i += 1;
    return w;
  };
  const arg = (): number => {
    while (tex[i] === ' ') i += 1;
    if (tex[i] === '{') {
      i += 1;
      return group();
    }
    return item();
  };
  const item = (): number => {
    const c = tex[i]!;
    if (c === '{') {
      i += 1;
      return group();
    }
    if (c === '^' || c === '_') {
      i += 1;
      return 0.6 * arg();
    }
    if (c === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))!;
      i += m[0].length;
      const name = m[1]!;
      if (name === 'frac') return Math.max(arg(), arg());
      if (name === 'left' || name === 'right') return tex[i] === '.' ? (i += 1, 0) : (i += 1, 1);
      if (name === ',' || name === ';' || name === ' ') return 0.3;
      return 1;
    }
    i += 1;
    return c === ' ' ? 0.3 : 1;
  };
  let w = 0;
  while (i < tex.length) w += tex[i] === '}' ? (i += 1, 0) : item();
  return w;
}

/** The LaTeX of one equation chain, as every writer prints it. */
export function equationTex(e: Equation): string {
  const aligned = e.aligned ?? (e.rhs.length > 1 && texWidth([e.lhs, ...e.rhs].join(' = ')) > LINE_WIDTH);
  if (!aligned) return [e.lhs, ...e.rhs].join(' = ');
  const [first, ...rest] = e.rhs;
  return ['\\begin{aligned}', `${e.lhs} &= ${first ?? ''}`, ...rest.map((r) => `\\\\ &= ${r}`), '\\end{aligned}'].join('\n');
}
