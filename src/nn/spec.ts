/**
 * The network description: the public contract between the network file (YAML/JSON), the
 * PyTorch-style TypeScript API, the symbolic views, the compiler and the document renderer.
 *
 * A NetworkSpec is always *resolved*: every weight and bias is present (initialised from the
 * seed where the file omitted it) and every option has its PyTorch default filled in.
 * Layout follows PyTorch: a Linear weight is `out × in`; data is `batch × features`.
 * The elementwise activations and losses, with their parameters, come from the catalog.
 */
import type { ActivationName, ActivationParams, LossName, LossParams, RowLayerName } from './catalog/index.js';

export type Reduction = 'mean' | 'sum';

export interface LinearSpec {
  readonly type: 'linear';
  readonly in: number;
  readonly out: number;
  /** out × in, exactly nn.Linear.weight. */
  readonly weight: readonly (readonly number[])[];
  /** One per neuron, one value shared by all neurons of the layer, or no bias. */
  readonly bias: { readonly kind: 'vector'; readonly values: readonly number[] } | { readonly kind: 'shared'; readonly value: number } | { readonly kind: 'none' };
  /** Parameters held constant (requires_grad=False). */
  readonly freeze: readonly ('weight' | 'bias')[];
}

/**
 * The trained tensor of an activation module (nn.PReLU's `weight`, catalog `learnable`): its
 * values (shape [num_parameters]) and whether it is frozen (requires_grad=False).
 */
export interface LearnedTensor {
  readonly values: readonly number[];
  readonly frozen: boolean;
}

/** An elementwise activation of the catalog with its parameters: `{type: 'leaky_relu', negative_slope: 0.01}`. */
export type ElementwiseSpec = {
  readonly [K in ActivationName]: { readonly type: K; readonly learned?: LearnedTensor } & { readonly [Q in ActivationParams<K>]: number };
}[ActivationName];

export type ActivationSpec =
  | ElementwiseSpec
  /** Softmax, softmin or log-softmax over the features of each sample (dim=1). */
  | { readonly type: RowLayerName }
  /** An elementwise activation given as a formula in `x`, e.g. `x*sigmoid(x)`. */
  | { readonly type: 'custom'; readonly f: string };

export type LayerSpec = LinearSpec | ActivationSpec;

/** An elementwise loss of the catalog with its parameters and reduction. */
export type ElementwiseLossSpec = {
  readonly [K in LossName]: { readonly type: K; readonly reduction: Reduction } & { readonly [Q in LossParams<K>]: number }
    // a tensor option, one number per output (bce's weight, bce_with_logits's pos_weight)
    & { readonly weight?: readonly number[]; readonly pos_weight?: readonly number[] };
}[LossName];

export type LossSpec =
  | ElementwiseLossSpec
  /**
   * Logits in; targets are class indices (data.y holds one index per sample, as [[k], …]), or with
   * `targets: probabilities` rows of class probabilities of the logits' shape (PyTorch's soft labels).
   */
  | { readonly type: 'cross_entropy'; readonly label_smoothing: number; readonly reduction: Reduction; readonly weight?: readonly number[]; readonly targets?: 'probabilities' }
  /** Log-probabilities in (after LogSoftmax); targets are class indices as for cross_entropy. */
  | { readonly type: 'nll'; readonly reduction: Reduction; readonly weight?: readonly number[] }
  /** Scores in; class indices as for cross_entropy; p ∈ {1, 2}, margin. */
  | { readonly type: 'multi_margin'; readonly reduction: Reduction; readonly p: number; readonly margin: number; readonly weight?: readonly number[] }
  /** An elementwise loss formula in `y` (target) and `yhat` (output), then reduced. */
  | { readonly type: 'custom'; readonly f: string; readonly reduction: Reduction };

export type OptimizerSpec =
  | {
      readonly type: 'sgd';
      readonly lr: number;
      readonly momentum: number;
      readonly dampening: number;
      readonly nesterov: boolean;
      readonly weight_decay: number;
    }
  | {
      readonly type: 'adam' | 'adamw';
      readonly lr: number;
      readonly betas: readonly [number, number];
      readonly eps: number;
      readonly weight_decay: number;
    };

export interface DataSpec {
  /** batch × in_features */
  readonly x: readonly (readonly number[])[];
  /** batch × out_features, or batch × 1 class indices for cross_entropy. */
  readonly y: readonly (readonly number[])[];
}

export interface NetworkSpec {
  readonly name: string;
  readonly layers: readonly LayerSpec[];
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly data: DataSpec;
  /** The seed used for omitted weights (recorded for reproducibility). */
  readonly seed?: number;
}
