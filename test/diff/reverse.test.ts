/**
 * The reverse-mode driver: sharing of common subexpressions (linear, not exponential, growth),
 * the chain-rule structure it exposes, Hessians, and the chain rule over programs.
 */
import { describe, expect, it } from 'vitest';
import { B, dagSize, evaluate, symbol, type Expr } from '../../src/expr/index.js';
import { derivative, gradient, hessian, nthDerivative, Program, programGradient } from '../../src/diff/index.js';

/** eₖ₊₁ = σ(eₖ·eₖ + w): each level uses the previous one twice, so the tree doubles per level. */
function nested(depth: number): { e: Expr; x: Expr; w: Expr } {
  const x = symbol('x');
  const w = symbol('w');
  let e: Expr = x;
  for (let i = 0; i < depth; i++) e = B.sigmoid(B.add(B.mul(e, e), w));
  return { e, x, w };
}

describe('reverse-mode sharing', () => {
  it('gradient node count grows linearly with depth (50 levels, tree size 2^50)', () => {
    const sizes = [10, 20, 30, 40, 50].map((d) => {
      const { e, x, w } = nested(d);
      const g = gradient(e, [x, w]);
      return dagSize(g.of.get(x)!, g.of.get(w)!);
    });
    const steps = sizes.slice(1).map((s, i) => s - sizes[i]!);
    // Equal depth increments add (nearly) the same number of nodes: linear growth.
    for (const step of steps) expect(step).toBeLessThanOrEqual(steps[0]! + 2);
    expect(sizes[4]!).toBeLessThan(50 * 20);
  });

  it('the deep gradient is numerically right', () => {
    const { e, x } = nested(6);
    const g = derivative(e, x);
    const at = (v: number) => evaluate(e, { x: v, w: 0.1 });
    const fd = (at(0.3 + 1e-6) - at(0.3 - 1e-6)) / 2e-6;
    expect(evaluate(g, { x: 0.3, w: 0.1 })).toBeCloseTo(fd, 8);
  });

  it('exposes every node adjoint and the local factor of every edge', () => {
    const w = symbol('w');
    const x = symbol('x');
    const z = B.mul(w, x);
    const s = B.sigmoid(z);
    const g = gradient(s, [w]);
    expect(g.adjoint.get(z)).toBe(B.mul(s, B.sub(B.constant(1), s)));
    const edge = g.edges.find((ed) => ed.parent === z && ed.child === w);
    expect(edge?.local).toBe(x);
    expect(g.edges.some((ed) => ed.child === x)).toBe(false); // x is not on a path to w
  });

  it('a variable the function does not use has derivative 0', () => {
    expect(derivative(B.exp(symbol('x')), symbol('q'))).toBe(B.constant(0));
  });
});

describe('higher derivatives', () => {
  const x = symbol('x');
  const y = symbol('y');
  const f = B.mul(B.pow(x, B.constant(3)), B.exp(y)); // x³eʸ
  it('Hessian of x³eʸ', () => {
    const H = hessian(f, [x, y]);
    const env = { x: 1.5, y: -0.5 };
    const ev = (e: Expr) => evaluate(e, env);
    expect(ev(H[0]![0]!)).toBeCloseTo(6 * 1.5 * Math.exp(-0.5), 12);
    expect(ev(H[0]![1]!)).toBeCloseTo(3 * 1.5 ** 2 * Math.exp(-0.5), 12);
    expect(ev(H[1]![0]!)).toBeCloseTo(ev(H[0]![1]!), 12);
    expect(ev(H[1]![1]!)).toBeCloseTo(1.5 ** 3 * Math.exp(-0.5), 12);
  });
  it('third derivative by differentiating again', () => {
    const d3 = nthDerivative(f, [x, x, x]);
    expect(evaluate(d3, { x: 2, y: 0 })).toBeCloseTo(6, 12);
  });
});

describe('programs: the chain rule over named intermediates', () => {
  const [w, x, b, y, z, s, L] = ['w', 'x', 'b', 'y', 'z', 's', 'L'].map(symbol) as [Expr, Expr, Expr, Expr, Expr, Expr, Expr];
  const one = B.constant(1);
  const p = new Program([
    { target: z, expr: B.add(B.mul(w, x), b) },
    { target: s, expr: B.sigmoid(z) },
    { target: L, expr: B.neg(B.add(B.mul(y, B.log(s)), B.mul(B.sub(one, y), B.log(B.sub(one, s))))) },
  ]);
  const env = { w: 0.4, x: 1.5, b: -0.3, y: 1 };

  it('lists inputs and inlines definitions', () => {
    expect(p.inputs.map((e) => e.name)).toEqual(['w', 'x', 'b', 'y']);
    expect(p.inline(s)).toBe(B.sigmoid(B.add(B.mul(w, x), b)));
  });

  it('∂L/∂w = ∂L/∂s · ∂s/∂z · ∂z/∂w, one path of local factors', () => {
    const g = programGradient(p, L, [w, b]);
    const paths = g.paths(w);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.map((l) => [l.target.name, l.input.name])).toEqual([['L', 's'], ['s', 'z'], ['z', 'w']]);
    expect(paths[0]![2]!.local).toBe(x);
    expect(paths[0]![1]!.local).toBe(B.mul(B.sigmoid(z), B.sub(one, B.sigmoid(z))));
  });

  it('adjoints in terms of intermediates agree with the inlined derivative', () => {
    const g = programGradient(p, L, [w, b]);
    const inlinedL = p.inline(L);
    for (const v of [w, b]) {
      const viaProgram = p.inline(g.adjoint.get(v)!);
      expect(evaluate(viaProgram, env)).toBeCloseTo(evaluate(derivative(inlinedL, v), env), 14);
    }
  });

  it('rejects reassignment and self-reference', () => {
    expect(() => new Program([{ target: z, expr: x }, { target: z, expr: w }])).toThrow(/assigned twice/);
    expect(() => new Program([{ target: z, expr: B.add(z, x) }])).toThrow(/itself/);
  });
});
