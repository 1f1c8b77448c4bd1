/**
 * The formula parser: good input becomes the same interned nodes the builders make (numbers
 * exact, canonical names, e and pi, user functions expanded), programs keep their assignments
 * and chain-rule structure, and bad input is a SymgradError at the right line and column naming
 * the token.
 */
import { describe, expect, it } from 'vitest';
import { B, evaluate, type Expr } from '../../src/expr/index.js';
import { derivative, programGradient } from '../../src/diff/index.js';
import { parseExpression, parseProgram } from '../../src/parse/index.js';
import { SymgradError } from '../../src/errors.js';

const s = B.symbol;
const c = B.constant;
const [w, x, y, b, z] = ['w', 'x', 'y', 'b', 'z'].map(s) as [Expr, Expr, Expr, Expr, Expr];

describe('parseExpression', () => {
  const cases: Array<[string, Expr]> = [
    ['(sigmoid(w*x+b) - y)^2', B.pow(B.sub(B.sigmoid(B.add(B.mul(w, x), b)), y), c(2))],
    ['0.4352 * x', B.mul(c(0.4352), x)],
    ['2x + 1', B.add(B.mul(c(2), x), c(1))],
    ['-x^2', B.neg(B.pow(x, c(2)))],
    ['+x - -y', B.add(x, y)],
    ['e^(-z)', B.exp(B.neg(z))],
    ['exp(1) * e', B.mul(B.exp(c(1)), B.apply('e', []))],
    ['pi * x', B.mul(B.apply('pi', []), x)],
    ['log(x, 2)', B.div(B.log(x), B.log(c(2)))],
    ['pow(x, 3) + clamp(x, 0)', B.add(B.pow(x, c(3)), B.apply('clamp', [x, c(0), c(Infinity)]))],
    ['log(x) + ln(y)', B.add(B.log(x), B.log(y))],
    ['sqrt(abs(x)) * sign(y)', B.mul(B.sqrt(B.abs(x)), B.apply('sign', [y]))],
    ['tanh(x) + relu(y) + softplus(z)', B.add(B.add(B.tanh(x), B.relu(y)), B.softplus(z))],
    ['leaky_relu(x, 0.2) + leaky_relu(y)', B.add(B.leakyRelu(x, 0.2), B.leakyRelu(y, 0.01))],
    ['max(x, y) - min(x, y)', B.sub(B.max(x, y), B.min(x, y))],
    ['where(x > 0, x, 0.1*x)', B.where(B.gt(x, c(0)), x, B.mul(c(0.1), x))],
    ['x >= 0 ? x : y', B.where(B.apply('ge', [x, c(0)]), x, y)],
    ['(x < y) + (x <= y) + (x == y)', B.add(B.add(B.lt(x, y), B.apply('le', [x, y])), B.apply('eq', [x, y]))],
    ['W1*x1 + sigma_2 + y_hat + L_cal + z_12', B.add(B.add(B.add(B.add(B.mul(s('W_1'), s('x_1')), s('\\sigma_2')), s('\\hat{y}')), s('\\mathcal{L}')), s('z_{12}'))],
    ['2 * 3 + 1/4', c(6.25)],
    // names typed as they are printed (LaTeX spelling) read as the same canonical symbols
    ['W_1*x_1 + \\sigma_2 + \\hat{y} + \\mathcal{L} + z_{12}', B.add(B.add(B.add(B.add(B.mul(s('W_1'), s('x_1')), s('\\sigma_2')), s('\\hat{y}')), s('\\mathcal{L}')), s('z_{12}'))],
    ['\\hat{y}_{1}x_1^{(2)} - \\alpha', B.sub(B.mul(s('\\hat{y}_1'), s('x_1^{(2)}')), s('\\alpha'))],
    // decimals fold exactly: 0.1 + 0.2 is 0.3, not 0.30000000000000004
    ['(0.1 + 0.2) * x + 0.1 * 3 * y', B.add(B.mul(c(0.3), x), B.mul(c(0.3), y))],
    ['x * 1 + 0', x],
    ['sigmoid(\n  x)', B.sigmoid(x)],
    ['swish(t) = t*sigmoid(t); swish(w*x)', B.mul(B.mul(w, x), B.sigmoid(B.mul(w, x)))],
    ['f(a, b) = a - b\ng(a) = f(a, 2*a)\ng(x) # a comment', B.sub(x, B.mul(c(2), x))],
    ['z = w*x + b; s = sigmoid(z); L = (s - y)^2', B.pow(B.sub(B.sigmoid(B.add(B.mul(w, x), b)), y), c(2))],
  ];
  it.each(cases)('%s', (src, expected) => {
    expect(parseExpression(src)).toBe(expected);
  });

  it('keeps numbers exactly as written', () => {
    for (const v of ['0.4352', '0.1', '1e-7', '123456.789', '3']) {
      expect(parseExpression(`${v} * x`).args[0]!.value).toBe(Number(v));
    }
  });

  it('accepts user functions given in the options', () => {
    const { functions } = parseProgram('sq(u) = u^2; sq(1)');
    expect(parseExpression('sq(x) + 1', { functions })).toBe(B.add(B.pow(x, c(2)), c(1)));
  });
});

