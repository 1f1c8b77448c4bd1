/**
 * LaTeX of tensor expressions. Named nodes (Z^{(1)}, δ^{(2)}, …) print as their names, so a
 * gradient reads as a product of named factors; everything else prints through the op table's
 * `latex` entry, bracketed by one precedence rule (`parenthesize`).
 */
import type { TNode } from './node.js';
import { TOPS, TPREC } from './ops.js';

export const parenthesize = (s: string, prec: number, min: number): string => (prec < min ? `\\left(${s}\\right)` : s);

/** `W^{(1)}` → `W^{(1)\top}`, `X` → `X^\top`, anything else bracketed. */
export function transposeLatex(s: string): string {
  const sup = /^(.*)\^\{([^{}]*)\}$/.exec(s);
  if (sup) return `${sup[1]}^{${sup[2]}\\top}`;
  if (/^(\\[a-zA-Z]+|[A-Za-z])(_\{[^{}]*\}|_[A-Za-z0-9])?$/.test(s)) return `${s}^\\top`;
  if (/^\\left\(.*\\right\)$/.test(s)) return `${s}^\\top`;
  return `\\left(${s}\\right)^\\top`;
}

/** LaTeX of `n`; nodes in `names` print as their name, except `n` itself when `expand` is set. */
export function tensorLatex(n: TNode, names: ReadonlyMap<TNode, string> = new Map(), expand = false): string {
  const memo = new Map<TNode, { s: string; prec: number }>();
  const go = (m: TNode, top: boolean): { s: string; prec: number } => {
    const name = names.get(m);
    if (name !== undefined && !(top && expand)) return { s: name, prec: TPREC.atom };
    const hit = memo.get(m);
    if (hit && !top) return hit;
    const spec = TOPS[m.op];
    const args = m.args.map((a, i) => {
      const r = go(a, false);
      return parenthesize(r.s, r.prec, spec.argPrec(m, i));
    });
    const out = { s: spec.latex(args, m), prec: spec.prec };
    if (!top) memo.set(m, out);
    return out;
  };
  return go(n, true).s;
}
