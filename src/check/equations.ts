/**
 * From a math fragment to the claims it makes. A fragment is cut into rows (`\\` in align
 * bodies), rows into statements (at top-level `,` `;` `\quad` `\text{…}` `\Rightarrow` and a
 * final `.`), and statements into sides at top-level `=` (also `\approx`, `:=`). A row that starts
 * with `&=` continues the chain of the row before, so an align block is one chain
 * `a = b = c = d` whose sides carry their own line numbers. Fragments with no relation make no
 * claim and yield nothing; relations other than equality yield a statement marked unsupported.
 */
import type { Fragment } from './extract.js';
import { lex, type Tok } from './lex.js';

export interface SideSrc {
  readonly toks: Tok[];
  readonly line: number;
  readonly column: number;
  /** The source text of the side, trimmed, for messages. */
  readonly text: string;
}

export interface EquationSrc {
  readonly sides: SideSrc[];
  readonly line: number;
  readonly column: number;
  /** Set when the statement uses a relation that is not checked (`<`, `\le`, `\neq`, …). */
  readonly unsupported?: string;
  /** `W_6 \leftarrow W_6 - …`: the first side is the value after an update. */
  readonly update?: boolean;
  /** The sample whose section the statement is in (samples.ts). */
  readonly sample?: number;
  /** One entry of a matrix statement (matrices.ts): its results are merged into one. */
  readonly group?: { readonly id: number; readonly subject: string };
  /** The display starts with `=`: it continues the chain of the display before it. */
  readonly continuation?: boolean;
}

/** Join displays that continue one chain (`$$a = b$$` then `$$= c$$`, as some posts print each step). */
export function joinContinuations(eqs: readonly EquationSrc[]): EquationSrc[] {
  const out: EquationSrc[] = [];
  for (const eq of eqs) {
    const prev = out[out.length - 1];
    if (eq.continuation && prev && !prev.unsupported && !eq.unsupported && eq.line - prev.sides[prev.sides.length - 1]!.line <= 2) {
      out[out.length - 1] = { ...prev, sides: [...prev.sides, ...eq.sides.filter((x) => x.toks.length > 0)] };
    } else {
      const { continuation: _, ...rest } = eq;
      out.push(rest);
    }
  }
  return out;
}

const EQUALS = new Set(['=', '\\approx', '\\simeq', '\\equiv', '\\coloneqq', '\\eqqcolon']);
const OTHER_REL = new Set(['<', '>', '\\le', '\\ge', '\\leq', '\\geq', '\\neq', '\\ne', '\\sim', '\\propto', '\\in', '\\mapsto', '\\approxeq', '\\ll', '\\gg']);
// `a = b → c = d` (then): two statements; a limit's `x \to 0` sits inside a subscript, never at top level.
const SEPARATORS = new Set([',', ';', '\\quad', '\\qquad', '\\Rightarrow', '\\to', '\\rightarrow', '\\longrightarrow', '\\implies', '\\therefore', '\\iff', '\\Longrightarrow', '\\text', '\\mbox', '\\textrm', '\\textbf', '\\hspace', '\\label', '\\tag', '\\intertext']);
/** An update written as an assignment: only as the first relation of a statement. */
const ASSIGN = new Set(['\\leftarrow', '\\gets', '←']);
/** Separators that take a `{…}` argument, dropped together with it. */
const WITH_ARG = new Set(['\\text', '\\mbox', '\\textrm', '\\textbf', '\\hspace', '\\label', '\\tag', '\\intertext', '\\begin', '\\end']);

