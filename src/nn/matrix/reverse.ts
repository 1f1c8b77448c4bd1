/**
 * Reverse mode over the tensor DAG: the generic sweep of src/diff/reverse.ts (the same loop as
 * the scalar gradient), with the tensor chain rule. Walking the nodes from the loss down
 * (parents before children), each node's adjoint G = ∂L/∂node is handed to its op's VJP rule,
 * which returns the contribution to each argument's adjoint (and the local factor it used);
 * contributions to one node are summed. A composite (softmax, log-softmax, cross-entropy) sends
 * the adjoint to its input in one step by its fusion rule; with fusion on, a loss∘activation rule
 * may also send it past the activation (BCE∘σ → A − Y). Every
 * adjoint is built once per node, so the backward graph grows linearly with the network.
 */
import { reverseSweep, type ChainRule } from '../../diff/reverse.js';
import type { TNode } from './node.js';
import { TOPS, type TensorKit } from './ops.js';
import * as T from './build.js';
import { ewLocal } from './local.js';
import { coef, ONE } from './coef.js';
import { fusedStep } from './fusion.js';

/** One use of the chain rule: `parent` sends `contribution` to `child` (argument `argIndex`). */
export interface TEdge {
  readonly parent: TNode;
  readonly child: TNode;
  readonly argIndex: number;
  /** The local factor ∂parent/∂child the rule used, when it is one tensor (W, σ′(Z), A − Y). */
  readonly local?: TNode;
  readonly contribution: TNode;
  /** The fusion rule that skipped an inner node, if any. */
  readonly fused?: string;
}

export interface TGradient {
  /** ∂L/∂x for every requested x (a zero fill when L does not depend on it). */
  readonly of: ReadonlyMap<TNode, TNode>;
  /** ∂L/∂n for every node on a path from L to a requested node. */
  readonly adjoint: ReadonlyMap<TNode, TNode>;
  readonly edges: readonly TEdge[];
}

const { fill, add } = T;
let kit: TensorKit | undefined;
/** What the op table's VJP rules build with, made on first use. */
const tensorKit = (): TensorKit => (kit ??= { ...T, ewLocal });

/** The tensor chain rule: the op table's VJP, or a fusion rule (fusion.ts) that skips inner nodes. */
const tensorRule = (fuse: boolean, rules: boolean): ChainRule<TNode, TEdge> => ({
  seed: () => fill(ONE),
  add,
  step(node, i, g, dep) {
    const arg = node.args[i]!;
    const fused = rules ? fusedStep(node, i, g, dep, fuse) : undefined;
    if (fused) {
      if (fused.step === null) return undefined;
      const { child, contribution, local } = fused.step;
      const edge: TEdge = { parent: node, child, argIndex: i, ...(local ? { local } : {}), contribution, ...(fused.rule.always ? {} : { fused: fused.rule.name }) };
      return { child, contribution, edge };
    }
    const { grad, local } = TOPS[node.op].vjp(node, i, g, tensorKit());
    return { child: arg, contribution: grad, edge: { parent: node, child: arg, argIndex: i, ...(local ? { local } : {}), contribution: grad } };
  },
});

/**
 * ∂loss/∂x for each x in `wrt`, for a 1 × 1 `loss`. `fuse: false` drops the loss∘activation
 * cancellations (the plain chain rule); `rules: false` drops every fusion rule, composites
 * included, so they are differentiated node by node (a test of the rules).
 */
export function tensorGradient(loss: TNode, wrt: readonly TNode[], opts: { fuse?: boolean; rules?: boolean } = {}): TGradient {
  const { adjoint, edges } = reverseSweep(loss, wrt, tensorRule(opts.fuse ?? true, opts.rules ?? true));
  const of = new Map<TNode, TNode>();
  for (const x of wrt) of.set(x, adjoint.get(x) ?? fill(coef(0), x.shape));
  return { of, adjoint, edges };
}
