/**
 * The normal form of arithmetic: a sum of terms, each a numeric coefficient times a monomial,
 * a product of bases raised to non-zero integer exponents.
 *
 * Bases are interned nodes — symbols, calls such as σ(z), powers with non-integer exponents, and
 * sums — so identical factors meet in one map entry and their exponents add up: x·x = x²,
 * x·x⁻¹ = 1, and (1 − σ)/(1 − σ) = 1 even though the base is a sum. Reading an expression into
 * this form stops at nodes larger than a budget, which are kept whole as bases, so that the
 * work stays linear on big shared DAGs.
 */
import { apply, treeSize, type Expr } from '../expr/node.js';
import { COMPARISONS } from '../expr/ops.js';
import * as C from './coef.js';
import { compareExpr } from './order.js';
import { sumExpr } from './rebuild.js';

/** base → exponent (a non-zero integer). */
export type Mono = Map<Expr, number>;

export interface Term {
  readonly coef: C.Coef;
  readonly mono: Mono;
}

/** Subtrees larger than this are treated as opaque bases. */
export const READ_BUDGET = 600;
/** Integer powers beyond this are kept as they are. */
const MAX_EXPONENT = 64;

export const isSum = (e: Expr): boolean => e.op === 'add' || e.op === 'sub';
const isIndicator = (e: Expr): boolean => COMPARISONS.has(e.op);

const intExponent = (e: Expr): number | undefined =>
  e.op === 'pow' && e.args[1]!.op === 'const' && Number.isInteger(e.args[1]!.value) &&
  Math.abs(e.args[1]!.value) <= MAX_EXPONENT ? e.args[1]!.value : undefined;

/**
 * Whether the normal form at `parent` reads `child` as part of its own region, so that the
 * normal form need not be run at `child` itself: the inner sums of a long sum (a + b) + c.
 * Products are still normalised on their own, because that can cancel what a flat reading could
 * only expand: (−y/σ + (1 − y)/(1 − σ))·σ(1 − σ) becomes σ − y before it is multiplied further.
 */
export function readsThrough(parent: Expr, child: Expr): boolean {
  return isSum(child) && isSum(parent) && treeSize(parent) <= READ_BUDGET;
}

/** Multiply `base^k` into a monomial in place: xᵃ·xᵇ = xᵃ⁺ᵇ, dropping x⁰. */
export function mulBase(m: Mono, base: Expr, k: number): void {
  let e = (m.get(base) ?? 0) + k;
  // an indicator is 0 or 1, so [c]ⁿ = [c] for n ≥ 1
  if (isIndicator(base) && e > 1) e = 1;
  if (e === 0) m.delete(base);
  else m.set(base, e);
}

const negations = new WeakMap<Expr, Expr>();

/** −S for a sum S, written in normal form: −(a − b) = b − a. */
function negatedSum(s: Expr): Expr {
  let n = negations.get(s);
  if (n === undefined) negations.set(s, (n = sumExpr(readSum(s, C.MINUS_ONE))));
  return n;
}

/** Merge a sum base with its negation: Sᵏ·(−S)ʲ = (−1)ᵏ·(−S)ʲ⁺ᵏ, so (a − b)/(b − a) = −1. */
function mergeOpposites(coef: C.Coef, mono: Mono): C.Coef {
  for (const [base, k] of [...mono]) {
    if (!isSum(base) || !mono.has(base)) continue;
    const other = negatedSum(base);
    if (other === base || !mono.has(other) || compareExpr(base, other) < 0) continue;
    mono.delete(base);
    mulBase(mono, other, k);
    if (k % 2 !== 0) coef = C.negate(coef);
  }
  return coef;
}

/**
 * Tidy the indicators [u > 0] of a monomial: relu(u)ᵏ·[u > 0] = relu(u)ᵏ and uᵏ·[u > 0] = relu(u)ᵏ
 * for k ≥ 1 (both sides are uᵏ when u > 0 and 0 otherwise).
 */
function tidyIndicators(mono: Mono): void {
  for (const [g, j] of [...mono]) {
    if (g.op !== 'gt' || j !== 1 || g.args[1]!.op !== 'const' || g.args[1]!.value !== 0) continue;
    const u = g.args[0]!;
    const hasRelu = [...mono].some(([b, k]) => b.op === 'relu' && b.args[0] === u && k >= 1);
    if (hasRelu) {
      mono.delete(g);
    } else if ((mono.get(u) ?? 0) >= 1) {
      const k = mono.get(u)!;
      mono.delete(g);
      mono.delete(u);
      mulBase(mono, apply('relu', [u]), k);
    }
  }
}

