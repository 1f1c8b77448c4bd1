/**
 * Reverse mode over the tensor DAG: the one place where the matrix view applies the chain rule.
 *
 * Walking the nodes from the loss down (parents before children), each node's adjoint
 * G = ∂L/∂node is handed to its op's VJP rule, which returns the contribution to each argument's
 * adjoint (and the local factor it used); contributions to one node are summed. With fusion on,
 * a fusion rule may send the adjoint past an inner node in one step (BCE∘σ → A − Y). Every
 * adjoint is built once per node, so the backward graph grows linearly with the network.
 */
import { topoOrder, type TNode } from './node.js';
import { TOPS } from './ops.js';
import { fill, add, mul } from './build.js';
import { coef, ONE } from './coef.js';
import { findFusion } from './fusion.js';

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

/** Nodes below the roots that depend on any of `vars`. */
function dependents(order: readonly TNode[], vars: readonly TNode[]): Set<TNode> {
  const dep = new Set<TNode>(vars);
  for (const n of order) if (n.args.some((a) => dep.has(a))) dep.add(n);
  return dep;
}

/** ∂loss/∂x for each x in `wrt`, for a 1 × 1 `loss`. */
export function tensorGradient(loss: TNode, wrt: readonly TNode[], opts: { fuse?: boolean } = {}): TGradient {
  const fuse = opts.fuse ?? true;
  const order = topoOrder([loss]);
  const dep = dependents(order, wrt);
  const adjoint = new Map<TNode, TNode>();
  const edges: TEdge[] = [];
  const send = (edge: TEdge) => {
    edges.push(edge);
    const prev = adjoint.get(edge.child);
    adjoint.set(edge.child, prev === undefined ? edge.contribution : add(prev, edge.contribution));
  };
  if (dep.has(loss)) adjoint.set(loss, fill(ONE));
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const g = adjoint.get(node);
    if (g === undefined || TOPS[node.op].arity === 0) continue;
    node.args.forEach((arg, i) => {
      if (!dep.has(arg)) return;
      const rule = fuse ? findFusion(node, i, arg) : undefined;
      const inner = arg.args[0];
      if (rule && inner && dep.has(inner)) {
        const local = rule.local(node, arg);
        send({ parent: node, child: inner, argIndex: i, local, contribution: mul(g, local), fused: rule.name });
        return;
      }
      const { grad, local } = TOPS[node.op].vjp(node, i, g);
      send({ parent: node, child: arg, argIndex: i, ...(local ? { local } : {}), contribution: grad });
    });
  }
  const of = new Map<TNode, TNode>();
  for (const x of wrt) of.set(x, adjoint.get(x) ?? fill(coef(0), x.shape));
  return { of, adjoint, edges };
}
