/**
 * Property tests over random expressions built from every primitive: the reverse-mode
 * derivative agrees with central finite differences (first and second order), and interning
 * makes structurally equal expressions the same object.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { B, apply, evaluate, evaluateMany, topoOrder, constant, symbol, type Expr } from '../../src/expr/index.js';
import { derivative, gradient } from '../../src/diff/index.js';
import { arbExpr, arbPoint, centralDiff, VARS } from '../support/arb.js';

/** Whether every subexpression is finite at the point (0/0 and the like make FD meaningless). */
function finiteEverywhere(e: Expr, env: Record<string, number>): boolean {
  const nodes = topoOrder([e]);
  return evaluateMany(nodes, env).every(Number.isFinite);
}

/** The FD estimate, or undefined where f is not smooth enough at this point to compare. */
function smoothFd(f: (env: Record<string, number>) => number, env: Record<string, number>, v: string): number | undefined {
  const coarse = centralDiff(f, env, v, 1e-4);
  const fine = centralDiff(f, env, v, 1e-5);
  if (!Number.isFinite(coarse) || !Number.isFinite(fine)) return undefined;
  // A kink or a jump between the two steps shows up as disagreement: skip such points.
  if (Math.abs(coarse - fine) > 1e-4 * Math.max(1, Math.abs(fine))) return undefined;
  // A kink sitting exactly on the point is symmetric, so also require one-sided slopes to agree.
  const h = 1e-5;
  const at = (d: number) => f({ ...env, [v]: env[v]! + d });
  const forward = (at(h) - at(0)) / h;
  const backward = (at(0) - at(-h)) / h;
  if (Math.abs(forward - backward) > 1e-3 * Math.max(1, Math.abs(fine))) return undefined;
  if (Math.abs(fine) > 1e6) return undefined;
  return fine;
}

describe('derivative = finite differences on random expressions', () => {
  it('first order, every variable', () => {
    let compared = 0;
    fc.assert(
      fc.property(arbExpr, arbPoint, (e, env) => {
        if (!finiteEverywhere(e, env)) return;
        const g = gradient(e, VARS.map((v) => symbol(v)));
        for (const v of VARS) {
          const fd = smoothFd((p) => evaluate(e, p), env, v);
          if (fd === undefined) continue;
          const got = evaluate(g.of.get(symbol(v))!, env);
          compared++;
          expect(Math.abs(got - fd)).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(fd)));
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('second order (differentiating again)', () => {
    fc.assert(
      fc.property(arbExpr, arbPoint, (e, env) => {
        const x = symbol('x');
        const d1 = derivative(e, x);
        const d2 = derivative(d1, symbol('y'));
        if (!finiteEverywhere(d2, env)) return;
        const fd = smoothFd((p) => evaluate(d1, p), env, 'y');
        if (fd === undefined) return;
        expect(Math.abs(evaluate(d2, env) - fd)).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(fd)));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('interning', () => {
  /** Rebuild an expression bottom-up from fresh calls: the result must be the same object. */
  function rebuild(e: Expr): Expr {
    const m = new Map<Expr, Expr>();
    for (const n of topoOrder([e])) {
      m.set(n, n.op === 'const' ? constant(n.value) : n.op === 'sym' ? symbol(n.name) : apply(n.op, n.args.map((a) => m.get(a)!)));
    }
    return m.get(e)!;
  }
  it('structurally equal ⇒ identical', () => {
    fc.assert(fc.property(arbExpr, (e) => { expect(rebuild(e)).toBe(e); }), { numRuns: 300 });
  });
  it('different structure ⇒ different node, and nodes are frozen', () => {
    const x = symbol('x');
    expect(B.add(x, constant(1))).not.toBe(B.add(constant(1), x));
    expect(Object.isFrozen(B.sigmoid(x))).toBe(true);
    expect(constant(0.4352).value).toBe(0.4352);
    expect(constant(-0)).toBe(constant(0));
  });
});
