/**
 * Matrix equations checked entry by entry. A statement such as
 * `Z_1 = W_1 \cdot X + b_1 = \begin{bmatrix}…\end{bmatrix} \begin{bmatrix}…\end{bmatrix} + … = \begin{bmatrix}…\end{bmatrix}`
 * is read as matrix algebra over its operands — matrix literals, names given a matrix earlier in
 * the document, scalars — with sums (a column or row broadcast to a matrix, a scalar to every
 * entry), products (`A B`, `A \cdot B`, `A \times B`: the matrix product when both are matrices,
 * else scaling), the element-wise `\odot`, transposes (`^T`, `^{\top}`) and a bounded
 * `\sum_{i=1}^{n}` of one term; every entry of the result becomes its own scalar equation, its
 * sides built from the operands' entries (`(0.15)(0.05) + (0.20)(0.10) + (0.35)`), so that
 * each entry is checked — and a wrong entry located — by the ordinary checks. A matrix name's
 * entries are names of their own: `Z_1` of a column gives `Z_1_1, Z_1_2` (as a vector literal does),
 * a matrix `W_2` (or `W^{(2)}`) gives `W^{(2)}_{1,2}` (read as a two-index weight family by
 * pairs.ts), `W` gives `W_{1,2}`. A statement whose operands do not fit (shapes that do not
 * match, a name with no matrix) is left as it was.
 */
import type { EquationSrc, SideSrc } from './equations.js';
import type { Tok } from './lex.js';
import { displayName } from './names.js';
import { ParseError, parseSide, Slots } from './parse.js';
import type { EquationResult } from './run.js';

interface TM { rows: number; cols: number; cell: (r: number, c: number) => Tok[] }
type Val = { kind: 'matrix'; m: TM } | { kind: 'scalar'; toks: Tok[] };

const tok = (text: string, off: number, kind: Tok['kind'] = 'ch'): Tok => ({ kind, text, off });
const paren = (ts: Tok[]): Tok[] => (ts.length === 1 ? ts : [tok('(', ts[0]?.off ?? 0), ...ts, tok(')', ts[ts.length - 1]?.off ?? 0)]);

/** The names of a matrix's entries. */
export function entryName(name: string, rows: number, cols: number, r: number, c: number): string {
  const base = name.replace(/^\\mathbf\{(\w)\}$/, '$1');
  if (rows * cols === 1) return name;
  if (rows === 1 || cols === 1) return `${base}_${(rows === 1 ? c : r) + 1}`;
  const layer = /^([A-Za-z])(?:_\{?(\d+)\}?|\^\{[([](\d+)[)\]]\})$/.exec(base);
  return layer ? `${layer[1]}^{(${layer[2] ?? layer[3]})}_{${r + 1},${c + 1}}` : `${base}_{${r + 1},${c + 1}}`;
}

function named(name: string, off: number): Tok {
  return { kind: 'id', text: 'M', off, name } as Tok;
}

/** Expand matrix statements into one statement per entry; `shapes` carries names across statements. */
export function expandMatrices(eqs: readonly EquationSrc[]): EquationSrc[] {
  const shapes = new Shapes();
  const out: EquationSrc[] = [];
  for (const eq of eqs) {
    const expanded = eq.unsupported ? undefined : expand(eq, shapes);
    if (expanded) out.push(...expanded);
    else out.push(eq);
    // A name given a list `(0.2, 0.4)` is a column vector; one given a scalar value is a scalar
    // operand later (b in W x + b).
    const head = nameOf(eq.sides[0]?.toks ?? []);
    const list = eq.sides.length === 2 ? listLength(eq.sides[1]!.toks) : undefined;
    if (!expanded && head !== undefined && !shapes.has(head)) {
      if (list !== undefined) shapes.set(head, { rows: list, cols: 1 });
      else shapes.scalars.add(head);
    }
  }
  return out;
}

/** Names with a matrix shape, and names known to be scalars (so far in the document). */
class Shapes extends Map<string, { rows: number; cols: number }> { readonly scalars = new Set<string>(); }

/** `(0.2, 0.4)`, `[1, -2]`: the number of entries of a list of numbers. */
function listLength(toks: readonly Tok[]): number | undefined {
  const open = toks[0]?.text;
  if ((open !== '(' && open !== '[') || toks[toks.length - 1]?.text !== (open === '(' ? ')' : ']')) return undefined;
  const inner = toks.slice(1, -1);
  if (!inner.every((t) => t.kind === 'num' || t.text === ',' || t.text === '-')) return undefined;
  const n = inner.filter((t) => t.text === ',').length + 1;
  return n >= 2 ? n : undefined;
}

