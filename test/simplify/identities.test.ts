/**
 * The identities a reader expects to see after differentiating: σ′(z) = σ(z)(1 − σ(z)),
 * tanh′(z) = 1 − tanh²(z), and ∂/∂z BCE(σ(z), y) = σ(z) − y — built with the builders,
 * differentiated with src/diff, and compared as interned nodes. Also the whole gradient of the
 * tutorial's 2-2-1 sigmoid/BCE network, simplified together with simplifyAll.
 */
import { describe, expect, it } from 'vitest';
import { B, evaluateMany, symbol, treeSize, type Expr } from '../../src/expr/index.js';
import { derivative, gradient, nthDerivative } from '../../src/diff/index.js';
import { simplify, simplifyAll } from '../../src/simplify/index.js';
import { show } from './print.js';

const [x, y, z, w, b] = ['x', 'y', 'z', 'w', 'b'].map(symbol) as [Expr, Expr, Expr, Expr, Expr];
const one = B.constant(1);

/** Binary cross-entropy of a prediction p against a label y: −(y log p + (1 − y) log(1 − p)). */
const bce = (p: Expr, label: Expr): Expr =>
  B.neg(B.add(B.mul(label, B.log(p)), B.mul(B.sub(one, label), B.log(B.sub(one, p)))));

describe('reader identities', () => {
  it('σ′(z) = σ(z)(1 − σ(z))', () => {
    const s = B.sigmoid(z);
    expect(simplify(derivative(s, z))).toBe(B.mul(s, B.sub(one, s)));
  });

  it('tanh′(z) = 1 − tanh²(z)', () => {
    const t = B.tanh(z);
    expect(simplify(derivative(t, z))).toBe(B.sub(one, B.pow(t, B.constant(2))));
  });

  it('∂/∂z BCE(σ(z), y) = σ(z) − y', () => {
    const d = derivative(bce(B.sigmoid(z), y), z);
    expect(show(d)).not.toBe('sigmoid(z) - y');
    expect(simplify(d)).toBe(B.sub(B.sigmoid(z), y));
  });

  it('with z = w·x + b: ∂L/∂w = x(σ(z) − y) and ∂L/∂b = σ(z) − y', () => {
    const s = B.sigmoid(B.add(B.mul(w, x), b));
    const L = bce(s, y);
    expect(simplify(derivative(L, w))).toBe(B.mul(x, B.sub(s, y)));
    expect(simplify(derivative(L, b))).toBe(B.sub(s, y));
    expect(show(simplify(derivative(L, w)))).toBe('x * (sigmoid(w * x + b) - y)');
  });

  it('the loss itself reads −(y log σ(z) + (1 − y) log(1 − σ(z)))', () => {
    expect(show(simplify(bce(B.sigmoid(z), y)))).toBe('-(y * log(sigmoid(z)) + (1 - y) * log(1 - sigmoid(z)))');
  });

  it('MSE through a sigmoid: ∂/∂w (σ(wx + b) − y)² = 2x σ(1 − σ)(σ − y)', () => {
    const s = B.sigmoid(B.add(B.mul(w, x), b));
    const d = simplify(derivative(B.pow(B.sub(s, y), B.constant(2)), w));
    expect(d).toBe(B.mul(B.mul(B.mul(B.mul(B.constant(2), x), s), B.sub(one, s)), B.sub(s, y)));
  });

  it('σ″(z) simplifies to a product no larger than the raw second derivative', () => {
    const raw = nthDerivative(B.sigmoid(z), [z, z]);
    const simple = nthDerivative(B.sigmoid(z), [z, z], simplify);
    expect(treeSize(simple)).toBeLessThan(treeSize(raw));
    for (const v of [-3, -0.5, 0, 0.7, 2]) {
      const [a, c] = evaluateMany([raw, simple], { z: v });
      expect(c).toBeCloseTo(a!, 12);
    }
  });
});

describe('the 2-2-1 sigmoid network with BCE', () => {
  const s = symbol;
  const xs = [s('x_1'), s('x_2')];
  const W1 = [[s('w_{11}'), s('w_{12}')], [s('w_{21}'), s('w_{22}')]];
  const b1 = [s('b_1'), s('b_2')];
  const W2 = [s('v_1'), s('v_2')];
  const b2 = s('c');
  const h = [0, 1].map((i) => B.sigmoid(B.add(B.add(B.mul(W1[i]![0]!, xs[0]!), B.mul(W1[i]![1]!, xs[1]!)), b1[i]!)));
  const yhat = B.sigmoid(B.add(B.add(B.mul(W2[0]!, h[0]!), B.mul(W2[1]!, h[1]!)), b2));
  const L = bce(yhat, y);
  const params = [...W1.flat(), ...b1, ...W2, b2];
  const raw = params.map((p) => gradient(L, params).of.get(p)!);
  const simple = simplifyAll(raw);
  const at = (p: Expr) => simple[params.indexOf(p)]!;

  it('reads as the tutorial writes it', () => {
    const delta = B.sub(yhat, y);
    expect(at(b2)).toBe(delta);
    expect(at(W2[0]!)).toBe(B.mul(h[0]!, delta));
    expect(at(b1[1]!)).toBe(B.mul(B.mul(B.mul(W2[1]!, h[1]!), B.sub(one, h[1]!)), delta));
  });

  it('keeps every value and shrinks every entry', () => {
    const points = [
      { x_1: 0.35, x_2: 0.9, y: 1, 'w_{11}': 0.1, 'w_{12}': 0.8, 'w_{21}': 0.4, 'w_{22}': 0.6, b_1: 0, b_2: 0, v_1: 0.3, v_2: 0.9, c: 0 },
      { x_1: -1.2, x_2: 0.3, y: 0, 'w_{11}': -0.7, 'w_{12}': 0.2, 'w_{21}': 1.4, 'w_{22}': -0.6, b_1: 0.5, b_2: -0.1, v_1: -1.1, v_2: 0.4, c: 0.2 },
    ];
    for (const p of points) {
      const before = evaluateMany(raw, p);
      const after = evaluateMany(simple, p);
      before.forEach((v, i) => expect(Math.abs(after[i]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
    }
    raw.forEach((e, i) => expect(treeSize(simple[i]!)).toBeLessThan(treeSize(e) / 2));
  });
});

describe('bounded expansion', () => {
  it('multiplies out when that is smaller: (x + 1)³ − x³ − 3x² − 3x = 1', () => {
    const x3 = B.pow(B.add(x, one), B.constant(3));
    const e = B.sub(B.sub(B.sub(x3, B.pow(x, B.constant(3))), B.mul(B.constant(3), B.pow(x, B.constant(2)))), B.mul(B.constant(3), x));
    expect(simplify(e)).toBe(one);
  });

  it('leaves a product of twelve binomials factored (no 4096-term expansion)', () => {
    let e: Expr = one;
    for (let i = 0; i < 12; i++) e = B.mul(e, B.add(symbol(`a_${i}`), symbol(`b_${i}`)));
    const s = simplify(e);
    expect(treeSize(s)).toBe(treeSize(e));
    expect(s.op).toBe('mul');
  });

  it('turns a 100-level p ← p·p + y (tree size 2¹⁰⁰) into a linear-size form', () => {
    let p: Expr = x;
    for (let i = 0; i < 100; i++) p = B.add(B.mul(p, p), y);
    const s = simplify(p);
    expect(treeSize(s)).toBeLessThan(5 * 100);
  });
});
