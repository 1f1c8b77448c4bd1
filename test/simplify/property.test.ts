/**
 * Property tests: over random expressions on every primitive (test/support/arb.ts) and over
 * arithmetic mixtures that reuse the same random subexpressions (so that like terms, equal
 * bases and cancellations really occur), simplify never changes a value, is idempotent, and
 * never makes an expression larger by treeSize.
 *
 * "Never changes a value" is checked where the original evaluates cleanly: every intermediate
 * finite and at most 1e5 in magnitude. Elsewhere float64 itself is not telling the truth — a
 * signed zero (x·0 = −0) flips 1/0 from +∞ to −∞, and a − a computed from a ≈ 1e10 is off by
 * 1e−6 — and the simplified form is the more accurate one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { B, OPS, evaluate, topoOrder, treeSize, type Expr } from '../../src/expr/index.js';
import { simplify, simplifyAll } from '../../src/simplify/index.js';
import { arbExpr, arbPoint } from '../support/arb.js';
import { show } from './print.js';
import { runs } from '../support/quick.js';

/** The value of e at env if every intermediate is finite and ≤ 1e5 in magnitude. */
function cleanValue(e: Expr, env: Record<string, number>): number | undefined {
  const values = new Map<Expr, number>();
  for (const n of topoOrder([e])) {
    const [a, b, c] = n.args.map((x) => values.get(x)!);
    const v = n.op === 'const' ? n.value : n.op === 'sym' ? env[n.name]! : OPS[n.op].eval(a!, b ?? NaN, c ?? NaN);
    if (!Number.isFinite(v) || Math.abs(v) > 1e5) return undefined;
    values.set(n, v);
  }
  return values.get(e);
}

/** Random arithmetic over two random subexpressions p, q (each used many times), x, y and numbers. */
const arbMixture: fc.Arbitrary<Expr> = fc.tuple(arbExpr, arbExpr).chain(([p, q]) => {
  const leaf = fc.oneof(
    fc.constant(p),
    fc.constant(q),
    fc.constantFrom('x', 'y').map((v) => B.symbol(v)),
    fc.integer({ min: -3, max: 3 }).map((n) => B.constant(n)),
    fc.constantFrom(0.5, 0.4352).map((n) => B.constant(n)),
  );
  return fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'medium' },
      leaf,
      ...(['add', 'sub', 'mul', 'div'] as const).map((op) =>
        fc.tuple(tie('e'), tie('e')).map(([a, b]) => B.apply(op, [a, b]))),
      tie('e').map((a) => B.apply('neg', [a])),
      fc.tuple(tie('e'), fc.integer({ min: -2, max: 3 })).map(([a, n]) => B.apply('pow', [a, B.constant(n)])),
      tie('e').map((a) => B.apply('sigmoid', [a])),
    ),
  })).e;
});

function checkAgreement(e: Expr, points: ReadonlyArray<Record<string, number>>): void {
  const s = simplify(e);
  for (const p of points) {
    const v = cleanValue(e, p);
    if (v === undefined) continue;
    const got = evaluate(s, p);
    if (!(Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v)))) {
      throw new Error(`${show(e)}\n  simplified to ${show(s)}\n  at ${JSON.stringify(p)}: ${v} became ${got}`);
    }
  }
}

describe('simplify preserves values', () => {
  it('on random expressions over every primitive (relative 1e-9)', () => {
    fc.assert(fc.property(arbExpr, fc.array(arbPoint, { minLength: 3, maxLength: 3 }), checkAgreement), {
      numRuns: runs(1000),
    });
  });

  it('on arithmetic mixtures with repeated subexpressions (relative 1e-9)', () => {
    fc.assert(fc.property(arbMixture, fc.array(arbPoint, { minLength: 2, maxLength: 2 }), checkAgreement), {
      numRuns: runs(400),
    });
  });

  it('is idempotent and never larger than its input', () => {
    fc.assert(
      fc.property(fc.oneof(arbExpr, arbMixture), (e) => {
        const once = simplify(e);
        expect(treeSize(once)).toBeLessThanOrEqual(treeSize(e));
        expect(simplify(once)).toBe(once);
      }),
      { numRuns: runs(600) },
    );
  });

  it('simplifyAll gives what simplify gives for each expression', () => {
    fc.assert(
      fc.property(fc.array(arbExpr, { minLength: 1, maxLength: 4 }), (es) => {
        const all = simplifyAll(es);
        es.forEach((e, i) => expect(all[i]).toBe(simplify(e)));
      }),
      { numRuns: runs(150) },
    );
  });
});
