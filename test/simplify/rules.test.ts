/**
 * Table-driven tests of the rule table: for every rule, inputs built with the raw (never
 * simplifying) `apply`, the expected result printed with the op table's text forms, and the rule
 * that must have fired. A final check makes sure no rule in RULES is left without a case.
 */
import { describe, expect, it } from 'vitest';
import { apply, constant, symbol, type Expr, type OpName } from '../../src/expr/index.js';
import { Engine, RULES } from '../../src/simplify/index.js';
import { show } from './print.js';

type Arg = Expr | number | string;
const lift = (a: Arg): Expr => (typeof a === 'number' ? constant(a) : typeof a === 'string' ? symbol(a) : a);
/** The raw node, exactly as written (no builder identities). */
const r = (op: OpName, ...args: Arg[]): Expr => apply(op, args.map(lift));

const NF = 'normal form: Σ cᵢ·Πxⱼ^eⱼ, like terms collected';
const FOLD = 'f(c₁, …, cₙ) = its exact value';
const s = r('sigmoid', 'z');
const oneMinusS = r('sub', 1, s);

/** [rule name, input, expected text]. */
const CASES: Array<[string, Expr, string]> = [
  [FOLD, r('add', 2, 3), '5'],
  [FOLD, r('mul', r('exp', 0), 'x'), 'x'],
  [FOLD, r('sigmoid', 0), '0.5'],
  [FOLD, r('sqrt', 4), '2'],
  [FOLD, r('gt', 2, 1), '1'],

  ['x + 0 = x', r('add', 'x', 0), 'x'],
  ['x + 0 = x', r('add', 0, r('log', 'x')), 'log(x)'],
  ['x − 0 = x', r('sub', 'x', 0), 'x'],
  ['0 − x = −x', r('sub', 0, 'x'), '-x'],
  ['x − x = 0', r('sub', s, s), '0'],
  ['x + (−y) = x − y', r('add', 'x', r('neg', 'y')), 'x - y'],
  ['x − (−y) = x + y', r('sub', 'x', r('neg', 'y')), 'x + y'],
  ['−(−x) = x', r('neg', r('neg', 'x')), 'x'],
  ['−(a − b) = b − a', r('neg', r('sub', 'a', 'b')), 'b - a'],

  ['x·1 = x', r('mul', 1, 'x'), 'x'],
  ['x·0 = 0', r('mul', r('exp', 'x'), 0), '0'],
  ['x·(−1) = −x', r('mul', 'x', -1), '-x'],
  ['(−x)(−y) = xy', r('mul', r('neg', 'x'), r('neg', 'y')), 'x * y'],
  ['x·x = x²', r('mul', s, s), 'sigmoid(z)^2'],
  ['x·(1/y) = x/y', r('mul', 'x', r('div', 1, 'y')), 'x / y'],
  ['x/1 = x', r('div', 'x', 1), 'x'],
  ['x/x = 1', r('div', oneMinusS, oneMinusS), '1'],
  ['0/x = 0', r('div', 0, 'x'), '0'],
  ['x/(1/y) = xy', r('div', 'x', r('div', 1, 'y')), 'x * y'],

  ['x¹ = x', r('pow', 'x', 1), 'x'],
  ['x⁰ = 1', r('pow', s, 0), '1'],
  ['1ˣ = 1', r('pow', 1, 'x'), '1'],
  ['(xᵐ)ᵏ = xᵐᵏ for an integer k', r('pow', r('pow', 'x', 2), 3), 'x^6'],

  // the normal form: like terms, exponents of identical bases, cancellation, expansion, factoring
  [NF, r('add', r('mul', 2, 'x'), r('mul', 3, 'x')), '5 * x'],
  [NF, r('mul', 'x', r('pow', 'x', -1)), '1'],
  [NF, r('mul', r('mul', 'x', 'y'), r('pow', 'x', 2)), 'x^3 * y'],
  [NF, r('div', r('mul', 'a', oneMinusS), oneMinusS), 'a'],
  [NF, r('div', r('sub', 'a', 'b'), r('sub', 'b', 'a')), '-1'],
  [NF, r('sub', r('add', 'x', 'y'), 'x'), 'y'],
  [NF, r('mul', 2, r('mul', 3, 'x')), '6 * x'],
  [NF, r('add', r('div', 'x', 3), r('div', 'x', 3)), '2 * x / 3'],
  [NF, r('mul', 'x', 0.4352), '0.4352 * x'],
  [NF, r('add', 'b', r('mul', 'w', 'x')), 'w * x + b'],
  [NF, r('add', r('sub', s, 'x'), r('sub', 'x', 'y')), 'sigmoid(z) - y'],
  [NF, r('sub', r('mul', s, 'x'), r('mul', 'y', 'x')), 'x * (sigmoid(z) - y)'],
  [NF, r('sub', r('mul', r('add', 'x', 1), r('sub', 'x', 1)), r('pow', 'x', 2)), '-1'],
  [NF, r('mul', r('mul', s, oneMinusS), r('add', r('neg', r('div', 'y', s)), r('div', r('sub', 1, 'y'), oneMinusS))), 'sigmoid(z) - y'],
  [NF, r('mul', r('gt', 'x', 0), r('gt', 'x', 0)), 'x > 0'],
  [NF, r('neg', r('mul', 2, 'x')), '-2 * x'],

  ['log(eˣ) = x', r('log', r('exp', 'x')), 'x'],
  ['|−x| = |x|', r('abs', r('neg', 'x')), 'abs(x)'],
  ['||x|| = |x|', r('abs', r('abs', 'x')), 'abs(x)'],
  ['relu(relu(x)) = relu(x)', r('relu', r('relu', 'x')), 'relu(x)'],
  ['max(x, x) = x', r('max', s, s), 'sigmoid(z)'],
  ['min(x, x) = x', r('min', 'x', 'x'), 'x'],
  ['where(c, x, x) = x', r('where', r('gt', 'x', 0), 'y', 'y'), 'y'],
  ['where(k, x, y) = x if k ≠ 0 else y', r('where', 1, 'a', 'b'), 'a'],
  ['where(k, x, y) = x if k ≠ 0 else y', r('where', 0, 'a', 'b'), 'b'],
  ['where(c, 1, 0) = [c] for a comparison c', r('where', r('gt', 'x', 0), 1, 0), 'x > 0'],
  [NF, r('mul', r('gt', 'x', 0), 'x'), 'relu(x)'],
  [NF, r('mul', r('relu', 'x'), r('gt', 'x', 0)), 'relu(x)'],
  ['[x > x] = 0', r('gt', s, s), '0'],
  ['e^(log x) = x', r('exp', r('log', 'x')), 'x'],
  ['eᵃ·eᵇ = eᵃ⁺ᵇ', r('mul', r('exp', 'a'), r('exp', 'b')), 'exp(a + b)'],
  ['(eᵃ)ᵏ = eᵏᵃ', r('pow', r('exp', 'a'), 3), 'exp(3 * a)'],
  ['(√x)² = x', r('pow', r('sqrt', 'x'), 2), 'x'],
  ['√(x²) = |x|', r('sqrt', r('pow', 'x', 2)), 'abs(x)'],
  ['sinh x / cosh x = tanh x', r('div', r('sinh', 'x'), r('cosh', 'x')), 'tanh(x)'],
  ['(eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = tanh x',
    r('div', r('sub', r('exp', 'x'), r('exp', r('neg', 'x'))), r('add', r('exp', 'x'), r('exp', r('neg', 'x')))), 'tanh(x)'],
  [NF, r('sub', r('div', 2, r('add', r('mul', 3, 'x'), 2)), r('div', r('mul', 6, 'x'), r('pow', r('add', r('mul', 3, 'x'), 2), 2))),
    '4 / (3 * x + 2)^2'],
  ['[x < x] = 0', r('lt', 'x', 'x'), '0'],
];

