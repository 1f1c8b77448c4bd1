/**
 * Local factors of elementwise nodes: ∂n/∂n.args[i] for an `ew` node, used by the op table's VJP.
 * A loss with a closed form (losses.ts) uses it; everything else — every activation, built-in or
 * custom, and the arithmetic forms — is differentiated by the core's `derivative` on its scalar
 * Expr. An operator form (+, −, ⊙, /, c·A) contributes its factor inline: a constant as a
 * coefficient (1, −1, c), a bare operand as that operand (b in a ⊙ b); a named function f
 * contributes the named factor f′(…). When a derivative mentions the function itself
 * (σ′ = σ(1 − σ)), it is written in terms of the node's output, so σ′(Z) is computed from A as
 * PyTorch does.
 */
import type { TNode } from './node.js';
import type { EwLocal } from './ops.js';
import * as T from './build.js';
import { coef } from './coef.js';
import { localDerivative, P0, P1, PK, usesSymbol } from './scalar.js';
import { lossLocal } from './losses.js';

/** `\sigma\left(#1\right)` → `\sigma'\left(#1\right)`; anything else gets `\partial_{i}`. */
function primeLabel(label: string, i: number, arity: number): string {
  const m = /^(.*?)\\left\(#1\\right\)$/.exec(label);
  if (m && arity === 1) return `${m[1]}'\\left(#1\\right)`;
  return `\\partial_{${i + 1}}${label}`;
}

/** ∂n/∂n.args[i] for an elementwise node n. */
export function ewLocal(n: TNode, i: number): EwLocal {
  const { fn, vars = [], tag = '', label = 'f\\left(#1\\right)' } = n.attr;
  if (!fn) throw new Error('matrix view: an elementwise node without its formula');
  const closed = i === 0 ? lossLocal(tag) : undefined;
  if (closed) return { node: closed(n.args[0]!, n.args[1]!) };
  const dtag = `${tag}'${i}`;
  const dlabel = primeLabel(label, i, n.args.length);
  if (n.attr.prec !== undefined) {
    // an operator form: its factor inline
    const d = localDerivative(fn, vars, i);
    if (d.op === 'const') return { coef: coef(d.value) };
    if (d === PK) return { coef: n.attr.coef! };
    const j = vars.indexOf(d);
    if (j >= 0) return { node: n.args[j]! };
    return { node: T.ew(n.args, d, vars, { tag: dtag, label: dlabel }) };
  }
  if (n.args.length === 1) {
    // f′ in x, or in (x, f(x)) when it reuses the output
    const d = localDerivative(fn, vars, 0, P1);
    if (usesSymbol(d, P1)) return { node: T.map2(n.args[0]!, n, d, [P0, P1], dtag, dlabel) };
    return { node: T.map(n.args[0]!, d, P0, dtag, dlabel) };
  }
  const d = localDerivative(fn, vars, i);
  return { node: T.ew(n.args, d, vars, { tag: dtag, label: dlabel }) };
}
