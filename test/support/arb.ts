/**
 * fast-check arbitraries for random expressions over every primitive, shared by the property
 * tests (differentiation, simplification, compilation, interning).
 */
import fc from 'fast-check';
import { B, type Expr } from '../../src/expr/index.js';

export const VARS = ['x', 'y', 'z'] as const;

const smallConst = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((n) => B.constant(n)),
  fc.constantFrom(0.5, 0.25, 1.5, -0.75, 0.4352).map((v) => B.constant(v)),
);

/** Random expressions of bounded depth over x, y, z and every op. */
export const arbExpr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VARS).map((v) => B.symbol(v)),
    smallConst,
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply('add', [a, b])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply('sub', [a, b])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply('mul', [a, b])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply('div', [a, b])),
    tie('e').map((a) => B.apply('neg', [a])),
    fc.tuple(tie('e'), fc.integer({ min: -2, max: 3 })).map(([a, n]) => B.apply('pow', [a, B.constant(n)])),
    tie('e').map((a) => B.apply('pow', [B.apply('abs', [a]), B.constant(1.5)])),
    ...(['exp', 'sigmoid', 'tanh', 'relu', 'softplus', 'abs'] as const).map((op) => tie('e').map((a) => B.apply(op, [a]))),
    tie('e').map((a) => B.apply('log', [B.apply('add', [B.apply('abs', [a]), B.constant(0.5)])])),
    tie('e').map((a) => B.apply('sqrt', [B.apply('add', [B.apply('pow', [a, B.constant(2)]), B.constant(1)])])),
    fc.tuple(tie('e'), fc.constantFrom(0.01, 0.2)).map(([a, s]) => B.apply('leaky_relu', [a, B.constant(s)])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply('max', [a, b])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply('min', [a, b])),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => B.apply('where', [B.apply('gt', [c, B.constant(0)]), a, b])),
  ),
})).e;

/**
 * A coordinate in [−2, 2] on a grid offset from 0, so random kinks (x = 0, x = y) are unlikely
 * to sit exactly on a point and denormals never appear.
 */
export const coordinate = fc.integer({ min: -2000, max: 2000 }).map((n) => n / 1000 + 0.000137);

export const arbPoint = fc.record({ x: coordinate, y: coordinate, z: coordinate });

/** Central finite difference of f along `name` at `env`. */
export function centralDiff(f: (env: Record<string, number>) => number, env: Record<string, number>, name: string, h = 1e-5): number {
  const plus = { ...env, [name]: env[name]! + h };
  const minus = { ...env, [name]: env[name]! - h };
  return (f(plus) - f(minus)) / (2 * h);
}
