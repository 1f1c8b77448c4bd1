/**
 * Exact decimal folding (src/expr/decimal.ts): decimals a user typed add and multiply as the
 * decimals they are (0.1 + 0.2 = 0.3), and on any float64 inputs the result stays within a
 * few ulps (of the inputs, for a sum) of the float operation, equal to it when that is exact.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalAdd, decimalMul, decimalSub } from '../../src/expr/decimal.js';
import { B } from '../../src/expr/index.js';

/** |a − b| within a few ulps of `scale` (the inputs' size: a sum that cancels is only that exact). */
const near = (a: number, b: number, scale: number) => Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(scale, Number.MIN_VALUE);

describe('decimal folding', () => {
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
        expect(near(decimalAdd(a, b), a + b, Math.max(Math.abs(a), Math.abs(b)))).toBe(true);
        expect(near(decimalMul(a, b), a * b, Math.abs(a * b))).toBe(true);
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
