/**
 * Numeric evaluation of expressions in float64, sharing the work on common subexpressions.
 */
import { topoOrder, type Expr } from './node.js';
import { OPS } from './ops.js';

export type Env = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

function lookup(env: Env, name: string): number | undefined {
  return env instanceof Map ? env.get(name) : (env as Record<string, number>)[name];
}

export class UnboundSymbolError extends Error {
  constructor(readonly symbolName: string) {
    super(`no value for symbol '${symbolName}'`);
    this.name = 'UnboundSymbolError';
  }
}

/** Evaluate several expressions at one point; shared subexpressions are computed once. */
export function evaluateMany(roots: readonly Expr[], env: Env): number[] {
  const values = new Map<Expr, number>();
  for (const n of topoOrder(roots)) {
    if (n.op === 'const') values.set(n, n.value);
    else if (n.op === 'sym') {
      const v = lookup(env, n.name);
      if (v === undefined) throw new UnboundSymbolError(n.name);
      values.set(n, v);
    } else {
      const a = n.args;
      const spec = OPS[n.op];
      values.set(n, spec.eval(values.get(a[0]!)!, a[1] ? values.get(a[1])! : NaN, a[2] ? values.get(a[2])! : NaN));
    }
  }
  return roots.map((r) => values.get(r)!);
}

export function evaluate(e: Expr, env: Env): number {
  return evaluateMany([e], env)[0]!;
}