describe('parseProgram', () => {
  const src = 'z = w*x + b\ns = sigmoid(z)\nL = -(y*log(s) + (1-y)*log(1-s))';

  it('keeps the assignments, the output and the chain-rule structure', () => {
    const { program, output } = parseProgram(src);
    expect(output).toBe(s('L'));
    expect(program.targets.map((t) => t.name)).toEqual(['z', 's', 'L']);
    expect(program.inputs.map((t) => t.name).sort()).toEqual(['b', 'w', 'x', 'y']);
    const paths = programGradient(program, output, [w]).paths(w);
    expect(paths.map((p) => p.map((l) => `${l.target.name}<-${l.input.name}`))).toEqual([['L<-s', 's<-z', 'z<-w']]);
    // the closed form differentiates to the value the tutorial's cancellation gives: (σ − y)x
    const dw = derivative(program.inline(output), w);
    const at = { w: 0.5, x: 1.5, b: -0.2, y: 1 };
    const sig = 1 / (1 + Math.exp(-(0.5 * 1.5 - 0.2)));
    expect(evaluate(dw, at)).toBeCloseTo((sig - 1) * 1.5, 12);
  });

  it('returns a final bare expression as the output', () => {
    const { program, output } = parseProgram('h = x^2; 3*h');
    expect(output).toBe(B.mul(c(3), s('h')));
    expect(program.inline(output)).toBe(B.mul(c(3), B.pow(x, c(2))));
  });

  it('places lines and columns relative to an embedding file', () => {
    try {
      parseProgram('a = 1\nb = foo(a)', { file: 'notes.md', line: 10, column: 5 });
      expect.unreachable();
    } catch (e) {
      expect((e as SymgradError).format()).toMatch(/^notes\.md:11:5: unknown function 'foo'/);
    }
  });
});

describe('errors name the token and its place', () => {
  /** [source, line:column, message pattern]. */
  const bad: Array<[string, string, RegExp]> = [
    ['x + foo(y)', '1:5', /unknown function 'foo'/],
    ['sigmoid(x) + foo(y)*foo(2)', '1:14', /unknown function 'foo'/],
    ['x +', '1:4', /syntax error .*end of expression/i],
    ['sigmoid(x', '1:10', /syntax error.*Parenthesis \) expected/],
    ['2 ^^ 3', '1:4', /syntax error at '\^'/],
    ['x + [1, 2]', '1:5', /matrices and vectors are not supported: '\['/],
    ['1:3', '1:2', /ranges are not supported/],
    ['x + "s"', '1:5', /strings are not supported/],
    ['x[1]', '1:2', /indexing/],
    ['a.b', '1:2', /indexing and properties/],
    ['{a: 1}', '1:1', /objects are not supported/],
    ['x!', '1:2', /unsupported operator '!'/],
    ['x % 2', '1:3', /unsupported operator '%'/],
    ['x != y', '1:3', /unsupported operator '!='/],
    ['a and b', '1:3', /unsupported operator 'and'/],
    ['a < b < c', '1:3', /chained comparisons/],
    ['true', '1:1', /'true' is not a number or a symbol/],
    ['NaN * x', '1:1', /NaN/],
    ['log(x, 2, 3)', '1:1', /log\(\) takes 1 or 2 arguments, got 3/],
    ['leaky_relu(x, 1) + leaky_relu(x, 1, 2)', '1:20', /leaky_relu\(\) takes 1 or 2 arguments, got 3/],
    ['where(x, y)', '1:1', /where\(\) takes 3 arguments, got 2/],
    ['f(a) = a; f(1, 2)', '1:11', /f\(\) takes 1 argument, got 2/],
    ['sigmoid + 1', '1:1', /'sigmoid' is a function/],
    ['z = 1; z = 2', '1:8', /'z' is assigned twice \(first at line 1, column 1\)/],
    ['s = z + 1\nz = 2', '2:1', /'z' is used \(at line 1, column 5\) before it is assigned/],
    ['z = z + 1', '1:5', /'z' is defined in terms of itself/],
    ['f(t) = t + z; z = f(1)', '1:15', /'z' is defined in terms of itself/],
    ['e = 2', '1:1', /cannot assign to 'e'/],
    ['sigmoid(t) = 2*t; 1', '1:1', /cannot define function 'sigmoid'/],
    ['g(1)', '1:1', /unknown function 'g'/],
    ['f(t) = 2*t', '1:1', /only defines functions/],
    ['x; y', '1:1', /only the last statement may be a bare expression/],
    ['', '1:1', /empty/],
    ['a = 1\n\n  b = bar(a)', '3:7', /unknown function 'bar'/],
    // a LaTeX-spelled name keeps the columns after it right
    ['\\hat{y} + z_{12} +* 2', '1:19', /syntax error at '\*'/],
    ['\\mathcal{L} + foo(y)', '1:15', /unknown function 'foo'/],
    ['\\frac{1}{2} x', '1:1', /syntax error at '\\frac\{1\}\{2\}'/],
  ];
  it.each(bad)('%j', (src, place, message) => {
    let err: unknown;
    try {
      parseProgram(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SymgradError);
    const e = err as SymgradError;
    expect(`${e.place.line}:${e.place.column}`).toBe(place);
    expect(e.message).toMatch(message);
    expect(e.exitCode).toBe(2);
  });
});
