/**
 * Table-driven check of every primitive in the op table: the symbolic local derivative (first
 * and second order, every argument) against central finite differences, at ordinary points,
 * near kinks (relu, abs, leaky_relu, max/min ties) and in saturation (sigmoid, tanh, softplus).
 * The list of ops comes from OP_NAMES, so a new primitive without points fails this test.
 */
import { describe, expect, it } from 'vitest';
import { B, OP_NAMES, evaluate, type Expr, type OpName } from '../../src/expr/index.js';
import { derivative } from '../../src/diff/index.js';

const A = ['a', 'b', 'c'] as const;

/** Argument points per op; each point is away from kinks by more than the FD step. */
const POINTS: { readonly [K in OpName]: number[][] } = {
  add: [[0.3, -1.2], [5, 7]],
  sub: [[0.3, -1.2], [-5, 7]],
  mul: [[0.3, -1.2], [2, 0]],
  div: [[0.3, -1.2], [2, 0.1], [-4, 3]],
  neg: [[0.7], [-3]],
  pow: [[1.3, 2], [2.5, -1.5], [0.4, 0.5], [1.7, 3.2]],
  exp: [[0.5], [-3], [4]],
  log: [[0.5], [3], [1e-3]],
  sqrt: [[0.5], [9], [1e-3]],
  abs: [[0.7], [-0.7], [1e-3], [-1e-3]],
  sign: [[0.7], [-0.7]],
  sigmoid: [[0.2], [-2], [30], [-30], [12]],
  tanh: [[0.2], [-2], [15], [-15]],
  relu: [[0.7], [-0.7], [1e-3], [-1e-3]],
  leaky_relu: [[0.7, 0.01], [-0.7, 0.01], [-1e-3, 0.2], [1e-3, 0.2]],
  softplus: [[0.2], [-2], [19], [-25], [3]],
  max: [[0.3, -1.2], [-1, 2], [1, 1.001]],
  min: [[0.3, -1.2], [-1, 2], [1, 1.001]],
  where: [[1, 0.3, -2], [0, 0.3, -2]],
  gt: [[1, 2], [2, 1]],
  ge: [[1, 2], [2, 1]],
  lt: [[1, 2], [2, 1]],
  le: [[1, 2], [2, 1]],
  eq: [[1, 2], [2, 1]],
  e: [[]],
  pi: [[]],
  sin: [[0.3], [-2], [40], [0]],
  cos: [[0.3], [-2], [40], [0]],
  tan: [[0.3], [-1.2], [1]],
  asin: [[0.3], [-0.9], [0]],
  acos: [[0.3], [-0.9], [0]],
  atan: [[0.3], [-40], [0], [1]],
  atan2: [[0.3, -1.2], [-1, 2], [2, 0.5], [1, -1]],
  sinh: [[0.3], [-2], [5]],
  cosh: [[0.3], [-2], [5]],
  asinh: [[0.3], [-40], [0]],
  acosh: [[1.3], [40], [1.01]],
  atanh: [[0.3], [-0.9], [0]],
  erf: [[0.3], [-1], [2.5], [0], [-4.5]],
  erfc: [[0.3], [-1], [2.5], [0], [5]],
  log1p: [[0.3], [-0.9], [40], [1e-9]],
  expm1: [[0.3], [-2], [1e-9], [5]],
  log2: [[0.3], [8], [1e-3]],
  log10: [[0.3], [40], [1e-3]],
  exp2: [[0.3], [-2], [10]],
  cbrt: [[0.3], [-8], [27]],
  floor: [[0.3], [-1.5]],
  ceil: [[0.3], [-1.5]],
  round: [[0.3], [-1.7]],
  trunc: [[0.3], [-1.5]],
  clamp: [[0.3, -1, 1], [-2, -1, 1], [2, -1, 1]],
  logaddexp: [[0.3, -1.2], [40, 41], [-800, -801], [800, 2]],
  logsigmoid: [[0.3], [-2], [40], [-40], [-800]],
};

function central(f: (v: number) => number, x: number): number {
  const h = Math.max(1e-6, Math.abs(x) * 1e-6);
  return (f(x + h) - f(x - h)) / (2 * h);
}

function closeTo(actual: number, expected: number, rel: number): boolean {
  if (!Number.isFinite(expected)) return Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected));
  return Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected));
}

function envOf(point: number[]): Record<string, number> {
  return Object.fromEntries(point.map((v, i) => [A[i]!, v]));
}

/** f as a function of argument i at the point, through `evaluate`. */
function along(e: Expr, point: number[], i: number): (v: number) => number {
  return (v) => evaluate(e, envOf(point.map((p, j) => (j === i ? v : p))));
}

describe('every primitive: symbolic derivative = central finite difference', () => {
  for (const op of OP_NAMES) {
    it(`${op}`, () => {
      const points = POINTS[op];
      expect(points.length).toBeGreaterThan(0);
      for (const point of points) {
        const args = point.map((_, i) => B.symbol(A[i]!));
        const f = B.apply(op, args);
        for (let i = 0; i < point.length; i++) {
          if (op === 'where' && i === 0) continue; // a condition has no derivative
          const x = B.symbol(A[i]!);
          const d1 = derivative(f, x);
          const fd1 = central(along(f, point, i), point[i]!);
          const got1 = evaluate(d1, envOf(point));
          expect(closeTo(got1, fd1, 1e-6), `∂${op}/∂${A[i]} at ${point}: ${got1} vs FD ${fd1}`).toBe(true);
          for (let j = 0; j < point.length; j++) {
            if (op === 'where' && j === 0) continue;
            const y = B.symbol(A[j]!);
            const d2 = derivative(d1, y);
            const fd2 = central(along(d1, point, j), point[j]!);
            const got2 = evaluate(d2, envOf(point));
            expect(closeTo(got2, fd2, 1e-5), `∂²${op}/∂${A[i]}∂${A[j]} at ${point}: ${got2} vs FD ${fd2}`).toBe(true);
          }
        }
      }
    });
  }
});

describe('subgradients follow PyTorch at the kinks', () => {
  const x = B.symbol('a');
  const y = B.symbol('b');
  const at = (e: Expr, a: number, b = 0) => evaluate(e, { a, b });
  it('relu, abs, sign at 0', () => {
    expect(at(derivative(B.relu(x), x), 0)).toBe(0);
    expect(at(derivative(B.abs(x), x), 0)).toBe(0);
    expect(at(derivative(B.apply('sign', [x]), x), 0)).toBe(0);
  });
  it('leaky_relu has slope α at 0', () => {
    expect(at(derivative(B.leakyRelu(x, 0.01), x), 0)).toBe(0.01);
  });
  it('max and min split the gradient on ties', () => {
    expect(at(derivative(B.max(x, y), x), 1, 1)).toBe(0.5);
    expect(at(derivative(B.max(x, y), y), 1, 1)).toBe(0.5);
    expect(at(derivative(B.min(x, y), x), 1, 1)).toBe(0.5);
    expect(at(derivative(B.max(x, y), x), 2, 1)).toBe(1);
    expect(at(derivative(B.min(x, y), x), 2, 1)).toBe(0);
  });
  it('softplus switches to the identity above 20, as PyTorch', () => {
    expect(at(B.softplus(x), 25)).toBe(25);
    expect(at(B.softplus(x), 0)).toBeCloseTo(Math.LN2, 15);
  });
});