function nameOf(toks: readonly Tok[]): string | undefined {
  if (toks.length === 0 || toks.some((t) => t.text === '\\matrix')) return undefined;
  try {
    const s = parseSide(toks, new Slots());
    return s.kind === 'expr' && s.expr.op === 'sym' ? s.expr.name : undefined;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

function expand(eq: EquationSrc, shapes: Shapes): EquationSrc[] | undefined {
  const hasMatrix = eq.sides.some((s) => s.toks.some((t) => t.text === '\\matrix' || t.text === '\\sum'));
  const usesNamed = eq.sides.some((s) => s.toks.some((t) => t.kind === 'id' || t.kind === 'cmd') && refersTo(s.toks, shapes));
  if (!hasMatrix && !usesNamed) return undefined;
  const head = nameOf(eq.sides[0]!.toks);
  const vals: Array<Val | undefined> = eq.sides.map((s, k) => (k === 0 && head !== undefined && !shapes.has(head) ? undefined : new Reader(s.toks, shapes).read()));
  const shape = vals.find((v): v is { kind: 'matrix'; m: TM } => v?.kind === 'matrix')?.m;
  if (!shape) {
    // `\sum_{i=1}^{n}` over scalars: one scalar statement with the sum written out.
    if (!eq.sides.some((s) => s.toks.some((t) => t.text === '\\sum')) || vals.slice(1).some((v) => v === undefined)) return undefined;
    return [{ ...eq, sides: eq.sides.map((s, k) => (vals[k]?.kind === 'scalar' ? { ...s, toks: (vals[k] as { toks: Tok[] }).toks } : s)) }];
  }
  if (vals.some((v, k) => (v === undefined ? k !== 0 : v.kind === 'matrix' && (v.m.rows !== shape.rows || v.m.cols !== shape.cols)))) return undefined;
  // A lone vector given to a name is read as a vector claim already (checker.ts): record its shape only.
  if (eq.sides.length === 2 && head !== undefined && (shape.rows === 1 || shape.cols === 1) && eq.sides[1]!.toks.length === 1) {
    shapes.set(head, { rows: shape.rows, cols: shape.cols });
    return undefined;
  }
  if (head !== undefined) shapes.set(head, { rows: shape.rows, cols: shape.cols });
  const out: EquationSrc[] = [];
  const group = { id: ++groups, subject: head ?? eq.sides[0]!.text };
  for (let r = 0; r < shape.rows; r++) {
    for (let c = 0; c < shape.cols; c++) {
      const sides: SideSrc[] = eq.sides.map((s, k) => {
        const v = vals[k];
        const toks = v === undefined ? [named(entryName(head!, shape.rows, shape.cols, r, c), s.toks[0]?.off ?? 0)] : v.kind === 'matrix' ? v.m.cell(r, c) : paren(v.toks);
        return { ...s, toks, text: `${s.text} [${r + 1},${c + 1}]` };
      });
      out.push({ ...eq, sides, group });
    }
  }
  return out;
}

let groups = 0;

function refersTo(toks: readonly Tok[], shapes: Shapes): boolean {
  if (shapes.size === 0) return false;
  return new Reader(toks, shapes).mentions();
}

/** A side read as matrix algebra over token operands. */
class Reader {
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

/** One result per matrix statement: its entries' findings together (each names its entry). */
export function mergeGroups(eqs: readonly EquationSrc[], results: readonly EquationResult[]): EquationResult[] {
  const out: EquationResult[] = [];
  let last: number | undefined;
  results.forEach((r, k) => {
    const g = eqs[k]?.group;
    const prev = out[out.length - 1];
    if (g && g.id === last && prev) {
      const status = prev.status === 'failed' || r.status === 'failed' ? 'failed' : prev.status === 'passed' || r.status === 'passed' ? 'passed' : 'not-checked';
      const notes = [...prev.findings, ...r.findings].filter((f) => f.severity === 'note');
      const flagged = [...prev.findings, ...r.findings].filter((f) => f.severity !== 'note');
      out[out.length - 1] = { ...prev, status, checks: prev.checks + r.checks, findings: [...flagged, ...notes.slice(0, 1)].sort((a, b) => a.line - b.line || a.column - b.column) };
    } else {
      out.push(g ? { ...r, subject: displayName(g.subject) } : r);
    }
    last = g?.id;
  });
  return out;
}
