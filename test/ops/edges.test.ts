/**
 * Every unary primitive at its edge points — 0, ±1, ±40, ±800 and its domain boundaries (and
 * just inside them) — against SymPy at 40 digits (fixtures/edges.py → edges.json): the value, the
 * first derivative from the op table and the second derivative (differentiating again). Where the
 * true value is finite, symgrad's is finite and close; where it overflows float64, symgrad's is
 * the same infinity. Points where the function is not real are skipped.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { B, evaluate, type OpName } from '../../src/expr/index.js';
import { derivative } from '../../src/diff/index.js';

type V = number | 'Infinity' | '-Infinity' | null;
const EDGES = JSON.parse(readFileSync(new URL('./fixtures/edges.json', import.meta.url), 'utf8')) as Record<string, Array<[number, V, V, V]>>;
const x = B.symbol('x');
/** Relative tolerance of f, f′ and f″ (derivative formulas near a boundary, such as 1/√(1 − x²), lose a few digits). */
const TOL = [1e-13, 1e-9, 1e-7] as const;
/**
 * Absolute slack of the derivatives: σ′ = σ(1 − σ) and tanh′ = 1 − tanh² are 0 in float64 once
 * σ or tanh rounds to 1 (x ≳ 37 and 19), exactly as PyTorch's backward computes them.
 */
const ABS = [0, 1e-16, 1e-16] as const;

function check(got: number, want: V, tol: number, abs: number, what: string): void {
  if (want === null) return;
  if (want === 'Infinity' || want === '-Infinity') {
    expect(got, what).toBe(want === 'Infinity' ? Infinity : -Infinity);
    return;
  }
  expect(Number.isFinite(got), `${what}: ${got}, true value ${want}`).toBe(true);
  expect(Math.abs(got - want), `${what}: ${got}, true value ${want}`).toBeLessThanOrEqual(Math.max(tol * Math.abs(want), abs));
}

describe('primitives at their edge points against SymPy', () => {
  for (const [op, rows] of Object.entries(EDGES)) {
    it(op, () => {
      const f = B.apply(op as OpName, [x]);
      const d1 = derivative(f, x);
      const d2 = derivative(d1, x);
      for (const [p, v, dv, ddv] of rows) {
        if (v === null) continue; // not real there: no derivative to compare
        check(evaluate(f, { x: p }), v, TOL[0], ABS[0], `${op}(${p})`);
        check(evaluate(d1, { x: p }), dv, TOL[1], ABS[1], `${op}′(${p})`);
        check(evaluate(d2, { x: p }), ddv, TOL[2], ABS[2], `${op}″(${p})`);
      }
    });
  }
});