/** The product of two terms, or undefined if the coefficient overflows. */
export function mulTerms(a: Term, b: Term): Term | undefined {
  const c = C.mul(a.coef, b.coef);
  if (!c) return undefined;
  const mono = new Map(a.mono);
  for (const [base, k] of b.mono) mulBase(mono, base, k);
  tidyIndicators(mono);
  return { coef: mergeOpposites(c, mono), mono };
}

/** aᵏ for an integer k: (c·Πxᵢ^eᵢ)ᵏ = cᵏ·Πxᵢ^(k·eᵢ). */
function powTerm(t: Term, k: number): Term | undefined {
  const coef = C.pow(t.coef, k);
  if (!coef) return undefined;
  const mono: Mono = new Map();
  for (const [base, e] of t.mono) mulBase(mono, base, e * k);
  return { coef, mono };
}

const atom = (e: Expr): Term => ({ coef: C.ONE, mono: new Map([[e, 1]]) });

/** Read an expression as one product term. Sums inside stay whole, as bases. */
export function readProduct(e: Expr): Term {
  if (treeSize(e) > READ_BUDGET && e.op !== 'const') return atom(e);
  switch (e.op) {
    case 'const': {
      const c = C.coef(e.value);
      return c ? { coef: c, mono: new Map() } : atom(e);
    }
    case 'neg': {
      const t = readProduct(e.args[0]!);
      return { coef: C.negate(t.coef), mono: t.mono };
    }
    case 'mul':
      // (a)(b): coefficients multiply, exponents of shared bases add
      return mulTerms(readProduct(e.args[0]!), readProduct(e.args[1]!)) ?? atom(e);
    case 'div': {
      // a/b = a·b⁻¹
      const inv = powTerm(readProduct(e.args[1]!), -1);
      return (inv && mulTerms(readProduct(e.args[0]!), inv)) ?? atom(e);
    }
    case 'pow': {
      const k = intExponent(e);
      if (k === undefined) return atom(e);
      const base = e.args[0]!;
      if (isSum(base)) return { coef: C.ONE, mono: new Map([[base, k]]) };
      return powTerm(readProduct(base), k) ?? atom(e);
    }
    default:
      return atom(e);
  }
}

/** The single sum base of a term that is ±(that sum), if any: such a term is spliced into the sum. */
function lonelySum(t: Term): Expr | undefined {
  if (t.mono.size !== 1 || !(t.coef.d === 1 && Math.abs(t.coef.n) === 1)) return undefined;
  const [base, k] = [...t.mono][0]!;
  return k === 1 && isSum(base) ? base : undefined;
}

/** Read an expression as a sum of terms, scaling each by `scale` (a ± (b − c) = a ± b ∓ c). */
export function readSum(e: Expr, scale: C.Coef = C.ONE, out: Term[] = []): Term[] {
  if (treeSize(e) <= READ_BUDGET) {
    if (e.op === 'add') {
      readSum(e.args[0]!, scale, out);
      return readSum(e.args[1]!, scale, out);
    }
    if (e.op === 'sub') {
      readSum(e.args[0]!, scale, out);
      return readSum(e.args[1]!, C.negate(scale), out);
    }
    if (e.op === 'neg') return readSum(e.args[0]!, C.negate(scale), out);
  }
  const t = readProduct(e);
  const coef = C.mul(scale, t.coef);
  if (!coef) {
    out.push({ coef: scale, mono: new Map([[e, 1]]) });
    return out;
  }
  const inner = lonelySum(t);
  if (inner && inner !== e && treeSize(inner) <= READ_BUDGET) return readSum(inner, coef, out);
  out.push({ coef, mono: t.mono });
  return out;
}

/** A key identifying a monomial (equal keys ⇔ like terms). */
function monoKey(m: Mono): string {
  return [...m].map(([b, k]) => `${b.id}^${k}`).sort().join('*');
}

/** Collect like terms: 2x + 3x = 5x; drop terms whose coefficient becomes 0. Undefined on overflow. */
export function collect(terms: readonly Term[]): Term[] | undefined {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = monoKey(t.mono);
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, t);
      continue;
    }
    const coef = C.add(prev.coef, t.coef);
    if (!coef) return undefined;
    byKey.set(key, { coef, mono: prev.mono });
  }
  return [...byKey.values()].filter((t) => !C.isZero(t.coef));
}
