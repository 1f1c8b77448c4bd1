/**
 * Fusion rules of the matrix view, from the catalog: where the reverse driver takes a shortcut
 * past nodes it would otherwise differentiate one by one. Two kinds, one mechanism:
 * - a loss after the activation it cancels with (FUSIONS: BCE∘σ → σ(Z) − Y) skips the inner
 *   activation node; shown in the closed-form derivation only (`always: false`);
 * - a composite (composites.ts) sends the adjoint straight to its input Z with the catalog's
 *   closed form: cross-entropy's softmax(Z) − Q (FUSIONS' ce∘softmax), softmax's
 *   A ⊙ (G − (G ⊙ A)𝟏𝟏ᵀ) and log-softmax's G − softmax(Z) ⊙ (G𝟏)𝟏ᵀ (ROW_LAYERS' vjp). This is
 *   the derivative of the composite, so both derivations use it (`always: true`); the row max
 *   inside is never differentiated.
 */
import { FUSIONS, ROW_LAYERS, type FusionEntry, type RowLayerEntry } from '../catalog/index.js';
import type { TNode } from './node.js';
import { isLossTag, tensorBuilders } from './losses.js';
import { compositeOf } from './composites.js';

/** Where the adjoint goes instead of argument i: `null` when nothing flows through it (the rule sent it all through another). */
export type FusedStep = { readonly child: TNode; readonly contribution: TNode; readonly local?: TNode } | null;

export interface FusionRule {
  readonly name: string;
  /** Used by both derivations (a composite's derivative), or only the closed form (a cancellation). */
  readonly always: boolean;
  /** The step through argument i of `node` with adjoint g, or undefined when the rule does not apply. */
  readonly step: (node: TNode, i: number, g: TNode, dep: ReadonlySet<TNode>) => FusedStep | undefined;
}

type Entry<K extends keyof FusionEntry> = FusionEntry & Required<Pick<FusionEntry, K>>;

/** A loss after the activation it cancels with: skip the activation. */
const cancellation = (f: Entry<'activation' | 'matrix'>): FusionRule => ({
  name: f.name,
  always: false,
  step: (outer, i, g, dep) => {
    const inner = outer.args[i]!;
    const z = inner.args[0];
    if (i !== 0 || outer.op !== 'ew' || !isLossTag(outer.attr.tag, f.loss) || inner.op !== 'ew' || inner.attr.tag !== f.activation) return undefined;
    if (!z || !dep.has(z)) return undefined;
    const local = f.matrix(inner, outer.args[1]!, tensorBuilders());
    return { child: z, local, contribution: tensorBuilders().mul(g, local) };
  },
});

/** A loss written as a composite of its logits and targets: ∂ℓ/∂Z = the entry's factor, times the row adjoint. */
const lossComposite = (f: Entry<'composite' | 'matrix'>): FusionRule => ({
  name: f.name,
  always: true,
  step: (node, i, g) => {
    const c = compositeOf(node);
    if (c?.name !== f.composite) return undefined;
    if (i > 0) return null;
    const T = tensorBuilders();
    const [z, q] = c.inputs as [TNode, TNode];
    const local = f.matrix(z, q, T);
    return { child: z, local, contribution: T.mul(T.bcast(g, local.shape), local) };
  },
});

/** A row layer written as a composite: the adjoint of Z from the entry's VJP. */
const rowComposite = (name: string, vjp: NonNullable<RowLayerEntry['vjp']>): FusionRule => ({
  name,
  always: true,
  step: (node, i, g) => {
    const c = compositeOf(node);
    if (c?.name !== name) return undefined;
    if (i > 0) return null;
    const z = c.inputs[0]!;
    return { child: z, contribution: vjp(node, g, z, tensorBuilders()) };
  },
});

const fusions = Object.values(FUSIONS as Readonly<Record<string, FusionEntry>>);
export const FUSION_RULES: readonly FusionRule[] = [
  ...fusions.flatMap((f) => (f.activation !== undefined && f.matrix !== undefined ? [cancellation({ ...f, activation: f.activation, matrix: f.matrix })] : [])),
  ...fusions.flatMap((f) => (f.composite !== undefined && f.matrix !== undefined ? [lossComposite({ ...f, composite: f.composite, matrix: f.matrix })] : [])),
  ...Object.entries(ROW_LAYERS as Readonly<Record<string, RowLayerEntry>>).flatMap(([name, e]) => (e.vjp ? [rowComposite(name, e.vjp)] : [])),
];

/** The first rule that applies to argument i of `node` (only `always` rules unless `fuse`). */
export function fusedStep(node: TNode, i: number, g: TNode, dep: ReadonlySet<TNode>, fuse: boolean): { rule: FusionRule; step: FusedStep } | undefined {
  for (const rule of FUSION_RULES) {
    if (!fuse && !rule.always) continue;
    const step = rule.step(node, i, g, dep);
    if (step !== undefined) return { rule, step };
  }
  return undefined;
}
