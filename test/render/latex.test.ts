/**
 * The LaTeX printer: golden exact strings for a table of expressions (each also rendered by
 * KaTeX), partial-derivative operators, and a property test that the printer's output for random
 * expressions over every primitive always renders.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { B, apply as rawApply, type Expr } from '../../src/expr/index.js';
import { partialLatex, toLatex } from '../../src/render/latex.js';
import { parseExpression } from '../../src/parse/index.js';
import { derivative } from '../../src/diff/index.js';
import { arbExpr } from '../support/arb.js';
import { expectKatex } from '../support/katex.js';
import { runs } from '../support/quick.js';

const s = B.symbol;
const c = B.constant;
/** An application with no folding at all, to pin down the printed shape. */
const raw = rawApply;
const [x, y, z, w, a, b] = ['x', 'y', 'z', 'w', 'a', 'b'].map(s) as [Expr, Expr, Expr, Expr, Expr, Expr];
const yhat = s('\\hat{y}');

/** [description, expression, expected LaTeX]. Built with raw applications where the shape matters. */
const GOLDEN: Array<[string, Expr, string]> = [
  ['neuron', B.sigmoid(B.add(B.add(B.mul(s('W_1'), s('x_1')), B.mul(s('W_2'), s('x_2'))), s('b_1'))),
    '\\sigma\\left(W_{1} x_{1} + W_{2} x_{2} + b_{1}\\right)'],
  ['sigmoid written out', B.div(c(1), B.add(c(1), B.exp(B.neg(z)))), '\\frac{1}{1 + e^{-z}}'],
  ['binary cross-entropy',
    B.neg(B.add(B.mul(y, B.log(yhat)), B.mul(B.sub(c(1), y), B.log(B.sub(c(1), yhat))))),
    '-\\left(y \\log\\left(\\hat{y}\\right) + \\left(1 - y\\right) \\log\\left(1 - \\hat{y}\\right)\\right)'],
  ['sigmoid derivative', B.mul(B.sigmoid(z), B.sub(c(1), B.sigmoid(z))),
    '\\sigma\\left(z\\right) \\left(1 - \\sigma\\left(z\\right)\\right)'],
  ['tanh derivative', B.sub(c(1), B.pow(B.tanh(z), c(2))), '1 - \\tanh\\left(z\\right)^{2}'],
  ['squared error', B.pow(B.sub(yhat, y), c(2)), '\\left(\\hat{y} - y\\right)^{2}'],
  ['Greek and calligraphic', B.mul(s('\\sigma_1'), s('\\mathcal{L}')), '\\sigma_{1} \\mathcal{L}'],
  ['multi-letter name', B.mul(c(2), s('loss')), '2 \\mathrm{loss}'],
  ['number times number', raw('mul', [c(2), c(3)]), '2 \\cdot 3'],
  ['symbol times number', B.mul(x, c(2)), 'x \\cdot 2'],
  ['number before a fraction', raw('mul', [c(2), B.div(x, y)]), '2 \\cdot \\frac{x}{y}'],
  ['products associate', raw('mul', [a, raw('mul', [b, x])]), 'a b x'],
  ['negative factor', raw('mul', [x, raw('neg', [y])]), 'x \\left(-y\\right)'],
  ['negative constant factor', raw('mul', [x, c(-3)]), 'x \\left(-3\\right)'],
  ['negative constant first', raw('mul', [c(-3), x]), '-3 x'],
  ['minus a negative', raw('sub', [a, c(-3)]), 'a - \\left(-3\\right)'],
  ['plus a negation', raw('add', [a, raw('neg', [b])]), 'a + \\left(-b\\right)'],
  ['double negation', raw('neg', [raw('neg', [x])]), '-\\left(-x\\right)'],
  ['negated product', raw('neg', [raw('mul', [a, b])]), '-a b'],
  ['negated sum', raw('neg', [raw('add', [a, b])]), '-\\left(a + b\\right)'],
  ['sub of a sum', raw('sub', [a, raw('add', [b, x])]), 'a - \\left(b + x\\right)'],
  ['sum of a difference', raw('add', [a, raw('sub', [b, x])]), 'a + b - x'],
  ['product of sums', raw('mul', [raw('add', [a, b]), raw('sub', [x, y])]), '\\left(a + b\\right) \\left(x - y\\right)'],
  ['fraction of sums', B.div(B.add(a, b), B.sub(x, y)), '\\frac{a + b}{x - y}'],
  ['power of a fraction', B.pow(B.div(a, b), c(2)), '\\left(\\frac{a}{b}\\right)^{2}'],
  ['power of exp', B.pow(B.exp(x), c(2)), '\\left(e^{x}\\right)^{2}'],
  ['power of power', raw('pow', [raw('pow', [x, c(2)]), c(3)]), '\\left(x^{2}\\right)^{3}'],
  ['power tower', raw('pow', [x, raw('pow', [y, c(2)])]), 'x^{y^{2}}'],
  ['negative exponent', B.pow(x, c(-2)), 'x^{-2}'],
  ['negative base', raw('pow', [c(-2), x]), '\\left(-2\\right)^{x}'],
  ['power of a negation', raw('pow', [raw('neg', [x]), c(2)]), '\\left(-x\\right)^{2}'],
  ['negated power', B.neg(B.pow(x, c(2))), '-x^{2}'],
  ['power with a superscripted name', B.pow(s('W^{(1)}'), c(2)), '\\left(W^{(1)}\\right)^{2}'],
  ['exp of a product', B.exp(B.mul(a, x)), 'e^{a x}'],
  ['sqrt and abs', B.add(B.sqrt(x), B.abs(y)), '\\sqrt{x} + \\left|y\\right|'],
  ['functions', B.add(B.relu(x), B.softplus(y)), '\\operatorname{ReLU}\\left(x\\right) + \\operatorname{softplus}\\left(y\\right)'],
  ['leaky relu', B.leakyRelu(x, 0.01), '\\operatorname{LeakyReLU}\\left(x, 0.01\\right)'],
  ['max and min', B.sub(B.max(a, b), B.min(a, b)), '\\max\\left(a, b\\right) - \\min\\left(a, b\\right)'],
  ['sign', raw('sign', [x]), '\\operatorname{sgn}\\left(x\\right)'],
  ['Iverson bracket in a product', B.mul(w, B.gt(x, c(0))), 'w \\left[x > 0\\right]'],
  ['Iverson bracket in a sum', raw('add', [raw('le', [x, c(0)]), c(1)]), '\\left[x \\le 0\\right] + 1'],
  ['comparison at the top', raw('ge', [B.add(x, y), c(1)]), '\\left[x + y \\ge 1\\right]'],
  ['where', B.where(B.gt(x, c(0)), x, B.mul(c(0.01), x)),
    '\\begin{cases} x & \\text{if } x > 0 \\\\ 0.01 x & \\text{otherwise} \\end{cases}'],
  ['where on a number', raw('where', [x, c(1), c(2)]),
    '\\begin{cases} 1 & \\text{if } x \\ne 0 \\\\ 2 & \\text{otherwise} \\end{cases}'],
  ['where in a product', B.mul(c(2), B.where(B.lt(x, y), x, y)),
    '2 \\left(\\begin{cases} x & \\text{if } x < y \\\\ y & \\text{otherwise} \\end{cases}\\right)'],
  ['where chain (max\'s derivative) is one block, rows tried in order',
    B.where(B.gt(x, y), c(1), B.where(raw('eq', [x, y]), c(0.5), c(0))),
    '\\begin{cases} 1 & \\text{if } x > y \\\\ 0.5 & \\text{else if } x = y \\\\ 0 & \\text{otherwise} \\end{cases}'],
  ['where nested in a value stays a block there', B.where(B.gt(x, c(0)), B.where(B.gt(y, c(0)), c(1), c(2)), B.where(B.lt(x, c(-1)), c(3), c(4))),
    '\\begin{cases} \\begin{cases} 1 & \\text{if } y > 0 \\\\ 2 & \\text{otherwise} \\end{cases} & \\text{if } x > 0 \\\\ 3 & \\text{else if } x < -1 \\\\ 4 & \\text{otherwise} \\end{cases}'],
  ['exact decimal', B.mul(c(0.4352), x), '0.4352 x'],
  ['small number', B.mul(x, c(1.5e-7)), 'x \\cdot 1.5 \\cdot 10^{-7}'],
  ['e and pi', B.mul(c(Math.PI), B.pow(c(Math.E), x)), '\\pi e^{x}'],
  ['one third stays a fraction', B.div(c(1), c(3)), '\\frac{1}{3}'],
];

