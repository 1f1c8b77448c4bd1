/**
 * `symgrad diff` through the CLI entry point with a capturing io: derivatives agree with central
 * finite differences of the formula, the chain rule through assignments is shown, every LaTeX
 * string printed renders with KaTeX, and bad input is one line on stderr with exit code 2.
 */
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';
import { evaluate } from '../../src/expr/index.js';
import { parseExpression } from '../../src/parse/index.js';
import { centralDiff } from '../support/arb.js';
import { expectKatex } from '../support/katex.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += `${s}\n`; }, err: (s) => { err += `${s}\n`; } };
  const code = await main(['diff', ...argv], io);
  return { code, out, err };
}

interface Json {
  function: { text: string; latex: string; value?: number };
  derivatives: Array<{
    wrt: string[]; name: string; text: string; latex: string; value?: number;
    chain?: Array<Array<{ of: string; wrt: string; text: string; latex: string }>>; paths?: number;
  }>;
}

async function json(...argv: string[]): Promise<Json> {
  const r = await run(...argv, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Json;
}

const formula = (src: string) => {
  const e = parseExpression(src);
  return (env: Record<string, number>) => evaluate(e, env);
};

describe('symgrad diff', () => {
  it('gives the first derivatives of an expression and their values', async () => {
    const src = 'sigmoid(w*x + b) * tanh(w - 2*b)';
    const point = { w: 0.5, x: 1.5, b: -0.3 };
    const r = await json(src, '--wrt', 'w,b', '--at', 'w=0.5,x=1.5', '--at', 'b=-0.3');
    expect(r.function.value).toBeCloseTo(formula(src)(point), 14);
    expect(r.derivatives.map((d) => d.name)).toEqual(['∂f/∂w', '∂f/∂b']);
    for (const d of r.derivatives) {
      const fd = centralDiff(formula(src), point, d.wrt[0]!);
      expect(d.value).toBeCloseTo(fd, 7);
      // the printed text is a formula whose value is the derivative's
      expect(evaluate(parseExpression(d.text), point)).toBeCloseTo(d.value!, 12);
      expectKatex(d.latex);
    }
    expect(r.derivatives[0]!.latex.startsWith('\\frac{\\partial f}{\\partial w} = ')).toBe(true);
    expectKatex(r.function.latex);
  });

  it('differentiates through assignments and shows the chain rule', async () => {
    const src = 'z = w*x + b; s = sigmoid(z); L = -(y*log(s) + (1-y)*log(1-s))';
    const r = await json(src, '--wrt', 'w,z', '--at', 'w=0.5,x=1.5,b=-0.2,y=1');
    const sig = 1 / (1 + Math.exp(-(0.5 * 1.5 - 0.2)));
    const [dw, dz] = r.derivatives as [Json['derivatives'][0], Json['derivatives'][0]];
    // the simplified closed form is the tutorial's cancellation (σ(z) − y)·x
    expect(dw.text).toBe('x * (sigmoid(w * x + b) - y)');
    expect(dw.value).toBeCloseTo((sig - 1) * 1.5, 12);
    expect(dz.text).toBe('sigmoid(z) - y');
    expect(dz.value).toBeCloseTo(sig - 1, 12);
    expect(dw.chain!.map((p) => p.map((f) => `${f.of}/${f.wrt}`))).toEqual([['L/s', 's/z', 'z/w']]);
    expect(dw.chain![0]![1]!.text).toBe('s * (1 - s)');
    expect(dw.chain![0]![2]!.text).toBe('x');
    for (const f of dw.chain!.flat()) expectKatex(f.latex);
  });

  it('sums the chain rule over every path, and only counts paths when there are many', async () => {
    const two = await json('a = w*x; b = w*y; c = a*b; L = c^2', '--wrt', 'w', '--at', 'w=1,x=2,y=3');
    expect(two.derivatives[0]!.value).toBe(144); // d/dw (w² x y)² = 4 w³ x² y²
    expect(two.derivatives[0]!.chain!.map((p) => p.map((f) => `${f.of}/${f.wrt}`).join(' '))).toEqual(['L/c c/a a/w', 'L/c c/b b/w']);
    // six levels where each intermediate reads both of the level below: 32 paths to w
    const levels = ['a1 = w*x; b1 = w + x'];
    for (let k = 2; k <= 6; k++) levels.push(`a${k} = a${k - 1}*b${k - 1}; b${k} = a${k - 1} - b${k - 1}`);
    const many = await json(`${levels.join('; ')}; L = a6`, '--wrt', 'w');
    expect(many.derivatives[0]!.chain).toBeUndefined();
    expect(many.derivatives[0]!.paths).toBe(32);
    expect(many.derivatives[0]!.text.length).toBeGreaterThan(0);
  });

  it('prints text with LaTeX lines that all render', async () => {
    const r = await run('z = w*x + b; a = relu(z); L = (a - y)^2', '--wrt', 'w,b', '--latex', '--at', 'w=2,x=1,b=0.5,y=1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('∂L/∂w = ');
    expect(r.out).toContain('chain rule: ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w');
    expect(r.out).toContain('∂a/∂z = z > 0');
    const latex = r.out.split('\n').filter((l) => l.trim().startsWith('latex: ')).map((l) => l.trim().slice(7));
    expect(latex.length).toBeGreaterThanOrEqual(6);
    latex.forEach((t) => expectKatex(t));
    // ∂L/∂w = 2(a − y)[z > 0]x = 2 · 1.5 · 1 · 1 at this point
    expect(r.out).toMatch(/∂L\/∂w = [^\n]*\n {2}at w=2, x=1, b=0\.5, y=1: 3\n/);
  });

  it('gives second derivatives as Hessian entries', async () => {
    const src = 'sigmoid(w*x + b)';
    const point = { w: 0.5, x: 1.5, b: -0.3 };
    const r = await json(src, '--wrt', 'w,b', '--order', '2', '--at', 'w=0.5,x=1.5,b=-0.3');
    expect(r.derivatives.map((d) => d.name)).toEqual(['∂²f/∂w²', '∂²f/∂w∂b', '∂²f/∂b²']);
    const first = (v: string) => {
      const d = parseExpression(`sigmoid(w*x + b) * (1 - sigmoid(w*x + b)) * ${v === 'w' ? 'x' : '1'}`);
      return (env: Record<string, number>) => evaluate(d, env);
    };
    for (const d of r.derivatives) {
      const [i, j] = d.wrt as [string, string];
      expect(d.value).toBeCloseTo(centralDiff(first(i), point, j), 7);
      expectKatex(d.latex);
    }
    expect(r.derivatives[1]!.latex.startsWith('\\frac{\\partial^{2} f}{\\partial w \\, \\partial b}')).toBe(true);
  });

  it('gives higher pure derivatives', async () => {
    const r = await json('x^4 + exp(2*x)', '--wrt', 'x', '--order', '3', '--at', 'x=0.5');
    expect(r.derivatives[0]!.name).toBe('∂³f/∂x³');
    expect(r.derivatives[0]!.value).toBeCloseTo(24 * 0.5 + 8 * Math.exp(1), 10);
  });

  it('takes names in their LaTeX spelling in the formula, --wrt and --at', async () => {
    const r = await json('\\mathcal{L} = (\\sigma_3 - \\hat{y})^2 * z_{12}', '--wrt', '\\sigma_3,z_{12}', '--at', '\\sigma_3=1,\\hat{y}=0.25,z_{12}=2');
    expect(r.derivatives.map((d) => d.latex.split(' = ')[0])).toEqual([
      '\\frac{\\partial \\mathcal{L}}{\\partial \\sigma_{3}}', '\\frac{\\partial \\mathcal{L}}{\\partial z_{12}}',
    ]);
    expect(r.derivatives.map((d) => d.value)).toEqual([2 * 0.75 * 2, 0.75 ** 2]);
  });

  it('lists the chain rule only when it has more than the derivative itself', async () => {
    const one = await run('L = (s - y)^2', '--wrt', 's');
    expect(one.out).not.toContain('chain rule');
    const two = await run('z = w*x; L = z^2', '--wrt', 'w');
    expect(two.out).toContain('chain rule: ∂L/∂w = ∂L/∂z · ∂z/∂w');
  });

  it('prints the usage with --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: symgrad diff');
  });
});

