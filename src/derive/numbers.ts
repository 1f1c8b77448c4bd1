/**
 * Numbers as a derivation shows them: every computation keeps full float64 precision, and only
 * the printed form is rounded to `decimals` places (the tutorial's 4 by default). Values too
 * small to show at that precision are written in scientific form rather than as a false 0.
 *
 * `numericLatex` prints an expression with every symbol replaced by its (rounded) value, the
 * "numbers substituted" step of a hand calculation: `0.4352 \times 1 + 0.3545 \times 1 - 0.1419`.
 * It walks the op table's own LaTeX forms and precedences, so it stays in step with the printer.
 */
import { OPS, PREC, topoOrder, type Expr } from '../expr/index.js';

/** A number with `decimals` places; integers stay integers; tiny non-zero and huge values go scientific. */
export function fmt(v: number, decimals: number): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v === 0 ? 0 : v);
  const fixed = v.toFixed(decimals);
  // 0 < |v| < 10^-decimals (keep `decimals` significant digits instead of printing 0.0000), or huge
  if (Number(fixed) !== 0 && Math.abs(v) < 1e15) return fixed;
  const [mant, exp] = v.toExponential(Math.max(decimals - 1, 1)).split('e');
  return `${mant} \\times 10^{${Number(exp)}}`;
}

/** `+ 0.3545` / `- 0.1419`: a term appended to a sum. */
export function signed(v: number, decimals: number): string {
  return v < 0 || Object.is(v, -0) ? `- ${fmt(-v, decimals)}` : `+ ${fmt(v, decimals)}`;
}

/** A value as a factor in a product: negative numbers get brackets. */
export function factor(v: number, decimals: number): string {
  const s = fmt(v, decimals);
  return v < 0 ? `\\left(${s}\\right)` : s;
}

export type Values = ReadonlyMap<Expr, number>;

const COMPARISON = new Set(['gt', 'ge', 'lt', 'le', 'eq']);

/**
 * The expression with symbols replaced by their values from `values`. `a + (−c)` is written
 * `a - c` and `a - (−c)` as `a + c`, products of numbers use `\times`, and `e^{-(-0.34)}`
 * becomes `e^{0.34}`, as a person writes it by hand.
 */
export function numericLatex(e: Expr, values: Values, decimals: number): string {
  const out = new Map<Expr, { s: string; prec: number; neg: boolean }>();
  for (const n of topoOrder([e])) {
    if (n.op === 'const' || n.op === 'sym') {
      const v = n.op === 'const' ? n.value : values.get(n);
      if (v === undefined) throw new Error(`numericLatex: no value for '${n.name}'`);
      const neg = v < 0;
      out.set(n, { s: fmt(v, decimals), prec: neg ? PREC.neg : PREC.atom, neg });
      continue;
    }
    const spec = OPS[n.op];
    const args = n.args.map((a) => out.get(a)!);
    const right = args[1];
    if ((n.op === 'add' || n.op === 'sub') && right?.neg && right.prec >= PREC.mul) {
      // a + (−c·d) = a − c·d ;  a − (−c·d) = a + c·d  (the minus sign leads the right operand)
      const op = n.op === 'add' ? '-' : '+';
      out.set(n, { s: `${paren(args[0]!, spec.latexArgPrec[0]!)} ${op} ${right.s.replace(/^-/, '')}`, prec: PREC.add, neg: args[0]!.neg });
      continue;
    }
    if (n.op === 'neg' && args[0]!.neg && args[0]!.prec === PREC.neg) {
      // −(−c) = c
      out.set(n, { s: args[0]!.s.replace(/^-/, ''), prec: PREC.atom, neg: false });
      continue;
    }
    // a negative number right of × or as a base is bracketed: 0.4154 \times \left(-0.1725\right)
    const strs = args.map((a, i) => {
      const wrapNeg = a.neg && ((n.op === 'mul' && i === 1) || (n.op === 'pow' && i === 0));
      return wrapNeg ? `\\left(${a.s}\\right)` : paren(a, spec.latexArgPrec[i] ?? 0);
    });
    if (COMPARISON.has(n.op)) {
      // a comparison used as a number is an Iverson bracket: [0.4 > 0] = 1
      out.set(n, { s: `\\left[${spec.latex(strs, n.args)}\\right]`, prec: PREC.atom, neg: false });
      continue;
    }
    const s = n.op === 'mul' ? `${strs[0]} \\times ${strs[1]}` : spec.latex(strs, n.args);
    // the string starts with a minus sign: a negation, or a product/quotient led by a negative number
    const neg = n.op === 'neg' || (n.op === 'mul' && args[0]!.neg);
    out.set(n, { s, prec: spec.prec, neg });
  }
  return out.get(e)!.s;
}

function paren(a: { s: string; prec: number }, least: number): string {
  return a.prec < least ? `\\left(${a.s}\\right)` : a.s;
}
