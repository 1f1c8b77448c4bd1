/**
 * The lowered form of a network's gradient: one ordered list of loop nests over flat arrays,
 * which every backend renders (js.ts as typed-array loops, gpu.ts as GPU.js kernels). All sizes
 * are numbers fixed at compile time; arrays are referred to by role and index, never by name.
 *
 * Matrices are row-major. The only matrix product is `matmulNT`, C = A·Bᵀ (+ bias), whose inner
 * loop runs along rows of both A and B, contiguous in memory; the other products a backward
 * pass needs (δᵀX, δW) are expressed with an explicit `transpose` first, so that every inner
 * loop stays contiguous.
 */
import type { ScalarBlock } from './lower.js';

/** The arrays a compiled program touches: its four arguments, its work buffers, optimizer state. */
export type ArrayRef =
  | { readonly kind: 'param' }
  | { readonly kind: 'grad' }
  | { readonly kind: 'x' }
  | { readonly kind: 'y' }
  | { readonly kind: 'work'; readonly id: number }
  | { readonly kind: 'state'; readonly id: number };

/** A position in an array: element k of the view is array[offset + k]. */
export interface View {
  readonly array: ArrayRef;
  readonly offset: number;
}

/** A per-call scalar computed before the loops (optimizer step counter and bias corrections). */
export type { Uniform } from '../nn/catalog/index.js';
import type { Uniform } from '../nn/catalog/index.js';

export type MapInput = View | { readonly uniform: Uniform };

export type Step =
  /** out[i,j] = Σ_p a[i,p]·b[j,p] (+ bias[j], or + bias[0] when shared); out is m×n, a m×k, b n×k. */
  | {
      readonly kind: 'matmulNT';
      readonly out: View; readonly a: View; readonly b: View;
      readonly m: number; readonly n: number; readonly k: number;
      readonly bias?: { readonly view: View; readonly shared: boolean };
      readonly note: string;
    }
  /** out (cols×rows) = inᵀ (rows×cols). */
  | { readonly kind: 'transpose'; readonly out: View; readonly in: View; readonly rows: number; readonly cols: number; readonly note: string }
  /**
   * For k < n: bind block input i to inputs[i][k] (or the uniform), evaluate the block, store
   * output j to stores[j][k] (none where stores[j] is null).
   */
  | {
      readonly kind: 'map';
      readonly n: number;
      readonly inputs: readonly MapInput[];
      readonly block: ScalarBlock;
      readonly stores: readonly (View | null)[];
      readonly note: string;
    }
  /**
   * out[i,:] = softmax(in[i,:]) with the row maximum m subtracted first; with `log`, the stable
   * log-softmax in[i,:] − (m + log Σ e^{in − m}) (finite at any logit gap).
   */
  | { readonly kind: 'softmax'; readonly out: View; readonly in: View; readonly rows: number; readonly cols: number; readonly log?: boolean; readonly note: string }
  /** out[j] = Σ_i in[i,j] (shared: out[0] = Σ_{i,j} in[i,j]) — a bias gradient. */
  | { readonly kind: 'colSum'; readonly out: View; readonly in: View; readonly rows: number; readonly cols: number; readonly shared: boolean; readonly note: string }
  /** view[0..n) = 0 — gradients of frozen parameters. */
  | { readonly kind: 'zero'; readonly view: View; readonly n: number; readonly note: string }
  /** out (rows×cols) = in (inRows×inCols, each 1 or equal) repeated along its unit dimensions. */
  | {
      readonly kind: 'broadcast'; readonly out: View; readonly in: View;
      readonly rows: number; readonly cols: number; readonly inRows: number; readonly inCols: number; readonly note: string;
    }
  /** out[i] = Σ_j in[i,j]. */
  | { readonly kind: 'rowSum'; readonly out: View; readonly in: View; readonly rows: number; readonly cols: number; readonly note: string }
  /** out[i,:] = (1 − ε)·onehot(target[i]) + ε/C, checking each class index. */
  | { readonly kind: 'onehot'; readonly out: View; readonly target: View; readonly rows: number; readonly classes: number; readonly smoothing: number; readonly note: string }
  /** out[i] = −Σ_j q[i,j]·(z[i,j] − lse_i), the cross-entropy of each row. */
  | { readonly kind: 'xentRows'; readonly out: View; readonly logits: View; readonly q: View; readonly rows: number; readonly cols: number; readonly note: string }
  /** loss += view[0]. */
  | { readonly kind: 'loss'; readonly view: View; readonly note: string };

export interface WorkBuffer {
  readonly id: number;
  readonly size: number;
  /** What the buffer holds, e.g. "Z1 (batch x 16)" — built from indices and sizes only. */
  readonly note: string;
}

export interface LoopProgram {
  readonly batch: number;
  readonly inFeatures: number;
  /** Length of the y argument (batch × outputs, or batch for class indices). */
  readonly yLength: number;
  readonly paramCount: number;
  readonly work: readonly WorkBuffer[];
  /** grad(params, x, y, out): fills out (paramCount) and returns the loss. */
  readonly grad: readonly Step[];
  /** The optimizer update over (param, grad, state), run after `grad` by step(). */
  readonly update: readonly Step[];
  readonly state: readonly WorkBuffer[];
  /** Uniforms the update reads, with the optimizer constants they need. */
  readonly uniforms: { readonly beta1: number; readonly beta2: number; readonly used: readonly Uniform[] };
}
