/**
 * The numerical and printing promises of issue 12, each on the example that exposed it: selections
 * stay selections (ELU and SELU written with where or max/min have f′(800) = 1, not NaN),
 * 0^f differentiates to 0 as in PyTorch, e and π stay symbols, and the simplifications
 * (√x)² = x and common denominators. Expected values are worked by hand from the definitions.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, symbol } from '../../src/expr/index.js';
import { derivative } from '../../src/diff/index.js';
import { parseExpression } from '../../src/parse/index.js';
import { simplify } from '../../src/simplify/index.js';
import { toText } from '../../src/render/text.js';
import { toLatex } from '../../src/render/latex.js';

const x = symbol('x');
const d = (f: string) => derivative(parseExpression(f), x);
const at = (e: ReturnType<typeof d>, v: number) => evaluate(e, { x: v });

describe('selections stay selections', () => {
  it.each([
    // [formula, x, f′(x)]: ELU, SELU-like and a guarded sqrt, at points where the unused branch is ∞ or NaN
    ['where(x > 0, x, exp(x) - 1)', 800, 1],
    ['where(x > 0, x, exp(x) - 1)', -800, 0],
    ['max(0, x) + min(0, exp(x) - 1)', 800, 1],
    ['1.0507 * where(x > 0, x, 1.6733 * (exp(x) - 1))', 800, 1.0507],
    ['where(x > 0, sqrt(x), 0)', -1, 0],
    ['where(x > 0, sqrt(x), 0)', 4, 0.25],
    ['min(max(x, exp(x)), 3)', 800, 0],
    ['clamp(exp(x), 0, 5)', 800, 0],
  ] as const)('d/dx %s at %d = %d', (f, v, want) => {
    expect(at(d(f), v)).toBeCloseTo(want, 12);
    expect(at(simplify(d(f)), v)).toBeCloseTo(want, 12);
  });

  it('max and min split the gradient in half on ties, in one selection per condition', () => {
    expect(toText(simplify(d('max(x, 3)')))).toBe('where(x > 3, 1, where(x == 3, 0.5, 0))');
    expect(at(d('max(x, 2 * x - 3)'), 3)).toBe(1.5);
  });

  it('clamp passes the gradient at both bounds, as torch.clamp', () => {
    for (const [v, want] of [[-1, 1], [1, 1], [-1.5, 0], [0.3, 1], [2, 0]] as const) expect(at(d('clamp(x, -1, 1)'), v)).toBe(want);
  });
});

describe('PyTorch conventions and symbols', () => {
  it('0^f differentiates to 0 where f ≥ 0', () => {
    for (const v of [-1, 0, 1, 800]) expect(at(d('0^(2^x + x^3 + 2)'), v)).toBe(0);
  });

  it('e and π stay symbols: d/dx (2x)^e = 2e(2x)^(e − 1)', () => {
    const g = simplify(d('(2*x)^e'));
    expect(toText(g)).toBe('2 * e * (2 * x)^(e - 1)');
    expect(toLatex(g)).toBe('2 e \\left(2 x\\right)^{e - 1}');
    expect(at(g, 1)).toBeCloseTo(2 * Math.E * 2 ** (Math.E - 1), 12);
    expect(toText(simplify(d('erf(x)')))).toBe('2 * exp(-x^2) / sqrt(pi)');
  });

  it('round is half to even and every rounding function has derivative 0', () => {
    expect([2.5, 3.5, -2.5, 0.5, 1.4999].map((v) => at(parseExpression('round(x)'), v))).toEqual([2, 4, -2, 0, 1]);
    for (const f of ['floor(x)', 'ceil(x)', 'round(x)', 'trunc(x)']) expect(toText(simplify(d(f)))).toBe('0');
  });
});

describe('simplification', () => {
  it.each([
    ['sqrt(x)^2', '1'],
    ['2*x / (3*x + 2)', '4 / (3 * x + 2)^2'],
    ['x / (x + 1)', '1 / (x + 1)^2'],
    ['log((exp(x) + exp(-x)) / 2)', 'tanh(x)'],
    ['log(exp(2*x))', '2'],
  ])('d/dx %s = %s', (f, want) => {
    expect(toText(simplify(d(f)))).toBe(want);
  });
});