describe('toLatex golden strings', () => {
  it.each(GOLDEN)('%s', (_, e, expected) => {
    expect(toLatex(e)).toBe(expected);
    expectKatex(expected);
  });

  it('prints parsed formulas the same way', () => {
    const e = parseExpression('-(y*log(y_hat) + (1-y)*log(1-y_hat))');
    expect(toLatex(e)).toBe(GOLDEN[2]![2]);
    expect(toLatex(parseExpression('sigmoid(W1*x1 + W2*x2 + b1)'))).toBe(GOLDEN[0]![2]);
    expect(toLatex(parseExpression('1/(1 + e^(-z))'))).toBe('\\frac{1}{1 + e^{-z}}');
  });
});

describe('partialLatex', () => {
  const cases: Array<[string, string]> = [
    [partialLatex('L', 'w'), '\\frac{\\partial L}{\\partial w}'],
    [partialLatex('L', 'w', 2), '\\frac{\\partial^{2} L}{\\partial w^{2}}'],
    [partialLatex('L', ['w', 'b']), '\\frac{\\partial^{2} L}{\\partial w \\, \\partial b}'],
    [partialLatex(s('\\mathcal{L}'), [s('W_1'), s('W_1'), s('b_2')]),
      '\\frac{\\partial^{3} \\mathcal{L}}{\\partial W_{1}^{2} \\, \\partial b_{2}}'],
    [partialLatex('y_hat', 'z_12'), '\\frac{\\partial \\hat{y}}{\\partial z_{12}}'],
    [partialLatex(s('L'), s('W^{(1)}'), 2), '\\frac{\\partial^{2} L}{\\partial {W^{(1)}}^{2}}'],
    [partialLatex(B.mul(x, y), 'x'), '\\frac{\\partial}{\\partial x} \\left(x y\\right)'],
    [partialLatex(B.sigmoid(x), 'x'), '\\frac{\\partial}{\\partial x} \\sigma\\left(x\\right)'],
  ];
  it.each(cases)('%s', (got, expected) => {
    expect(got).toBe(expected);
    expectKatex(got);
  });
});

describe('toLatex on random expressions', () => {
  it('always renders with KaTeX', () => {
    fc.assert(fc.property(arbExpr, (e) => {
      expectKatex(toLatex(e));
    }), { numRuns: runs(300) });
  });

  it('renders the derivatives of random expressions (where, Iverson brackets, fractions)', () => {
    fc.assert(fc.property(arbExpr, fc.constantFrom(x, y, z), (e, v) => {
      expectKatex(toLatex(derivative(e, v)));
    }), { numRuns: runs(100) });
  });

  it('brackets every negative operand that follows an operator', () => {
    fc.assert(fc.property(arbExpr, (e) => {
      const tex = toLatex(e);
      expect(tex).not.toMatch(/[+-] -|\\cdot -|--/);
    }), { numRuns: runs(200) });
  });
});
