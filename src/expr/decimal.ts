/**
 * Exact decimal arithmetic on float64 constants, for folding. A user's constant means the
 * decimal they typed (0.1 is one tenth), so folding 0.1 + 0.2 should give 0.3, not the binary
 * sum 0.30000000000000004. Each number is read from its shortest round-trip spelling as an exact
 * decimal m·10^e (BigInt m); the exact sum or product is then rounded once to the nearest float64.
 * The result differs from the float operation by at most an ulp or so, and equals it whenever
 * the float operation is exact (integers, halves, 0.25 + 0.5, …). Integers are exact at any
 * size: when both inputs are integers and the exact result is not a float64 (10^16 − 1), the
 * result is NaN — "not foldable" — so the caller keeps the operation written out instead of
 * rounding it (x^(10^16 − 1) stays exact).
 */

/** 2^−1022: below it a float64 holds so few digits that its shortest spelling is far from it. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** Finite and zero or normal: the inputs whose shortest spelling is within half an ulp. */
const decimalSafe = (v: number): boolean => Number.isFinite(v) && (v === 0 || Math.abs(v) >= MIN_NORMAL);

/** v = m·10^e exactly, read from String(v) (which round-trips every finite float64). */
function decimal(v: number): [bigint, number] {
  const [mantissa = '0', exponent = '0'] = String(v).split('e');
  const [int = '0', frac = ''] = mantissa.split('.');
  return [BigInt(int + frac), Number(exponent) - frac.length];
}

/** m·10^e rounded to the nearest float64. */
const toNumber = (m: bigint, e: number): number => Number(`${m}e${e}`);

/** An exact integer as a float64 only when one holds it exactly; NaN otherwise. */
function exactInteger(exact: bigint): number {
  const v = Number(exact);
  return Number.isFinite(v) && BigInt(v) === exact ? v : NaN;
}

/** Both integers (an integer float64 is exactly its binary value, 2^60 included). */
const integers = (a: number, b: number): boolean => Number.isInteger(a) && Number.isInteger(b);

const pow10 = (k: number): bigint => 10n ** BigInt(k);

/** a + b in exact decimal arithmetic, rounded once (NaN for an integer result that no float64 holds). */
export function decimalAdd(a: number, b: number): number {
  if (!decimalSafe(a) || !decimalSafe(b)) return a + b;
  if (integers(a, b)) return exactInteger(BigInt(a) + BigInt(b)) + 0;
  const [ma, ea] = decimal(a);
  const [mb, eb] = decimal(b);
  const e = Math.min(ea, eb);
  // (ma·10^(ea−e) + mb·10^(eb−e))·10^e
  const sum = toNumber(ma * pow10(ea - e) + mb * pow10(eb - e), e);
  return decimalSafe(sum) ? sum + 0 : a + b;
}

/** a − b in exact decimal arithmetic, rounded once. */
export const decimalSub = (a: number, b: number): number => decimalAdd(a, -b);

/** a·b in exact decimal arithmetic, rounded once (NaN for an integer result that no float64 holds). */
export function decimalMul(a: number, b: number): number {
  if (!decimalSafe(a) || !decimalSafe(b)) return a * b;
  if (integers(a, b)) return a === 0 || b === 0 ? a * b : exactInteger(BigInt(a) * BigInt(b));
  const [ma, ea] = decimal(a);
  const [mb, eb] = decimal(b);
  // (ma·10^ea)(mb·10^eb) = ma·mb·10^(ea+eb); a zero keeps its sign as in float64
  const p = toNumber(ma * mb, ea + eb);
  return p === 0 || !decimalSafe(p) ? a * b : p;
}

/** aᵏ for a whole k ≥ 0: exact for an integer a (NaN when no float64 holds it), else as float64. */
export function decimalPow(a: number, k: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(k) || k < 0) return a ** k;
  // beyond float64's range either way: no BigInt of a million digits
  if (a !== 0 && Math.abs(a) !== 1 && k * Math.log2(Math.abs(a)) > 1100) return NaN;
  return exactInteger(BigInt(a) ** BigInt(k));
}
