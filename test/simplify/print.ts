/**
 * A small plain-text printer for the simplifier's tests, built only on the op table's text forms
 * and precedences (so the tests do not depend on the renderer being written in parallel):
 * `sigmoid(z) - y`, `x * (sigmoid(z) - y)`, `1 - tanh(z)^2`.
 */
import type { Expr } from '../../src/expr/index.js';
import { OPS, PREC } from '../../src/expr/index.js';

function prec(e: Expr): number {
  if (e.op === 'const') return e.value < 0 ? PREC.neg : PREC.atom;
  if (e.op === 'sym') return PREC.atom;
  return OPS[e.op].prec;
}

export function show(e: Expr): string {
  if (e.op === 'const') return String(e.value);
  if (e.op === 'sym') return e.name;
  const spec = OPS[e.op];
  const args = e.args.map((a, i) => {
    const s = show(a);
    return prec(a) < (spec.textArgPrec[i] ?? 0) ? `(${s})` : s;
  });
  return spec.text(args);
}