describe('symgrad diff: bad input is one line and exit code 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['x + foo(y)', '--wrt', 'x'], /formula:1:5: unknown function 'foo'/],
    [['x*y'], /--wrt: name at least one variable/],
    [['x*y', '--wrt', 'q'], /--wrt: 'q' does not appear in the formula \(its inputs: x, y\)/],
    [['x*y', '--wrt', 'x', '--at', 'x=1'], /--at: no value for y/],
    [['x*y', '--wrt', 'x', '--at', 'x=1,y=2,q=3'], /--at: 'q' is not an input/],
    [['x*y', '--wrt', 'x', '--at', 'x=abc,y=1'], /--at: 'x' needs a finite number/],
    [['x*y', '--wrt', 'x', '--at', 'x'], /--at: expected name=number/],
    [['x*y', '--wrt', 'x', '--order', '0'], /--order: expected 1 to 6/],
    [['z = w*x; L = z^2', '--wrt', 'z', '--order', '2'], /'z' is an intermediate/],
    [['x', 'y', '--wrt', 'x'], /expected one formula/],
    [['x*y', '--wrt', 'x', '--bogus'], /unknown option '--bogus' \(see --help\)/],
    // parseArgs explains this one over three lines; the CLI keeps one
    [['x*y', '--wrt', 'x', '--order', '-1'], /--order: a value starting with '-' must be written --order=VALUE/],
    [['x = 1; x = 2', '--wrt', 'x'], /'x' is assigned twice/],
  ];
  it.each(cases)('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^symgrad diff: /);
    expect(r.err).toMatch(message);
  });
});
