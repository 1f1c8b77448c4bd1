/**
 * Builders: the way the rest of symgrad makes expressions. They apply only the identities that
 * keep derivative graphs small and never change a value (x + 0, x·1, x·0, −(−x)), and fold
 * constants: + − × exactly in decimal (0.1 + 0.2 = 0.3, see decimal.ts), other exact results as
 * evaluated. Everything a reader would call "simplification" lives in src/simplify.
 */
import { apply as rawApply, constant, symbol, type Expr } from './node.js';
import { OPS, type OpName } from './ops.js';
import { decimalAdd, decimalMul, decimalSub } from './decimal.js';

export { constant, symbol };
export type { Expr };

const isC = (e: Expr, v?: number) => e.op === 'const' && (v === undefined || e.value === v);

/** Apply an op, folding it when every argument is a constant. */
export function apply(op: OpName, args: readonly Expr[]): Expr {
  const spec = OPS[op];
  if (args.length !== spec.arity) {
    throw new Error(`${op} takes ${spec.arity} argument(s), got ${args.length}`);
  }
  if (args.every((a) => a.op === 'const')) {
    const [x = NaN, y = NaN, z = NaN] = args.map((a) => a.value);
    // + − × of decimals fold exactly (0.1 + 0.2 = 0.3, see decimal.ts); the rest as evaluated
    const exact = op === 'add' ? decimalAdd : op === 'sub' ? decimalSub : op === 'mul' ? decimalMul : undefined;
    const v = exact ? exact(x, y) : spec.eval(x, y, z);
    if (Number.isFinite(v) && foldable(op, v)) return constant(v);
  }
  return rawApply(op, args);
}

/** Ops whose value on constants is exact (up to float rounding): always folded. */
export const EXACT_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'add', 'sub', 'mul', 'neg', 'abs', 'sign', 'max', 'min', 'where',
  'gt', 'ge', 'lt', 'le', 'eq', 'relu', 'leaky_relu',
]);

/** Fold exact arithmetic only: keep e.g. log(2) and sqrt(2) symbolic, fold 2·3 and −(4). */
function foldable(op: OpName, v: number): boolean {
  // div and pow fold when the result is short (1/4 = 0.25), keeping 1/3 as a fraction
  return EXACT_OPS.has(op) || ((op === 'div' || op === 'pow') && String(v).length <= 8);
}

export function add(a: Expr, b: Expr): Expr {
  if (isC(a, 0)) return b;
  if (isC(b, 0)) return a;
  if (b.op === 'neg') return sub(a, b.args[0]!);
  return apply('add', [a, b]);
}

export function sub(a: Expr, b: Expr): Expr {
  if (isC(b, 0)) return a;
  if (isC(a, 0)) return neg(b);
  if (a === b) return constant(0);
  if (b.op === 'neg') return add(a, b.args[0]!);
  return apply('sub', [a, b]);
}

export function mul(a: Expr, b: Expr): Expr {
  if (isC(a, 0) || isC(b, 0)) return constant(0);
  if (isC(a, 1)) return b;
  if (isC(b, 1)) return a;
  if (isC(a, -1)) return neg(b);
  if (isC(b, -1)) return neg(a);
  if (a.op === 'neg' && b.op === 'neg') return mul(a.args[0]!, b.args[0]!);
  if (a.op === 'neg') return neg(mul(a.args[0]!, b));
  if (b.op === 'neg') return neg(mul(a, b.args[0]!));
  return apply('mul', [a, b]);
}

export function div(a: Expr, b: Expr): Expr {
  if (isC(b, 1)) return a;
  if (isC(a, 0) && !isC(b, 0)) return constant(0);
  if (a.op === 'neg') return neg(div(a.args[0]!, b));
  return apply('div', [a, b]);
}

export function neg(a: Expr): Expr {
  if (a.op === 'neg') return a.args[0]!;
  return apply('neg', [a]);
}

export function pow(a: Expr, b: Expr): Expr {
  if (isC(b, 1)) return a;
  if (isC(b, 0)) return constant(1);
  return apply('pow', [a, b]);
}

export const exp = (a: Expr) => apply('exp', [a]);
export const log = (a: Expr) => apply('log', [a]);
export const sqrt = (a: Expr) => apply('sqrt', [a]);
export const abs = (a: Expr) => apply('abs', [a]);
export const sigmoid = (a: Expr) => apply('sigmoid', [a]);
export const tanh = (a: Expr) => apply('tanh', [a]);
export const relu = (a: Expr) => apply('relu', [a]);
export const leakyRelu = (a: Expr, alpha: Expr | number) =>
  apply('leaky_relu', [a, typeof alpha === 'number' ? constant(alpha) : alpha]);
export const softplus = (a: Expr) => apply('softplus', [a]);
export const max = (a: Expr, b: Expr) => apply('max', [a, b]);
export const min = (a: Expr, b: Expr) => apply('min', [a, b]);
export const gt = (a: Expr, b: Expr) => apply('gt', [a, b]);
export const lt = (a: Expr, b: Expr) => apply('lt', [a, b]);

export function where(cond: Expr, a: Expr, b: Expr): Expr {
  if (cond.op === 'const') return cond.value !== 0 ? a : b;
  if (a === b) return a;
  return apply('where', [cond, a, b]);
}

/** Sum of many terms (0 for none). */
export function sum(terms: readonly Expr[]): Expr {
  return terms.reduce((acc, t) => add(acc, t), constant(0));
}

/** Shorthand: a number becomes a constant, a string a symbol. */
export function lift(v: Expr | number | string): Expr {
  if (typeof v === 'number') return constant(v);
  if (typeof v === 'string') return symbol(v);
  return v;
}
