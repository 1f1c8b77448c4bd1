/**
 * The plain-text printer: exact strings for a few expressions, and the round trip through the
 * parser — the value is kept for random expressions, and once an expression has been through
 * the builders (as parsing does) printing and parsing it again gives the very same node.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { B, apply as rawApply, evaluate, type Expr } from '../../src/expr/index.js';
import { parseExpression } from '../../src/parse/index.js';
import { toText } from '../../src/render/text.js';
import { arbExpr, arbPoint } from '../support/arb.js';
import { runs } from '../support/quick.js';

const s = B.symbol;
const c = B.constant;
const [x, y, z] = ['x', 'y', 'z'].map(s) as [Expr, Expr, Expr];

const TEXT: Array<[Expr, string]> = [
  [B.sigmoid(B.add(B.mul(s('w'), x), s('b'))), 'sigmoid(w * x + b)'],
  [B.add(x, B.add(y, z)), 'x + (y + z)'],
  [B.add(B.add(x, y), z), 'x + y + z'],
  [B.sub(x, B.sub(y, z)), 'x - (y - z)'],
  [B.mul(x, B.div(y, z)), 'x * (y / z)'],
  [B.div(B.mul(x, y), z), 'x * y / z'],
  [B.pow(B.pow(x, c(2)), c(3)), '(x^2)^3'],
  [B.pow(x, B.pow(y, c(2))), 'x^y^2'],
  [B.pow(x, c(-2)), 'x^(-2)'],
  [rawApply('pow', [c(-2), x]), '(-2)^x'],
  [B.neg(B.pow(x, c(2))), '-x^2'],
  [B.neg(B.mul(x, y)), '-(x * y)'],
  [B.mul(c(-3), x), '-3 * x'],
  [rawApply('sub', [x, c(-3)]), 'x - (-3)'],
  [B.mul(x, B.gt(y, c(0))), 'x * (y > 0)'],
  [B.where(B.gt(x, c(0)), x, B.mul(c(0.01), x)), 'where(x > 0, x, 0.01 * x)'],
  [B.leakyRelu(x, 0.2), 'leaky_relu(x, 0.2)'],
  [B.mul(s('\\sigma_1'), s('\\hat{y}')), 'sigma_1 * y_hat'],
  [B.add(s('W_1'), s('z_{12}')), 'W_1 + z_12'],
  [B.mul(s('x_1^{(2)}'), s('W^{(1)}')), 'x_1__2 * W__1'],
  [B.mul(B.apply('pi', []), B.exp(x)), 'pi * exp(x)'],
  [B.mul(B.apply('erf', [x]), B.apply('clamp', [x, c(-1), c(1)])), 'erf(x) * clamp(x, -1, 1)'],
  [B.mul(c(1e-7), x), '1e-7 * x'],
];

describe('toText', () => {
  it.each(TEXT)('%s', (e, expected) => {
    expect(toText(e)).toBe(expected);
    // every one of them parses back to the same node
    expect(parseExpression(expected)).toBe(e);
  });

  it('keeps the value of random expressions through print and parse', () => {
    fc.assert(fc.property(arbExpr, arbPoint, (e, point) => {
      const back = parseExpression(toText(e));
      const want = evaluate(e, point);
      fc.pre(Number.isFinite(want));
      const got = evaluate(back, point);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    }), { numRuns: runs(300) });
  });

  it('round-trips to the same interned node once built by the builders', () => {
    fc.assert(fc.property(arbExpr, (e) => {
      const once = parseExpression(toText(e));
      expect(parseExpression(toText(once))).toBe(once);
    }), { numRuns: runs(300) });
  });
});
