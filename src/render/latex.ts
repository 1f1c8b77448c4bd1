/**
 * The LaTeX printer. Each op's form comes from its `latex` entry in the op table and brackets
 * from `parenthesize` (src/render/print.ts) with the table's `latexArgPrec`. What only LaTeX
 * needs lives here: `\frac`, `e^{…}` and a symbol with a superscript bind like a power (so a
 * power of them is bracketed, never a double superscript); a comparison inside arithmetic is an
 * Iverson bracket `\left[x > 0\right]` (1 when true, 0 when false); `where` is a `cases` block.
 * Every string produced renders with KaTeX (throwOnError) — tested on random expressions.
 */
import type { Expr } from '../expr/node.js';
import { COMPARISONS, OPS, PREC, type OpName } from '../expr/ops.js';
import { symbolLatex } from '../expr/names.js';
import { printExpr, type Style } from './print.js';
import { numberText } from './text.js';

/** A number in LaTeX: `0.4352`, `-3`, `1.5 \cdot 10^{-7}`, `e`, `\pi`, `\infty`. */
export function numberLatex(v: number): string {
  if (v === Math.E) return 'e';
  if (v === Math.PI) return '\\pi';
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  const s = numberText(v);
  const m = /^(-?[0-9.]+)e([-+]?)([0-9]+)$/.exec(s);
  if (!m) return s;
  return `${m[1]} \\cdot 10^{${m[2] === '-' ? '-' : ''}${m[3]}}`;
}

/** How tightly a node binds as LaTeX prints it. */
function latexPrec(e: Expr): number {
  switch (e.op) {
    case 'const': {
      if (e.value < 0) return PREC.neg;
      return numberLatex(e.value).includes('\\cdot') ? PREC.mul : PREC.atom;
    }
    case 'sym':
      // `W^{(1)}` carries a superscript already: bracket it before raising it to a power.
      return symbolLatex(e.name).includes('^') ? PREC.pow : PREC.atom;
    case 'div': // \frac is one unit, but (a/b)^2 still needs brackets
    case 'exp': // e^{x}: a power
    case 'exp2': // 2^{x}
      return PREC.pow;
    case 'where': // a cases block is bracketed inside products
      return PREC.add;
    default:
      return OPS[e.op].prec;
  }
}

/**
 * The table's latexArgPrec, refined where associativity makes brackets redundant in print:
 * a product's right factor and a negation's operand may themselves be products (a b c, −a b).
 * Negative operands there are still bracketed, by parenthesize's leading-minus rule.
 */
function latexArgPrec(op: OpName, i: number): number {
  if ((op === 'mul' && i === 1) || op === 'neg') return PREC.mul;
  return OPS[op].latexArgPrec[i] ?? 0;
}

const latexStyle: Style = {
  prec: latexPrec,
  argPrec: latexArgPrec,
  leaf: (e) => (e.op === 'const' ? numberLatex(e.value) : symbolLatex(e.name)),
  apply: (e, args) => (e.op === 'where' ? printWhere(e, args) : OPS[e.op].latex(args, e.args)),
  open: '\\left(',
  close: '\\right)',
  arg(parent, i, child, printed) {
    const isCondition = parent.op === 'where' && i === 0;
    if (COMPARISONS.has(child.op)) {
      // [x > 0] is 1 where the comparison holds and 0 elsewhere.
      return isCondition ? printed : `\\left[${printed}\\right]`;
    }
    if (isCondition) return `${printed} \\ne 0`;
    return undefined;
  },
};

/** The rows of a printed `where` chain: [value, condition] pairs tried in order, then `otherwise`. */
interface CaseRows { readonly rows: ReadonlyArray<readonly [string, string]>; readonly otherwise: string }
const CASE_ROWS = new WeakMap<Expr, CaseRows>();

/**
 * where(c₁, a, where(c₂, b, d)) as one block of rows rather than a block nested in the
 * `otherwise` row: a if c₁, b else if c₂, d otherwise. The rows are tried in order, as `where`
 * does, hence "else if" (the conditions may overlap). A lone `where` keeps the op table's form.
 */
function printWhere(e: Expr, args: readonly string[]): string {
  const [cond, then, rest] = args as [string, string, string];
  const inner = CASE_ROWS.get(e.args[2]!);
  const chain: CaseRows = inner
    ? { rows: [[then, cond], ...inner.rows], otherwise: inner.otherwise }
    : { rows: [[then, cond]], otherwise: rest };
  CASE_ROWS.set(e, chain);
  if (!inner) return OPS.where.latex(args, e.args);
  const rows = chain.rows.map(([v, c], k) => `${v} & \\text{${k === 0 ? 'if' : 'else if'} } ${c}`);
  return `\\begin{cases} ${[...rows, `${chain.otherwise} & \\text{otherwise}`].join(' \\\\ ')} \\end{cases}`;
}

/**
 * An expression as LaTeX with minimal brackets. Every expression is a number, so a comparison
 * is an Iverson bracket even at the top (`\left[z > 0\right]`); only a `where` condition is bare.
 */
export function toLatex(e: Expr): string {
  const tex = printExpr(e, latexStyle);
  return COMPARISONS.has(e.op) ? `\\left[${tex}\\right]` : tex;
}

type Named = Expr | string;
const nameLatex = (x: Named): string =>
  typeof x === 'string' ? symbolLatex(x) : x.op === 'sym' ? symbolLatex(x.name) : toLatex(x);

/**
 * The derivative operator in Leibniz notation: `\frac{\partial L}{\partial w}`, with an order
 * (`\frac{\partial^{2} L}{\partial w^{2}}`) or several variables for a mixed derivative
 * (`\frac{\partial^{2} L}{\partial w \, \partial b}`). A function that is not a symbol is
 * written after the operator: `\frac{\partial}{\partial w} \left(…\right)`.
 */
export function partialLatex(f: Named, x: Named | readonly Named[], order = 1): string {
  const vars = Array.isArray(x) ? (x as readonly Named[]) : Array<Named>(order).fill(x as Named);
  if (vars.length === 0) throw new Error('partialLatex needs at least one variable');
  // Group repeated variables: w, w, b → ∂w² ∂b.
  const groups: Array<{ tex: string; n: number }> = [];
  for (const v of vars) {
    const tex = nameLatex(v);
    const last = groups[groups.length - 1];
    if (last && last.tex === tex) last.n += 1;
    else groups.push({ tex, n: 1 });
  }
  const power = (n: number) => (n === 1 ? '' : `^{${n}}`);
  // A name with its own superscript is braced before taking a power: {W^{(1)}}^{2}.
  const base = (tex: string, n: number) => (n > 1 && tex.includes('^') ? `{${tex}}` : tex);
  const below = groups.map((g) => `\\partial ${base(g.tex, g.n)}${power(g.n)}`).join(' \\, ');
  const top = `\\partial${power(vars.length)}`;
  const isName = typeof f === 'string' || f.op === 'sym';
  if (isName) return `\\frac{${top} ${nameLatex(f)}}{${below}}`;
  const body = toLatex(f as Expr);
  const wrapped = latexPrec(f as Expr) >= PREC.call ? body : `\\left(${body}\\right)`;
  return `\\frac{${top}}{${below}} ${wrapped}`;
}
