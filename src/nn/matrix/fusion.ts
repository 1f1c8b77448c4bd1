/**
 * Fusion rules: where the composite of two nodes has a simpler local factor than the product of
 * their own, the reverse driver skips the inner node and sends the adjoint straight to its
 * argument. Rules are data — a match on the outer node, the argument position and the inner
 * node — plus the fused factor. Each states the identity it uses.
 */
import type { TNode } from './node.js';
import * as T from './build.js';
import { isBceTag } from './losses.js';

export interface FusionRule {
  readonly name: string;
  /** Does `outer`'s argument `i`, the node `inner`, fuse with it? */
  readonly matches: (outer: TNode, i: number, inner: TNode) => boolean;
  /** ∂outer/∂(inner's argument) as one tensor factor. */
  readonly local: (outer: TNode, inner: TNode) => TNode;
}

export const FUSION_RULES: readonly FusionRule[] = [
  {
    // ∂BCE(σ(z), y)/∂z = (σ − y)/(σ(1 − σ)) · σ(1 − σ) = σ(z) − y
    name: 'bce∘sigmoid',
    matches: (outer, i, inner) => i === 0 && outer.op === 'map2' && isBceTag(outer.attr.tag) && inner.op === 'map' && inner.attr.tag === 'sigmoid',
    local: (outer, inner) => T.sub(inner, outer.args[1]!),
  },
];

export function findFusion(outer: TNode, i: number, inner: TNode): FusionRule | undefined {
  return FUSION_RULES.find((r) => r.matches(outer, i, inner));
}
