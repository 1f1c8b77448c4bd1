/**
 * The normal-form rule: read an arithmetic node as a sum of coefficient·monomial terms (see
 * forms.ts), collect like terms, and write it back in reading order; also try two variants and
 * keep whichever is smallest by tree size (ties keep the earlier, less rewritten one):
 *
 *  - expansion: distribute products over sums (a(b + c) = ab + ac), which is what makes
 *    (−y/σ + (1 − y)/(1 − σ))·σ(1 − σ) collapse to σ − y. Sums holding fractions are distributed
 *    first, so that their denominators cancel against the other factors before anything else
 *    is multiplied out. Expansion is bounded — MAX_TERMS terms, MAX_DEPTH sums nested in the
 *    terms of sums, powers of sums up to a cube — so it never grows exponentially.
 *  - factoring: pull the common factor out of a sum, sx − yx = x(s − y).
 *  - a common denominator: a − b/c = (ac − b)/c, with the new numerator multiplied out, which
 *    is what brings d/dx 2x/(3x + 2) to 4/(3x + 2)².
 */
import { treeSize, type Expr } from '../expr/node.js';
import * as C from './coef.js';
import { collect, isSum, mulBase, mulTerms, readSum, READ_BUDGET, type Mono, type Term } from './forms.js';
import { compareExpr } from './order.js';
import { sumExpr, termExpr } from './rebuild.js';

/** Most terms one expansion may produce before it is abandoned. */
const MAX_TERMS = 48;
/** Largest power of a sum that is multiplied out. */
const MAX_SUM_POWER = 3;
/** Most sums multiplied out one inside another (sums within the terms of sums …). */
const MAX_DEPTH = 4;

interface Budget {
  /** Terms still allowed in the result. */
  left: number;
  /** Steps still allowed (each call of expandTerm is one). */
  work: number;
  readonly sums: Map<Expr, Term[]>;
}

function termsOf(s: Expr, budget: Budget): Term[] {
  let t = budget.sums.get(s);
  if (!t) budget.sums.set(s, (t = readSum(s)));
  return t;
}

/** How many of the sum's denominators the rest of the term would cancel. */
function cancelScore(sumTerms: readonly Term[], rest: Mono): number {
  let score = 0;
  for (const t of sumTerms) for (const [b, k] of t.mono) if (k < 0 && (rest.get(b) ?? 0) > 0) score++;
  return score;
}

/**
 * A term with its positive (small) powers of sums multiplied out, up to MAX_DEPTH levels, or
 * undefined past the budget.
 */
function expandTerm(t: Term, budget: Budget, depth = 0): Term[] | undefined {
  if (--budget.work < 0) return undefined;
  let best: { sum: Expr; terms: Term[]; score: number } | undefined;
  for (const [base, k] of depth < MAX_DEPTH ? t.mono : []) {
    if (!isSum(base) || k < 1 || k > MAX_SUM_POWER || treeSize(base) > READ_BUDGET) continue;
    const terms = termsOf(base, budget);
    const rest = new Map(t.mono);
    mulBase(rest, base, -1);
    const score = cancelScore(terms, rest);
    if (!best || score > best.score || (score === best.score && compareExpr(base, best.sum) < 0)) {
      best = { sum: base, terms, score };
    }
  }
  if (!best) {
    budget.left--;
    return budget.left >= 0 ? [t] : undefined;
  }
  // c·Sᵏ·r = Σ over terms s of S of c·s·Sᵏ⁻¹·r
  const rest = new Map(t.mono);
  mulBase(rest, best.sum, -1);
  const out: Term[] = [];
  for (const s of best.terms) {
    const u = mulTerms({ coef: t.coef, mono: rest }, s);
    const expanded = u && expandTerm(u, budget, depth + 1);
    if (!expanded) return undefined;
    out.push(...expanded);
  }
  return out;
}

