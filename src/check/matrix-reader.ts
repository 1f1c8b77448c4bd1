/**
 * Matrix algebra over the tokens of one side of an equation (for matrices.ts): operands are
 * matrix literals (`\\matrix` tokens with their cells), names given a matrix earlier (each entry a
 * name of its own), scalars (numbers, names given a scalar value, any formula of them), and
 * formulas of matrix names applied entry by entry (`\\frac{1}{1+e^{-Z}}`); operators are `+ -`,
 * products (`A B`, `\\cdot`, `\\times`: the matrix product when both are matrices), `\\odot`,
 * `/`, transposes and a bounded `\\sum_{i=1}^{n}`. The value of a side is a matrix of token
 * lists (or one token list): entry (r, c) is the scalar formula that entry stands for.
 */
import type { Tok } from './lex.js';
import { ParseError, parseSide, Slots } from './parse.js';

export interface TM { rows: number; cols: number; cell: (r: number, c: number) => Tok[] }
export type Val = { kind: 'matrix'; m: TM } | { kind: 'scalar'; toks: Tok[] };

/** Names with a matrix shape, and names known to be scalars (so far in the document). */
export class Shapes extends Map<string, { rows: number; cols: number }> { readonly scalars = new Set<string>(); }

const tok = (text: string, off: number, kind: Tok['kind'] = 'ch'): Tok => ({ kind, text, off });
export const paren = (ts: Tok[]): Tok[] => (ts.length === 1 ? ts : [tok('(', ts[0]?.off ?? 0), ...ts, tok(')', ts[ts.length - 1]?.off ?? 0)]);

/** The names of a matrix's entries. */
export function entryName(name: string, rows: number, cols: number, r: number, c: number): string {
  const base = name.replace(/^\\mathbf\{(\w)\}$/, '$1');
  if (rows * cols === 1) return name;
  if (rows === 1 || cols === 1) return `${base}_${(rows === 1 ? c : r) + 1}`;
  const layer = /^([A-Za-z])(?:_\{?(\d+)\}?|\^\{[([](\d+)[)\]]\})$/.exec(base);
  return layer ? `${layer[1]}^{(${layer[2] ?? layer[3]})}_{${r + 1},${c + 1}}` : `${base}_{${r + 1},${c + 1}}`;
}

export function named(name: string, off: number): Tok {
  return { kind: 'id', text: 'M', off, name } as Tok;
}


