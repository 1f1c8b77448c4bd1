/**
 * Numeric coefficients of the normal form: a fraction n/d of float64 numbers.
 *
 * Keeping a fraction means x/3 stays x/3 rather than 0.3333333333333333·x, while a user's
 * decimal (0.4352) passes through untouched. Integer fractions are reduced by their gcd; any
 * other fraction whose quotient is a short decimal collapses to that decimal (0.5/2 → 0.25).
 */
import { decimalAdd, decimalMul, decimalPow } from '../expr/decimal.js';

export interface Coef {
  readonly n: number;
  /** Always positive. */
  readonly d: number;
}

export const ONE: Coef = { n: 1, d: 1 };
export const MINUS_ONE: Coef = { n: -1, d: 1 };
export const ZERO: Coef = { n: 0, d: 1 };

/** True when v has at most 12 significant decimal digits: an exact-looking result worth folding. */
export function isShortDecimal(v: number): boolean {
  return Number.isFinite(v) && Number(v.toPrecision(12)) === v;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** A normalised fraction n/d, or undefined when it is not a finite non-degenerate number. */
export function coef(n: number, d = 1): Coef | undefined {
  if (!Number.isFinite(n) || !Number.isFinite(d) || d === 0) return undefined;
  if (d < 0) [n, d] = [-n, -d];
  if (n === 0) return ZERO;
  if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) {
    const g = gcd(n, d);
    return { n: n / g, d: d / g };
  }
  const q = n / d;
  if (d !== 1 && isShortDecimal(q)) return { n: q, d: 1 };
  return { n, d };
}

export const value = (c: Coef): number => c.n / c.d;
export const isOne = (c: Coef): boolean => c.n === c.d;
export const isZero = (c: Coef): boolean => c.n === 0;
export const isNegative = (c: Coef): boolean => c.n < 0;
export const negate = (c: Coef): Coef => ({ n: -c.n, d: c.d });
export const abs = (c: Coef): Coef => ({ n: Math.abs(c.n), d: c.d });
export const equal = (a: Coef, b: Coef): boolean => a.n === b.n && a.d === b.d;

// a/b + c/d = (ad + cb)/(bd)
export function add(a: Coef, b: Coef): Coef | undefined {
  // decimals add exactly: 0.1x + 0.2x = 0.3x (src/expr/decimal.ts)
  if (a.d === b.d) return coef(decimalAdd(a.n, b.n), a.d);
  // integers stay exact at any size: an inexact product is NaN, so nothing folds
  return coef(decimalAdd(decimalMul(a.n, b.d), decimalMul(b.n, a.d)), decimalMul(a.d, b.d));
}

// (a/b)(c/d) = ac/(bd)
export function mul(a: Coef, b: Coef): Coef | undefined {
  return coef(decimalMul(a.n, b.n), decimalMul(a.d, b.d));
}

// (a/b)⁻¹ = b/a
export function invert(a: Coef): Coef | undefined {
  return coef(a.d, a.n);
}

// (a/b)ᵏ = aᵏ/bᵏ for an integer k
export function pow(a: Coef, k: number): Coef | undefined {
  if (k < 0) {
    const inv = invert(a);
    return inv && pow(inv, -k);
  }
  return coef(decimalPow(a.n, k), decimalPow(a.d, k));
}
