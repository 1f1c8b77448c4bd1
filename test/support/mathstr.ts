/**
 * Fully-parenthesised formula strings for the oracles (mathjs, nerdamer), built from the op
 * table's text forms. Used only by cross-check tests.
 */
import { OPS, topoOrder, type Expr } from '../../src/expr/index.js';

export function oracleString(e: Expr): string {
  const s = new Map<Expr, string>();
  for (const n of topoOrder([e])) {
    if (n.op === 'const') s.set(n, n.value < 0 ? `(${n.value})` : String(n.value));
    else if (n.op === 'sym') s.set(n, n.name);
    else s.set(n, `(${OPS[n.op].text(n.args.map((a) => `(${s.get(a)!})`))})`);
  }
  return s.get(e)!;
}
