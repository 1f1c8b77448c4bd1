/**
 * The bridge between the tensor IR and the scalar engine. An elementwise map carries a scalar
 * Expr in placeholder symbols; this module differentiates it with the core's `derivative`
 * (src/diff), tidies it (tidy.ts), and turns it into a fast float64 closure built from
 * the op table's `eval` functions (no generated source, so user formulas never become code).
 */
import { topoOrder, symbol, substitute, type Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import { OPS } from '../../expr/ops.js';
import { derivative } from '../../diff/reverse.js';
import { tidy } from './tidy.js';

/** Placeholders bound to an elementwise node's arguments in order (internal names, never printed). */
export const P0 = symbol('#0');
export const P1 = symbol('#1');
export const P2 = symbol('#2');
/** The placeholder bound to an elementwise node's coefficient (c·A, with c = 1/B kept symbolic). */
export const PK = symbol('#k');

/** One element: the values bound to `vars` in order. */
export type ScalarFn = (xs: ArrayLike<number>) => number;

const compiled = new WeakMap<Expr, Map<string, ScalarFn>>();

/** A closure computing `fn` with vars[k] = xs[k], sharing common subexpressions. */
export function compileScalar(fn: Expr, vars: readonly Expr[]): ScalarFn {
  const key = vars.map((v) => v.id).join(',');
  let byVars = compiled.get(fn);
  if (!byVars) compiled.set(fn, (byVars = new Map()));
  const hit = byVars.get(key);
  if (hit) return hit;
  const order = topoOrder([fn]);
  const slot = new Map<Expr, number>(order.map((n, i) => [n, i]));
  type Step = (r: Float64Array, xs: ArrayLike<number>) => void;
  const steps: Step[] = order.map((n, i): Step => {
    if (n.op === 'const') {
      const v = n.value;
      return (r) => void (r[i] = v);
    }
    if (n.op === 'sym') {
      const k = vars.indexOf(n);
      if (k >= 0) return (r, xs) => void (r[i] = xs[k]!);
      throw new Error(`elementwise function uses an unbound symbol '${n.name}'`);
    }
    const ev = OPS[n.op].eval;
    const [x, y, z] = n.args.map((a) => slot.get(a)!);
    return (r) => void (r[i] = ev(r[x!]!, y === undefined ? NaN : r[y]!, z === undefined ? NaN : r[z]!));
  });
  const regs = new Float64Array(order.length);
  const last = order.length - 1;
  const run: ScalarFn = (xs) => {
    for (const s of steps) s(regs, xs);
    return regs[last]!;
  };
  byVars.set(key, run);
  return run;
}

/**
 * ∂fn/∂vars[i], simplified. When the derivative mentions the function itself (σ′ = σ(1 − σ),
 * tanh′ = 1 − tanh²), that subexpression is replaced by `self`, so the factor can be computed
 * from the layer's output A instead of recomputing σ(Z) — as PyTorch's backward does.
 */
export function localDerivative(fn: Expr, vars: readonly Expr[], i: number, self?: Expr): Expr {
  const d = tidy(derivative(fn, vars[i]!));
  if (self === undefined || vars.includes(fn) || fn.op === 'const') return d;
  if (!topoOrder([d]).includes(fn)) return d;
  return tidy(substitute(d, new Map([[fn, self]]), B.apply));
}

export function usesSymbol(e: Expr, s: Expr): boolean {
  return topoOrder([e]).includes(s);
}
