/**
 * Exact decimal folding (src/expr/decimal.ts): decimals a user typed add and multiply as the
 * decimals they are (0.1 + 0.2 = 0.3), and on any float64 inputs the result stays within a
 * few ulps (of the inputs, for a sum) of the float operation, equal to it when that is exact.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalAdd, decimalMul, decimalPow, decimalSub } from '../../src/expr/decimal.js';
import { B } from '../../src/expr/index.js';

/** |a − b| within a few ulps of `scale` (the inputs' size: a sum that cancels is only that exact). */
const near = (a: number, b: number, scale: number) => Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(scale, Number.MIN_VALUE);

describe('decimal folding', () => {
  it('folds integers exactly at any size, or not at all', () => {
    expect(decimalSub(1e16, 1)).toBeNaN(); // 9999999999999999 is no float64
    expect(decimalAdd(2 ** 60, 2 ** 60)).toBe(2 ** 61);
    expect(decimalMul(9007199254740991, 3)).toBeNaN(); // 27021597764222973 is odd, beyond 2^53
    expect(decimalMul(2 ** 30, 2 ** 30)).toBe(2 ** 60);
    expect(decimalPow(3, 40)).toBeNaN();
    expect(decimalPow(2, 70)).toBe(2 ** 70);
    expect(B.sub(B.constant(1e16), B.constant(1)).op).toBe('sub');
  });

  it('adds and multiplies decimals exactly', () => {
    expect(decimalAdd(0.1, 0.2)).toBe(0.3);
    expect(decimalSub(1, 0.9)).toBe(0.1);
    expect(decimalMul(0.1, 3)).toBe(0.3);
    expect(decimalMul(0.4352, 0.3545)).toBe(0.1542784);
    expect(decimalAdd(1e-7, 2.5e-8)).toBe(1.25e-7);
    expect(B.add(B.constant(0.1), B.constant(0.2))).toBe(B.constant(0.3));
    expect(B.mul(B.constant(0.1), B.constant(3))).toBe(B.constant(0.3));
  });

  it('stays within a few ulps of float arithmetic and equals it when that is exact', () => {
    const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e150, max: 1e150 });
    fc.assert(
      fc.property(num, num, (a, b) => {
        // two integers whose exact result no float64 holds give NaN (not foldable), see below
        const exactOr = (v: number, exact: bigint) => Number.isNaN(v) ? BigInt(Number(exact)) !== exact : true;
        const sum = decimalAdd(a, b);
        const product = decimalMul(a, b);
        const ints = Number.isInteger(a) && Number.isInteger(b);
        if (ints && Number.isNaN(sum)) expect(exactOr(sum, BigInt(a) + BigInt(b))).toBe(true);
        else expect(near(sum, a + b, Math.max(Math.abs(a), Math.abs(b)))).toBe(true);
        if (ints && Number.isNaN(product)) expect(exactOr(product, BigInt(a) * BigInt(b))).toBe(true);
        else expect(near(product, a * b, Math.abs(a * b))).toBe(true);
      }),
      { numRuns: 200, seed: 11 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), (a, b) => {
        expect(decimalAdd(a / 4, b / 8)).toBe(a / 4 + b / 8);
        expect(decimalMul(a, b / 2)).toBe(a * (b / 2));
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});
