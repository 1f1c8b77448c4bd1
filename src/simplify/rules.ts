/**
 * The rewrite rules, as data. Each rule is named by the identity it implements; a pattern rule
 * is `lhs → rhs` over the IR with wildcards (pattern.ts), a long rule is a named function
 * referenced from the table. One engine (engine.ts) runs the table bottom-up to a fixpoint.
 *
 * Every rule holds wherever the left side is finite; some also give a value where the left side
 * has none (x/x = 1 at x = 0, x·0 = 0 at x = ∞), as every computer-algebra system does.
 * Identities that could change a finite value are deliberately absent: √(x²) ≠ x, eˡᵒᵍ ˣ ≠ x
 * for x < 0, (x²)^½ ≠ x, and where(c, 0, 1) ≠ ¬c when c compares a NaN.
 */
import type { Expr, Kind } from '../expr/node.js';
import { COMPARISONS, OP_NAMES, OPS } from '../expr/ops.js';
import { constant } from '../expr/node.js';
import { EXACT_OPS } from '../expr/build.js';
import { decimalAdd, decimalMul, decimalSub } from '../expr/decimal.js';
import { isShortDecimal } from './coef.js';
import { normalForm } from './normal.js';
import { any, num, P, type Bindings } from './pattern.js';

export interface PatternRule {
  /** The identity, as a reader would write it. */
  readonly name: string;
  readonly lhs: Expr;
  readonly rhs: Expr | ((b: Bindings) => Expr);
  /** An extra condition on the bindings. */
  readonly when?: (b: Bindings) => boolean;
}

export interface FunctionRule {
  readonly name: string;
  /** The node kinds the rule looks at. */
  readonly ops: readonly Kind[];
  /** The rewritten node, or undefined when the rule does not apply. */
  readonly apply: (e: Expr) => Expr | undefined;
  /** A region rule works on a whole arithmetic region and is skipped inside one (engine.ts). */
  readonly region?: boolean;
}

export type Rule = PatternRule | FunctionRule;

const a = any('a');
const b = any('b');
const k = num('k');
const m = num('m');
const bound = (bs: Bindings, name: string): Expr => bs.get(name)!;
const isInteger = (bs: Bindings, name: string): boolean => Number.isInteger(bound(bs, name).value);
/** m·k when it is exact (decimal.ts). */
const exponentProduct = (bs: Bindings): number => decimalMul(bound(bs, 'm').value, bound(bs, 'k').value);

/**
 * f(c₁, …, cₙ) = its value, for constant arguments. Transcendental results are folded only when
 * they are short decimals (exp(0) = 1, σ(0) = 0.5, √4 = 2), so log(2) stays log(2), and a
 * quotient like 1/3 stays a fraction.
 */
function foldConstants(e: Expr): Expr | undefined {
  if (e.op === 'const' || e.op === 'sym' || e.args.length === 0 || !e.args.every((x) => x.op === 'const')) return undefined;
  const [x, y, z] = e.args;
  // + − × fold exactly (decimal.ts): an integer result no float64 holds stays written out
  const exact = e.op === 'add' ? decimalAdd : e.op === 'sub' ? decimalSub : e.op === 'mul' ? decimalMul : undefined;
  const v = exact ? exact(x!.value, y!.value) : OPS[e.op].eval(x!.value, y?.value ?? NaN, z?.value ?? NaN);
  if (!Number.isFinite(v)) return undefined;
  return EXACT_OPS.has(e.op) || isShortDecimal(v) ? constant(v) : undefined;
}

const ARITHMETIC: readonly Kind[] = ['add', 'sub', 'mul', 'div', 'neg', 'pow'];

const rule = (name: string, lhs: Expr, rhs: PatternRule['rhs'], when?: PatternRule['when']): PatternRule =>
  when ? { name, lhs, rhs, when } : { name, lhs, rhs };