function expandAll(terms: readonly Term[]): Term[] | undefined {
  const hasSum = terms.some((t) => [...t.mono].some(([b, k]) => isSum(b) && k > 0));
  if (!hasSum) return undefined;
  const budget: Budget = { left: MAX_TERMS, work: 4 * MAX_TERMS, sums: new Map() };
  const out: Term[] = [];
  for (const t of terms) {
    const e = expandTerm(t, budget);
    if (!e) return undefined;
    out.push(...e);
  }
  return collect(out);
}

/** The exponent shared by every term's power of `base` (same sign, least magnitude), or 0. */
function commonExponent(terms: readonly Term[], base: Expr, k: number): number {
  let g = k;
  for (const t of terms) {
    const j = t.mono.get(base) ?? 0;
    if (Math.sign(j) !== Math.sign(g)) return 0;
    if (Math.abs(j) < Math.abs(g)) g = j;
  }
  return g;
}

/** Σ g·tᵢ = g·Σ tᵢ, with g the common monomial (and common coefficient) of the terms. */
function factorOut(terms: readonly Term[]): Expr | undefined {
  if (terms.length < 2) return undefined;
  const common: Mono = new Map();
  for (const [b, k] of terms[0]!.mono) {
    const g = commonExponent(terms, b, k);
    if (g !== 0) common.set(b, g);
  }
  const c0 = C.abs(terms[0]!.coef);
  let coef = terms.every((t) => C.equal(C.abs(t.coef), c0)) ? c0 : C.ONE;
  if (common.size === 0 && C.isOne(coef)) return undefined;
  const inv = C.invert(coef);
  if (!inv) return undefined;
  let inner: Term[] = [];
  for (const t of terms) {
    const mono = new Map(t.mono);
    for (const [b, g] of common) mulBase(mono, b, -g);
    const c = C.mul(t.coef, inv);
    if (!c) return undefined;
    inner.push({ coef: c, mono });
  }
  // keep the sum inside positive-led: −a − b = −(a + b)
  if (inner.every((t) => C.isNegative(t.coef))) {
    coef = C.negate(coef);
    inner = inner.map((t) => ({ coef: C.negate(t.coef), mono: t.mono }));
  }
  const mono = new Map(common);
  // the inner sum may equal a common base: (y − m)⁻¹·(y − m) = 1
  mulBase(mono, sumExpr(inner), 1);
  return termExpr({ coef, mono });
}

/**
 * Σ tᵢ over a common denominator, Σ tᵢ = (Σ tᵢ·D)/D with D the product of every base a term
 * divides by (at its largest power), the numerator multiplied out and collected:
 * 2/(3x + 2) − 6x/(3x + 2)² = (2(3x + 2) − 6x)/(3x + 2)² = 4/(3x + 2)².
 */
function together(terms: readonly Term[]): Expr | undefined {
  if (terms.length < 2) return undefined;
  const den: Mono = new Map();
  for (const t of terms) for (const [b, k] of t.mono) if (k < 0 && k < (den.get(b) ?? 0)) den.set(b, k);
  if (den.size === 0) return undefined;
  const num = terms.map((t) => {
    const mono = new Map(t.mono);
    for (const [b, k] of den) mulBase(mono, b, -k);
    return { coef: t.coef, mono };
  });
  const top = expandAll(num) ?? collect(num);
  if (!top) return undefined;
  if (top.length === 0) return sumExpr([]);
  if (top.length === 1) {
    const t = mulTerms(top[0]!, { coef: C.ONE, mono: den });
    return t && termExpr(t);
  }
  const mono = new Map(den);
  mulBase(mono, factorOut(top) ?? sumExpr(top), 1);
  return termExpr({ coef: C.ONE, mono });
}

/** The smallest of the normal-form candidates for an arithmetic node. */
export function normalForm(e: Expr): Expr | undefined {
  const read = readSum(e);
  const collected = collect(read);
  if (!collected) return undefined;
  const candidates: Array<Expr | undefined> = [sumExpr(collected), factorOut(collected)];
  const expanded = expandAll(collected);
  if (expanded) candidates.push(sumExpr(expanded), factorOut(expanded));
  candidates.push(together(expanded ?? collected));
  let best: Expr | undefined;
  for (const c of candidates) if (c && (!best || treeSize(c) < treeSize(best))) best = c;
  return best;
}
