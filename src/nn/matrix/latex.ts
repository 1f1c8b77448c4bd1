/**
 * LaTeX of tensor expressions: the tensor style of the one printer (src/render/print.ts). Named
 * nodes (Z^{(1)}, δ^{(2)}, …) print as their names, so a gradient reads as a product of named
 * factors; a composite (softmax, log-softmax, cross-entropy; composites.ts) prints as its name
 * applied to its own inputs, never as the structural nodes it is made of; everything else
 * prints through the op table's `latex` entry, bracketed by the shared `parenthesize` and
 * precedence table (PREC).
 */
import type { TNode } from './node.js';
import { PREC } from '../../expr/ops.js';
import { printTree } from '../../render/print.js';
import { TOPS, template } from './ops.js';
import { compositeOf, COMPOSITE_LATEX, type Composite } from './composites.js';

/** A node as the printer walks it: a composite's arguments are its inputs. */
interface Printed {
  readonly node: TNode;
  readonly composite: Composite | undefined;
  readonly args: readonly Printed[];
}

/** LaTeX of `n`; nodes in `names` print as their name, except `n` itself when `expand` is set. */
export function tensorLatex(n: TNode, names: ReadonlyMap<TNode, string> = new Map(), expand = false): string {
  const named = (m: TNode): string | undefined => (m === n && expand ? undefined : names.get(m));
  const seen = new Map<TNode, Printed>();
  const wrap = (m: TNode): Printed => {
    let p = seen.get(m);
    if (p) return p;
    const composite = compositeOf(m);
    let args: readonly Printed[] | undefined;
    // arguments wrapped on first read, so deep graphs are walked by the printer's own loop
    p = { node: m, composite, get args() { return (args ??= (composite?.inputs ?? m.args).map(wrap)); } };
    seen.set(m, p);
    return p;
  };
  return printTree<Printed>(wrap(n), {
    prec: ({ node: m, composite }) => (named(m) !== undefined || composite ? PREC.atom : TOPS[m.op].prec(m)),
    argPrec: ({ node: m, composite }, i) => (composite ? 0 : TOPS[m.op].argPrec(m, i)),
    leaf: ({ node: m }) => named(m),
    apply: ({ node: m, composite }, args) => (composite ? template(COMPOSITE_LATEX[composite.name], args) : TOPS[m.op].latex(args, m)),
    open: '\\left(',
    close: '\\right)',
  });
}
