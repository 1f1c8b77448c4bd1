/**
 * Scalar coefficients of the tensor program: `num / den · B^bpow`, where B is the batch size.
 * Mean reductions give 1/(B·n), MSE's derivative 2/(B·n), a subtraction −1. Keeping the batch
 * size symbolic prints `\frac{1}{B}` as the reader expects, while the value is computed with
 * one division, as PyTorch does (grad / numel).
 */

export interface Coef {
  readonly num: number;
  readonly den: number;
  /** Power of the batch size B (−1 for a mean over the batch). */
  readonly bpow: number;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

/** Normalise: integer num/den share no factor, den > 0. */
export function coef(num: number, den = 1, bpow = 0): Coef {
  if (den < 0) [num, den] = [-num, -den];
  if (Number.isInteger(num) && Number.isInteger(den) && num !== 0) {
    const g = gcd(num, den);
    if (g > 1) [num, den] = [num / g, den / g];
  }
  if (num === 0) return { num: 0, den: 1, bpow: 0 };
  return { num, den, bpow };
}

export const ONE = coef(1);

export const coefMul = (a: Coef, b: Coef): Coef => coef(a.num * b.num, a.den * b.den, a.bpow + b.bpow);
export const coefNeg = (a: Coef): Coef => coef(-a.num, a.den, a.bpow);
export const isOne = (a: Coef): boolean => a.num === a.den && a.bpow === 0;
export const isZero = (a: Coef): boolean => a.num === 0;
export const coefKey = (a: Coef): string => `${a.num}/${a.den}B${a.bpow}`;

/** The value at a batch size: num / (den · B^−bpow), one division for a mean. */
export function coefValue(a: Coef, batch: number): number {
  if (a.bpow <= 0) return a.num / (a.den * Math.pow(batch, -a.bpow));
  return (a.num * Math.pow(batch, a.bpow)) / a.den;
}

function numLatex(v: number): string {
  return String(v);
}

/** `\frac{2}{3 B}`, `-1`, `\frac{1}{B}`, `0.5`. */
export function coefLatex(a: Coef): string {
  const sign = a.num < 0 ? '-' : '';
  const n = Math.abs(a.num);
  const bTop = a.bpow > 0 ? (a.bpow === 1 ? 'B' : `B^{${a.bpow}}`) : '';
  const bBot = a.bpow < 0 ? (a.bpow === -1 ? 'B' : `B^{${-a.bpow}}`) : '';
  const top = bTop ? (n === 1 ? bTop : `${numLatex(n)} ${bTop}`) : numLatex(n);
  const bottomParts = [a.den !== 1 ? numLatex(a.den) : '', bBot].filter((p) => p !== '');
  if (bottomParts.length === 0) return `${sign}${top}`;
  return `${sign}\\frac{${top}}{${bottomParts.join(' ')}}`;
}