export const RULES: readonly Rule[] = [
  { name: 'f(c₁, …, cₙ) = its exact value', ops: OP_NAMES, apply: foldConstants },

  // sums
  rule('x + 0 = x', P('add', a, 0), a),
  rule('x − 0 = x', P('sub', a, 0), a),
  rule('0 − x = −x', P('sub', 0, a), P('neg', a)),
  rule('x − x = 0', P('sub', a, a), constant(0)),
  rule('x + (−y) = x − y', P('add', a, P('neg', b)), P('sub', a, b)),
  rule('x − (−y) = x + y', P('sub', a, P('neg', b)), P('add', a, b)),
  rule('−(−x) = x', P('neg', P('neg', a)), a),
  rule('−(a − b) = b − a', P('neg', P('sub', a, b)), P('sub', b, a)),

  // products and quotients
  rule('x·1 = x', P('mul', a, 1), a),
  rule('x·0 = 0', P('mul', a, 0), constant(0)),
  rule('x·(−1) = −x', P('mul', a, -1), P('neg', a)),
  rule('(−x)(−y) = xy', P('mul', P('neg', a), P('neg', b)), P('mul', a, b)),
  rule('x·x = x²', P('mul', a, a), P('pow', a, 2)),
  rule('x·(1/y) = x/y', P('mul', a, P('div', 1, b)), P('div', a, b)),
  rule('x/1 = x', P('div', a, 1), a),
  rule('x/x = 1', P('div', a, a), constant(1)),
  rule('0/x = 0', P('div', 0, a), constant(0)),
  rule('x/(1/y) = xy', P('div', a, P('div', 1, b)), P('mul', a, b)),

  // powers
  rule('x¹ = x', P('pow', a, 1), a),
  rule('x⁰ = 1', P('pow', a, 0), constant(1)),
  rule('1ˣ = 1', P('pow', 1, a), constant(1)),
  rule('(xᵐ)ᵏ = xᵐᵏ for an integer k', P('pow', P('pow', a, m), k),
    (bs) => P('pow', bound(bs, 'a'), exponentProduct(bs)), (bs) => isInteger(bs, 'k') && Number.isFinite(exponentProduct(bs))),

  // everything else arithmetic: like terms, exponents of equal bases, cancellation, expansion,
  // and indicators inside products: [c]² = [c], u·[u > 0] = relu(u), relu(u)·[u > 0] = relu(u)
  { name: 'normal form: Σ cᵢ·Πxⱼ^eⱼ, like terms collected', ops: ARITHMETIC, apply: normalForm, region: true },

  // elementary functions
  rule('log(eˣ) = x', P('log', P('exp', a)), a),
  rule('e^(log x) = x', P('exp', P('log', a)), a),
  rule('eᵃ·eᵇ = eᵃ⁺ᵇ', P('mul', P('exp', a), P('exp', b)), P('exp', P('add', a, b))),
  rule('(eᵃ)ᵏ = eᵏᵃ', P('pow', P('exp', a), k), P('exp', P('mul', k, a))),
  rule('(√x)² = x', P('pow', P('sqrt', a), 2), a),
  rule('√(x²) = |x|', P('sqrt', P('pow', a, 2)), P('abs', a)),
  rule('sinh x / cosh x = tanh x', P('div', P('sinh', a), P('cosh', a)), P('tanh', a)),
  rule('(eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = tanh x',
    P('div', P('sub', P('exp', a), P('exp', P('neg', a))), P('add', P('exp', a), P('exp', P('neg', a)))), P('tanh', a)),
  rule('|−x| = |x|', P('abs', P('neg', a)), P('abs', a)),
  rule('||x|| = |x|', P('abs', P('abs', a)), P('abs', a)),
  rule('relu(relu(x)) = relu(x)', P('relu', P('relu', a)), P('relu', a)),
  rule('max(x, x) = x', P('max', a, a), a),
  rule('min(x, x) = x', P('min', a, a), a),

  // piecewise forms and indicators ([c] is 1 when c holds, else 0)
  rule('where(c, x, x) = x', P('where', any('c'), a, a), a),
  rule('where(k, x, y) = x if k ≠ 0 else y', P('where', k, a, b),
    (bs) => (bound(bs, 'k').value !== 0 ? bound(bs, 'a') : bound(bs, 'b'))),
  rule('where(c, 1, 0) = [c] for a comparison c', P('where', any('c'), 1, 0), any('c'),
    (bs) => COMPARISONS.has(bound(bs, 'c').op)),
  rule('[x > x] = 0', P('gt', a, a), constant(0)),
  rule('[x < x] = 0', P('lt', a, a), constant(0)),
];