export function equationsOf(frag: Fragment): EquationSrc[] {
  const toks = lex(frag.tex);
  const pos = positions(frag);
  const rows = splitRows(dropEnvironments(collapseMatrices(textOperators(toks))));
  const out: EquationSrc[] = [];
  let last: EquationSrc | undefined;
  for (const row of rows) {
    const statements = splitStatements(row);
    statements.forEach((st, k) => {
      const pieces = splitRelations(st);
      if (!pieces) return;
      const sides = pieces.sides.map((s) => side(s, frag.tex, pos));
      const continues = k === 0 && pieces.leadingRelation && last !== undefined && !last.unsupported;
      if (continues) {
        const merged: EquationSrc = { ...last!, sides: [...last!.sides, ...sides.filter((s) => s.toks.length > 0)] };
        out[out.length - 1] = merged;
        last = merged;
        return;
      }
      const first = sides[0]!;
      const eq: EquationSrc = {
        sides, line: first.line, column: first.column, ...(k === 0 && pieces.leadingRelation && last === undefined && out.length === 0 ? { continuation: true } : {}),
        ...(pieces.unsupported ? { unsupported: pieces.unsupported } : {}), ...(pieces.update ? { update: true } : {}),
      };
      out.push(eq);
      last = eq;
    });
  }
  return out;
}

type Pos = (off: number) => { line: number; column: number };

function positions(frag: Fragment): Pos {
  return (off) => {
    const before = frag.tex.slice(0, off);
    const nl = before.lastIndexOf('\n');
    const lines = before.split('\n').length - 1;
    return { line: frag.line + lines, column: lines === 0 ? frag.column + off : off - nl };
  };
}

function side(toks: Tok[], tex: string, pos: Pos): SideSrc {
  const first = toks[0];
  const lastTok = toks[toks.length - 1];
  const start = first?.off ?? 0;
  const end = lastTok ? lastTok.off + lastTok.text.length : start;
  const { line, column } = pos(start);
  return { toks, line, column, text: tex.slice(start, end).replace(/\s+/g, ' ').trim() };
}

const MATRICES = /^(b|p|v|V|B|small)?matrix\*?$|^array$/;

/**
 * A matrix environment becomes one `\matrix` token carrying its entries (rows of tokens), so
 * that its `\\` and `&` do not split the equation; parse.ts reads it as a matrix value.
 */
function collapseMatrices(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const env = t.text === '\\begin' && toks[i + 1]?.text === '{' ? toks[i + 2]?.text : undefined;
    if (!env || !MATRICES.test(env) || toks[i + 3]?.text !== '}') { out.push(t); continue; }
    let j = i + 4;
    if (env === 'array' && toks[j]?.text === '{') j = skipGroup(toks, j) + 1;
    const rows: Tok[][][] = [[[]]];
    let depth = 0;
    for (; j < toks.length; j++) {
      const u = toks[j]!;
      if (u.text === '\\begin') depth++;
      if (u.text === '\\end') { if (depth === 0) break; depth--; }
      const row = rows[rows.length - 1]!;
      if (depth === 0 && u.text === '\\\\') rows.push([[]]);
      else if (depth === 0 && u.text === '&') row.push([]);
      else row[row.length - 1]!.push(u);
    }
    const end = skipGroup(toks, j + 1);
    const cells = rows.filter((r) => r.some((c) => c.length > 0));
    out.push({ kind: 'cmd', text: '\\matrix', off: t.off, cells } as Tok);
    i = end;
  }
  return out;
}

/** Remove `\begin{env}{args}`, `\end{env}`, `\label{…}` and alignment `&`. */
/** `\text{×}`, `\text{-}`: an operator written as text is the operator, not prose. */
function textOperators(toks: Tok[]): Tok[] {
  const OPS = new Set(['\\times', '\\cdot', '\\div', '+', '-', '*', '/']);
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if ((t.text === '\\text' || t.text === '\\mathrm') && toks[i + 1]?.text === '{' && OPS.has(toks[i + 2]?.text ?? '') && toks[i + 3]?.text === '}') {
      out.push(toks[i + 2]!);
      i += 3;
      continue;
    }
    out.push(t);
  }
  return out;
}

