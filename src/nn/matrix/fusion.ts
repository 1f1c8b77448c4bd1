/**
 * Fusion rules of the matrix view, from the catalog's FUSIONS: where a loss follows the
 * activation it cancels with (BCE∘σ → σ(Z) − Y), the reverse driver skips the inner node and
 * sends the adjoint straight to its argument. A rule matches the outer loss node, the argument
 * position and the inner activation node, and gives the fused factor. (Cross-entropy's softmax
 * is inside the xent op, whose factor is already fused.)
 */
import { FUSIONS, type FusionEntry } from '../catalog/index.js';
import type { TNode } from './node.js';
import { isLossTag, tensorBuilders } from './losses.js';

export interface FusionRule {
  readonly name: string;
  /** Does `outer`'s argument `i`, the node `inner`, fuse with it? */
  readonly matches: (outer: TNode, i: number, inner: TNode) => boolean;
  /** ∂outer/∂(inner's argument) as one tensor factor. */
  readonly local: (outer: TNode, inner: TNode) => TNode;
}

const rule = (f: FusionEntry & { activation: string; matrix: NonNullable<FusionEntry['matrix']> }): FusionRule => ({
  name: f.name,
  matches: (outer, i, inner) => i === 0 && outer.op === 'ew' && isLossTag(outer.attr.tag, f.loss) && inner.op === 'ew' && inner.attr.tag === f.activation,
  local: (outer, inner) => f.matrix(inner, outer.args[1]!, tensorBuilders()),
});

export const FUSION_RULES: readonly FusionRule[] = Object.values(FUSIONS as Readonly<Record<string, FusionEntry>>)
  .flatMap((f) => (f.activation !== undefined && f.matrix !== undefined ? [rule({ ...f, activation: f.activation, matrix: f.matrix })] : []));

export function findFusion(outer: TNode, i: number, inner: TNode): FusionRule | undefined {
  return FUSION_RULES.find((r) => r.matches(outer, i, inner));
}
