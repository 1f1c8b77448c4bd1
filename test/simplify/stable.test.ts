/**
 * The stable forms (src/simplify/stable.ts): each rule fires on its pattern, and the stabilized
 * expression evaluates to the true value at |x| = 800, where the written form overflows (true
 * values from the identities themselves: log(1 + e⁸⁰⁰) = 800, log σ(−800) = −800, …).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, symbol } from '../../src/expr/index.js';
import { derivative } from '../../src/diff/index.js';
import { parseExpression } from '../../src/parse/index.js';
import { Engine, STABLE_RULES, simplify, stabilize } from '../../src/simplify/index.js';
import { show } from './print.js';

const x = symbol('x');

/** [rule, formula, expected stable text, x, true f(x), true f′(x)]. */
const CASES: Array<[string, string, string, number, number, number]> = [
  ['log(1 + eˣ) = softplus(x)', 'log(1 + exp(x))', 'softplus(x)', 800, 800, 1],
  ['log σ(x) = logsigmoid(x)', 'log(sigmoid(x))', 'logsigmoid(x)', -800, -800, 1],
  ['log(1 − σ(x)) = logsigmoid(−x)', 'log(1 - sigmoid(x))', 'logsigmoid(-x)', 800, -800, -1],
  ['log Σ eᵃⁱ = logsumexp(a)', 'log(exp(x) + exp(2*x) + exp(3*x))', 'logaddexp(logaddexp(x, 2 * x), 3 * x)', 800, 2400, 3],
  ['log Σ eᵃⁱ = logsumexp(a)', 'log((exp(x) + exp(-x)) / 2)', 'logaddexp(x, -x) - log(2)', -800, 800 - Math.LN2, -1],
  ['log cosh x = logaddexp(x, −x) − log 2', 'log(cosh(x))', 'logaddexp(x, -x) - log(2)', 800, 800 - Math.LN2, 1],
  ['eᵃ/Σ eᵇʲ = softmax', 'exp(x) / (exp(x) + exp(2*x))', 'sigmoid(x - 2 * x)', 800, 0, 0],
  ['eᵃ/Σ eᵇʲ = softmax', 'exp(3*x) / (exp(x) + exp(2*x) + exp(3*x))', 'exp(3 * x - logaddexp(logaddexp(x, 2 * x), 3 * x))', 800, 1, 0],
];

describe('stable forms', () => {
  it.each(CASES)('%s: %s', (name, formula, want, at, f, df) => {
    const e = parseExpression(formula);
    const engine = new Engine(STABLE_RULES, undefined, undefined, true);
    expect(show(engine.run(e))).toBe(want);
    expect([...engine.stats.fired.keys()]).toContain(name);
    expect(Number.isFinite(evaluate(e, { x: at }))).toBe(false);
    expect(evaluate(stabilize(e), { x: at })).toBeCloseTo(f, 9);
    expect(evaluate(stabilize(derivative(stabilize(e), x)), { x: at })).toBeCloseTo(df, 12);
    // at an ordinary point the value is unchanged
    expect(evaluate(stabilize(e), { x: 0.3 })).toBeCloseTo(evaluate(e, { x: 0.3 }), 12);
  });

  it('covers every stable rule', () => {
    const covered = new Set(CASES.map(([name]) => name));
    expect(STABLE_RULES.map((r) => r.name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it('the derivative of the stable softplus and log-cosh read as σ(x) and tanh(x)', () => {
    expect(show(simplify(derivative(parseExpression('log(1 + exp(x))'), x)))).toBe('exp(x) / (exp(x) + 1)');
    expect(show(simplify(derivative(stabilize(parseExpression('log(1 + exp(x))')), x)))).toBe('sigmoid(x)');
    expect(show(simplify(derivative(parseExpression('log((exp(x) + exp(-x)) / 2)'), x)))).toBe('tanh(x)');
  });
});