function dropEnvironments(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.text === '\\begin' || t.text === '\\end' || t.text === '\\label' || t.text === '\\tag') {
      i = skipGroup(toks, i + 1);
      if (t.text === '\\begin') while (toks[i + 1]?.text === '{' && /^\d+$/.test(toks[i + 2]?.text ?? '')) i = skipGroup(toks, i + 1);
      continue;
    }
    if (t.text === '&') continue;
    out.push(t);
  }
  return out;
}

/** Index of the closing `}` of the group opening at `i` (or i − 1 when there is none). */
function skipGroup(toks: Tok[], i: number): number {
  if (toks[i]?.text !== '{') return i - 1;
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    if (toks[j]!.text === '{') depth++;
    if (toks[j]!.text === '}' && --depth === 0) return j;
  }
  return toks.length - 1;
}

function splitRows(toks: Tok[]): Tok[][] {
  const rows: Tok[][] = [[]];
  for (const t of toks) {
    if (t.text === '\\\\' || t.text === '\\cr' || t.text === '\\newline') rows.push([]);
    else rows[rows.length - 1]!.push(t);
  }
  return rows.filter((r) => r.length > 0);
}

const RELATIONS = new Set([...EQUALS, ...OTHER_REL]);
const OPENERS = new Set(['(', '[', '{', '\\left']);
const CLOSERS = new Set([')', ']', '}', '\\right']);

function splitStatements(row: Tok[]): Tok[][] {
  const out: Tok[][] = [[]];
  let depth = 0;
  for (let i = 0; i < row.length; i++) {
    const t = row[i]!;
    if (OPENERS.has(t.text)) depth++;
    if (CLOSERS.has(t.text)) depth = Math.max(0, depth - 1);
    // Prose (\text{…}) ends a statement only after a relation: `z = 1 \text{ and } y = 2`, not `\text{loss} = 0.3`.
    const isText = t.text === '\\text' || t.text === '\\mbox' || t.text === '\\textrm' || t.text === '\\textbf';
    const prose = isText && out[out.length - 1]!.some((x) => RELATIONS.has(x.text));
    if (depth === 0 && ((isText && prose) || (!isText && SEPARATORS.has(t.text)) || (t.text === '.' && i === row.length - 1))) {
      if (WITH_ARG.has(t.text)) i = Math.max(i, skipGroup(row, i + 1));
      out.push([]);
      continue;
    }
    out[out.length - 1]!.push(t);
  }
  return out.filter((s) => s.length > 0);
}

interface Pieces {
  sides: Tok[][];
  leadingRelation: boolean;
  unsupported?: string;
  update?: boolean;
}

/** Split at top-level relations; undefined when the statement has none (it claims nothing). */
function splitRelations(st: Tok[]): Pieces | undefined {
  const sides: Tok[][] = [[]];
  let depth = 0;
  let unsupported: string | undefined;
  let relations = 0;
  let update = false;
  for (let i = 0; i < st.length; i++) {
    const t = st[i]!;
    if (OPENERS.has(t.text)) depth++;
    if (CLOSERS.has(t.text)) depth = Math.max(0, depth - 1);
    if (depth > 0) { sides[sides.length - 1]!.push(t); continue; }
    const colonEq = t.text === ':' && st[i + 1]?.text === '=';
    if (ASSIGN.has(t.text) && relations === 0 && sides[0]!.length > 0) {
      update = true;
      relations++;
      sides.push([]);
    } else if (EQUALS.has(t.text) || colonEq) {
      if (colonEq) i++;
      relations++;
      sides.push([]);
    } else if (OTHER_REL.has(t.text)) {
      relations++;
      unsupported ??= `the relation '${t.text}' is not checked`;
      sides.push([]);
    } else {
      sides[sides.length - 1]!.push(t);
    }
  }
  if (relations === 0) return undefined;
  const leadingRelation = sides[0]!.length === 0;
  const kept = leadingRelation ? sides.slice(1) : sides;
  return { sides: kept, leadingRelation, ...(unsupported ? { unsupported } : {}), ...(update ? { update } : {}) };
}