/** The symbol a side is, when it is one name. */
export function nameOf(toks: readonly Tok[]): string | undefined {
  if (toks.length === 0 || toks.some((t) => t.text === '\\matrix')) return undefined;
  try {
    const s = parseSide(toks, new Slots());
    return s.kind === 'expr' && s.expr.op === 'sym' ? s.expr.name : undefined;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/** A side read as matrix algebra over token operands. */
export class Reader {
  private pos = 0;
  constructor(private readonly toks: readonly Tok[], private readonly shapes: Shapes) {}

  mentions(): boolean {
    for (let i = 0; i < this.toks.length; i++) {
      const end = this.nameEnd(i);
      if (end > i && this.shapes.has(nameOf(this.toks.slice(i, end)) ?? '')) return true;
    }
    return false;
  }

  read(): Val | undefined {
    try {
      const v = this.sum();
      return this.pos === this.toks.length ? v : undefined;
    } catch (e) {
      if (e instanceof Mismatch) return undefined;
      throw e;
    }
  }

  private peek(k = 0) { return this.toks[this.pos + k]; }

  private sum(): Val {
    let v = this.product();
    while (this.peek()?.text === '+' || this.peek()?.text === '-') {
      const op = this.toks[this.pos++]!;
      v = combine(v, this.product(), (a, b) => [...a, op, ...paren(b)], true);
    }
    return v;
  }

  private product(): Val {
    let v = this.factor();
    for (;;) {
      const t = this.peek();
      if (!t || t.text === '+' || t.text === '-' || t.text === ')' || t.text === '\\right') return v;
      if (t.text === '/' || t.text === '\\div') {
        this.pos++;
        v = combine(v, this.factor(), (a, b) => [...paren(a), tok('/', t.off), ...paren(b)], false);
        continue;
      }
      const hadant = ['\\cdot', '\\times', '*', '\\odot', '\\circ'].includes(t.text);
      if (hadant) this.pos++;
      const rhs = this.factor();
      v = t.text === '\\odot' || t.text === '\\circ' ? combine(v, rhs, (a, b) => [...paren(a), tok('\\cdot', t.off, 'cmd'), ...paren(b)], false) : multiply(v, rhs, t.off);
    }
  }

  private factor(): Val {
    const t = this.peek();
    if (!t) throw new Mismatch();
    let v: Val;
    if (t.text === '-') { this.pos++; const inner = this.factor(); v = map(inner, (ts) => [tok('-', t.off), ...paren(ts)]); return v; }
    if (t.text === '\\sum') v = this.sigma();
    else if (t.text === '\\matrix' && t.cells) {
      this.pos++;
      const cells = t.cells.map((row) => row.map((c) => (c.length === 0 ? [tok('0', t.off, 'num')] : c)));
      const cols = Math.max(...cells.map((r) => r.length));
      if (cells.some((r) => r.length !== cols)) throw new Mismatch();
      v = { kind: 'matrix', m: { rows: cells.length, cols, cell: (r, c) => cells[r]![c]! } };
    } else if (t.text === '(' || t.text === '\\left') {
      const open = this.pos;
      this.pos += t.text === '\\left' ? 2 : 1;
      const inner = this.sum();
      if (this.peek()?.text === '\\right') this.pos += 2;
      else if (this.peek()?.text === ')') this.pos++;
      else throw new Mismatch();
      v = inner.kind === 'matrix' ? inner : { kind: 'scalar', toks: this.toks.slice(open, this.pos) };
    } else {
      const end = this.nameEnd(this.pos);
      if (end <= this.pos) throw new Mismatch();
      const part = this.toks.slice(this.pos, end);
      this.pos = end;
      const name = nameOf(part);
      const s = name !== undefined ? this.shapes.get(name) : undefined;
      v = s && name !== undefined
        ? { kind: 'matrix', m: { rows: s.rows, cols: s.cols, cell: (r, c) => [named(entryName(name, s.rows, s.cols, r, c), t.off)] } }
        : this.elementwise(part) ?? this.scalar(part, name);
    }
    // A transpose: ^T, ^{T}, ^\top, ^{\top}.
    if (this.peek()?.text === '^') {
      const a = this.peek(1);
      const b = this.peek(2);
      const single = a && (a.text === 'T' || a.text === '\\top' || a.text === '\\intercal');
      const braced = a?.text === '{' && b && (b.text === 'T' || b.text === '\\top') && this.peek(3)?.text === '}';
      if (v.kind === 'matrix' && (single || braced)) {
        this.pos += single ? 2 : 4;
        const m = v.m;
        v = { kind: 'matrix', m: { rows: m.cols, cols: m.rows, cell: (r, c) => m.cell(c, r) } };
      }
    }
    return v;
  }

  /** A scalar operand; a bare name must have been given a scalar value before (else the shapes are unknown). */
  private scalar(part: Tok[], name: string | undefined): Val {
    if (name !== undefined && !this.shapes.scalars.has(name) && part.length > 0 && part[0]!.kind !== 'num') throw new Mismatch();
    return { kind: 'scalar', toks: part };
  }

  /** A formula of matrix names (`\frac{1}{1 + e^{-Z}}`, `\sigma(Z)`): applied entry by entry. */
  private elementwise(part: Tok[]): Val | undefined {
    const inner = new Reader(part, this.shapes);
    const spans: Array<{ from: number; to: number; name: string }> = [];
    for (let i = 0; i < part.length; i++) {
      const end = inner.nameEnd(i);
      const name = end > i ? nameOf(part.slice(i, end)) : undefined;
      if (name !== undefined && this.shapes.has(name)) { spans.push({ from: i, to: end, name }); i = end - 1; }
    }
    if (spans.length === 0) return undefined;
    const s = this.shapes.get(spans[0]!.name)!;
    if (spans.some((x) => { const o = this.shapes.get(x.name)!; return o.rows !== s.rows || o.cols !== s.cols; })) throw new Mismatch();
    return {
      kind: 'matrix',
      m: {
        rows: s.rows, cols: s.cols,
        cell: (r, c) => {
          const out: Tok[] = [];
          let k = 0;
          for (const x of spans) { out.push(...part.slice(k, x.from), named(entryName(x.name, s.rows, s.cols, r, c), part[x.from]!.off)); k = x.to; }
          return [...out, ...part.slice(k)];
        },
      },
    };
  }

  /** `\sum_{i=1}^{n} term`: the term written out for i = 1 … n (its index in subscripts replaced). */
  private sigma(): Val {
    const at = this.pos;
    const t = this.toks;
    // \sum _ { i = 1 } ^ { n } or ^ n
    if (t[at + 1]?.text !== '_' || t[at + 2]?.text !== '{' || t[at + 3]?.kind !== 'id' || t[at + 4]?.text !== '=' || t[at + 5]?.kind !== 'num' || t[at + 6]?.text !== '}' || t[at + 7]?.text !== '^') throw new Mismatch();
    const v = t[at + 3]!.text;
    const from = Number(t[at + 5]!.text);
    let k = at + 8;
    let to: number;
    if (t[k]?.text === '{' && t[k + 1]?.kind === 'num' && t[k + 2]?.text === '}') { to = Number(t[k + 1]!.text); k += 3; } else if (t[k]?.kind === 'num') { to = Number(t[k]!.text); k += 1; } else throw new Mismatch();
    if (!(to >= from) || to - from > 50) throw new Mismatch();
    this.pos = k;
    const start = this.pos;
    // The term: up to the next top-level + or − (or the end).
    let depth = 0;
    while (this.pos < t.length) {
      const x = t[this.pos]!;
      if (x.text === '(' || x.text === '{' || x.text === '\\left') depth++;
      if (x.text === ')' || x.text === '}' || x.text === '\\right') depth--;
      if (depth === 0 && (x.text === '+' || x.text === '-') && this.pos > start) break;
      this.pos++;
    }
    const body = t.slice(start, this.pos);
    const terms: Tok[] = [];
    for (let i = from; i <= to; i++) {
      if (i > from) terms.push(tok('+', body[0]?.off ?? 0));
      terms.push(...paren(substitute(body, v, String(i))));
    }
    return { kind: 'scalar', toks: paren(terms) };
  }

  /** End of one operand starting at i: a number, or a symbol with its sub- and superscripts. */
  nameEnd(i: number): number {
    const t = this.toks;
    const first = t[i];
    if (!first) return i;
    if (first.kind === 'num') return i + 1;
    if (first.kind !== 'id' && first.kind !== 'cmd') return i;
    if (['\\matrix', '\\sum', '\\cdot', '\\times', '\\odot', '\\left', '\\right'].includes(first.text)) return i;
    let j = i + 1;
    const group = (k: number) => {
      if (t[k]?.text !== '{') return k + 1;
      let depth = 0;
      for (let m = k; m < t.length; m++) {
        if (t[m]!.text === '{') depth++;
        if (t[m]!.text === '}' && --depth === 0) return m + 1;
      }
      return t.length;
    };
    while (first.kind === 'cmd' && t[j]?.text === '{') j = group(j);
    // A function applied to an argument (\sigma(z), \exp(…)) is one scalar operand.
    // X0, w5: an index written right after a letter.
    if (first.kind === 'id' && t[j]?.kind === 'num' && /^\d+$/.test(t[j]!.text) && t[j]!.off === first.off + first.text.length) j++;
    if (first.kind === 'cmd' && t[j]?.text === '(') {
      let depth = 0;
      for (let m = j; m < t.length; m++) {
        if (t[m]!.text === '(') depth++;
        if (t[m]!.text === ')' && --depth === 0) return m + 1;
      }
      return t.length;
    }
    for (;;) {
      if (t[j]?.text === '_') j = group(j + 1);
      else if (t[j]?.text === '^' && !(t[j + 1]?.text === 'T' || t[j + 1]?.text === '\\top' || (t[j + 1]?.text === '{' && (t[j + 2]?.text === 'T' || t[j + 2]?.text === '\\top')))) j = group(j + 1);
      else break;
    }
    return j;
  }
}

class Mismatch extends Error {}

function map(v: Val, f: (ts: Tok[]) => Tok[]): Val {
  if (v.kind === 'scalar') return { kind: 'scalar', toks: f(v.toks) };
  const m = v.m;
  return { kind: 'matrix', m: { ...m, cell: (r, c) => f(m.cell(r, c)) } };
}

/** Entry-wise: same shape, or a scalar / a row / a column broadcast. */
function combine(a: Val, b: Val, f: (x: Tok[], y: Tok[]) => Tok[], additive: boolean): Val {
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', toks: additive ? f(a.toks, b.toks) : f(a.toks, b.toks) };
  const shape = a.kind === 'matrix' ? a.m : (b as { m: TM }).m;
  const other = a.kind === 'matrix' ? b : a;
  if (other.kind === 'matrix') {
    const o = other.m;
    const fits = (o.rows === shape.rows || o.rows === 1) && (o.cols === shape.cols || o.cols === 1);
    const big = o.rows * o.cols > shape.rows * shape.cols ? o : shape;
    if (!fits && !((shape.rows === o.rows || shape.rows === 1) && (shape.cols === o.cols || shape.cols === 1))) throw new Mismatch();
    const at = (m: TM, r: number, c: number) => m.cell(m.rows === 1 ? 0 : r, m.cols === 1 ? 0 : c);
    const am = a.kind === 'matrix' ? a.m : undefined;
    const bm = b.kind === 'matrix' ? b.m : undefined;
    return { kind: 'matrix', m: { rows: big.rows, cols: big.cols, cell: (r, c) => f(at(am!, r, c), at(bm!, r, c)) } };
  }
  const s = other.toks;
  return { kind: 'matrix', m: { rows: shape.rows, cols: shape.cols, cell: (r, c) => (a.kind === 'matrix' ? f(shape.cell(r, c), s) : f(s, shape.cell(r, c))) } };
}

function multiply(a: Val, b: Val, off: number): Val {
  const dot = tok('\\cdot', off, 'cmd');
  if (a.kind === 'matrix' && b.kind === 'matrix') {
    const x = a.m;
    const y = b.m;
    if (x.cols !== y.rows) throw new Mismatch();
    return {
      kind: 'matrix',
      m: {
        rows: x.rows, cols: y.cols,
        cell: (r, c) => Array.from({ length: x.cols }, (_, k) => [...(k > 0 ? [tok('+', off)] : []), ...paren(x.cell(r, k)), dot, ...paren(y.cell(k, c))]).flat(),
      },
    };
  }
  return combine(a, b, (p, q) => [...paren(p), dot, ...paren(q)], false);
}

/** The term with the index variable replaced (`w_i x_i` → `w_2 x_2`, `i^2` → `2^2`). */
function substitute(body: readonly Tok[], v: string, value: string): Tok[] {
  return body.map((t) => (t.kind === 'id' && t.text === v ? { ...t, kind: 'num', text: value } : t));
}

