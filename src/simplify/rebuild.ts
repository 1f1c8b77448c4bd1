/**
 * From the normal form back to an expression, written the way a reader expects: the number
 * first in a product (`2x`), factors in reading order, negative exponents as a fraction
 * (`a/(b c)`), positive terms before the ones subtracted (`σ(z) − y`, `1 − σ(z)`), higher-degree
 * terms first and the constant last (`w x + b`), and `−(a + b)` when every term is negative.
 *
 * Terms and factors are sorted by the structural order in order.ts, so the same sum always
 * becomes the same interned node.
 */
import { apply, constant, type Expr } from '../expr/node.js';
import * as C from './coef.js';
import { compareExpr } from './order.js';
import type { Mono, Term } from './forms.js';

/** Bases with their exponents, in reading order. */
function sortedFactors(m: Mono): Array<[Expr, number]> {
  return [...m].sort((a, b) => compareExpr(a[0], b[0]) || b[1] - a[1]);
}

/** Π of positive powers, left-associated after an optional leading number: ((2 a) b) c. */
function product(factors: ReadonlyArray<[Expr, number]>, lead?: Expr): Expr | undefined {
  let out = lead;
  for (const [base, k] of factors) {
    const f = k === 1 ? base : apply('pow', [base, constant(k)]);
    out = out === undefined ? f : apply('mul', [out, f]);
  }
  return out;
}

/** A term as an expression: c·Πxᵢ^eᵢ with negative exponents moved under a fraction bar. */
export function termExpr(t: Term): Expr {
  const factors = sortedFactors(t.mono);
  const up = factors.filter(([, k]) => k > 0);
  const down: Array<[Expr, number]> = factors.filter(([, k]) => k < 0).map(([b, k]) => [b, -k]);
  const negative = C.isNegative(t.coef);
  const n = Math.abs(t.coef.n);
  // a coefficient of −1 is written as a leading minus (−x/y); −2·x with a negative number,
  // which is smaller than −(2x)
  const minus = negative && n === 1 && up.length > 0;
  const lead = n === 1 && up.length > 0 ? undefined : constant(negative ? -n : n);
  const num = product(up, lead)!;
  if (t.coef.d !== 1) down.unshift([constant(t.coef.d), 1]);
  const den = product(down);
  const e = den === undefined ? num : apply('div', [num, den]);
  return minus ? apply('neg', [e]) : e;
}

/** Total degree of a term, counting only positive exponents. */
function degree(t: Term): number {
  let d = 0;
  for (const k of t.mono.values()) if (k > 0) d += k;
  return d;
}

/** Reading order of terms: higher degree first, then by their factors, constants last. */
function compareTerms(a: Term, b: Term): number {
  const d = degree(b) - degree(a);
  if (d !== 0) return d;
  const fa = sortedFactors(a.mono);
  const fb = sortedFactors(b.mono);
  for (let i = 0; i < Math.min(fa.length, fb.length); i++) {
    const c = compareExpr(fa[i]![0], fb[i]![0]) || fb[i]![1] - fa[i]![1];
    if (c !== 0) return c;
  }
  return fb.length - fa.length || C.value(a.coef) - C.value(b.coef);
}

/** A sum of terms as an expression: positives added, then negatives subtracted. */
export function sumExpr(terms: readonly Term[]): Expr {
  if (terms.length === 0) return constant(0);
  const pos = terms.filter((t) => !C.isNegative(t.coef)).sort(compareTerms);
  const neg = terms.filter((t) => C.isNegative(t.coef)).map((t) => ({ coef: C.negate(t.coef), mono: t.mono }));
  neg.sort(compareTerms);
  if (pos.length === 0) {
    // −a − b = −(a + b)
    if (neg.length === 1) return termExpr({ coef: C.negate(neg[0]!.coef), mono: neg[0]!.mono });
    return apply('neg', [chain('add', neg)]);
  }
  let out = chain('add', pos);
  for (const t of neg) out = apply('sub', [out, termExpr(t)]);
  return out;
}

function chain(op: 'add', terms: readonly Term[]): Expr {
  let out = termExpr(terms[0]!);
  for (const t of terms.slice(1)) out = apply(op, [out, termExpr(t)]);
  return out;
}