describe('the rule table', () => {
  it.each(CASES.map(([name, input, want]) => ({ name, text: show(input), input, want })))(
    '$name: $text → $want',
    ({ name, input, want }) => {
      const engine = new Engine(RULES);
      const out = engine.run(input);
      expect(show(out)).toBe(want);
      expect([...engine.stats.fired.keys()]).toContain(name);
    },
  );

  it('has a case for every rule', () => {
    const covered = new Set(CASES.map(([name]) => name));
    expect(RULES.map((rule) => rule.name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it('keeps user constants and transcendental constants exact', () => {
    const engine = new Engine(RULES);
    expect(show(engine.run(r('mul', 0.4352, r('log', 2))))).toBe('0.4352 * log(2)');
    expect(show(engine.run(r('div', 1, 3)))).toBe('1 / 3');
    expect(show(engine.run(r('sqrt', 2)))).toBe('sqrt(2)');
  });
});

describe('indicator tidy-ups inside products', () => {
  it('u·[u > 0] = relu(u) and relu(u)·[u > 0] = relu(u) among other factors', () => {
    const u = r('add', r('mul', 'w', 'x'), 'b');
    const engine = new Engine(RULES);
    expect(show(engine.run(r('mul', r('mul', 2, u), r('mul', 'x', r('gt', u, 0)))))).toBe('2 * x * relu(w * x + b)');
    expect(show(engine.run(r('mul', r('mul', r('relu', 'z'), 'y'), r('gt', 'z', 0))))).toBe('y * relu(z)');
    // not for a negative power: 1/u·[u > 0] is 0 for u < 0, while 1/relu(u) is not
    expect(show(engine.run(r('mul', r('div', 'y', 'z'), r('gt', 'z', 0))))).toBe('y * (z > 0) / z');
  });
});
