/**
 * Local factors of elementwise maps: ∂f(A)/∂A as a tensor of the same shape, used by the map and
 * map2 rules of the op table. A loss with a closed form (losses.ts) uses it; everything else —
 * every activation, built-in or custom — is differentiated by the core's `derivative` on its
 * scalar Expr. When that derivative mentions the function itself (σ′ = σ(1 − σ)), it is written
 * in terms of the layer's output, so σ′(Z) is computed from A as PyTorch does.
 */
import type { TNode } from './node.js';
import * as T from './build.js';
import { localDerivative, P0, P1, usesSymbol } from './scalar.js';
import { lossLocal } from './losses.js';

/** `\sigma\left(#1\right)` → `\sigma'\left(#1\right)`; anything else gets `\partial_{i}`. */
function primeLabel(label: string, i: number, arity: number): string {
  const m = /^(.*?)\\left\(#1\\right\)$/.exec(label);
  if (m && arity === 1) return `${m[1]}'\\left(#1\\right)`;
  return `\\partial_{${i + 1}}${label}`;
}

export const LOCAL_RULES = {
  /** ∂n/∂n.args[i] for a map or map2 node n. */
  map(n: TNode, i: number): TNode {
    const { fn, vars, tag = '', label = 'f\\left(#1\\right)' } = n.attr;
    if (!fn || !vars) throw new Error('matrix view: a map node without its function');
    const closed = i === 0 ? lossLocal(tag) : undefined;
    if (closed) return closed(n.args[0]!, n.args[1]!);
    const dtag = `${tag}'${i}`;
    const dlabel = primeLabel(label, i, n.args.length);
    if (n.args.length === 1) {
      // f′ in x, or in (x, f(x)) when it reuses the output
      const d = localDerivative(fn, vars, 0, P1);
      if (usesSymbol(d, P1)) return T.map2(n.args[0]!, n, d, [P0, P1], dtag, dlabel);
      return T.map(n.args[0]!, d, P0, dtag, dlabel);
    }
    const d = localDerivative(fn, vars, i);
    return T.map2(n.args[0]!, n.args[1]!, d, [vars[0]!, vars[1]!], dtag, dlabel);
  },
};
