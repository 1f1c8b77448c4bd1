/**
 * LaTeX of tensor expressions: the tensor style of the one printer (src/render/print.ts). Named
 * nodes (Z^{(1)}, δ^{(2)}, …) print as their names, so a gradient reads as a product of named
 * factors; everything else prints through the op table's `latex` entry, bracketed by the shared
 * `parenthesize` and precedence table (PREC).
 */
import type { TNode } from './node.js';
import { PREC } from '../../expr/ops.js';
import { printTree } from '../../render/print.js';
import { TOPS } from './ops.js';

/** LaTeX of `n`; nodes in `names` print as their name, except `n` itself when `expand` is set. */
export function tensorLatex(n: TNode, names: ReadonlyMap<TNode, string> = new Map(), expand = false): string {
  const named = (m: TNode): string | undefined => (m === n && expand ? undefined : names.get(m));
  return printTree<TNode>(n, {
    prec: (m) => (named(m) !== undefined ? PREC.atom : TOPS[m.op].prec(m)),
    argPrec: (m, i) => TOPS[m.op].argPrec(m, i),
    leaf: named,
    apply: (m, args) => TOPS[m.op].latex(args, m),
    open: '\\left(',
    close: '\\right)',
  });
}
