/**
 * A TypeScript API with PyTorch's names, building the same NetworkSpec a network file would:
 *
 *   const spec = Sequential(Linear(2, 2, { weight: [[0.4352, 0.3545], [0.1951, 0.4835]], bias: [-0.1419, 0.0439] }),
 *                           Sigmoid(), Linear(2, 1), Sigmoid())
 *     .spec({ loss: BCELoss(), optimizer: SGD({ lr: 1 }), data: { x: [[1, 1]], y: [[0]] }, seed: 0 });
 *
 * Each builder returns the file's plain form of that part (`{type: 'linear', in: 2, …}`), and
 * `.spec()` runs the one validator the file loader uses, so the API cannot build anything a
 * file could not, and mistakes are the same SymgradErrors (with field paths, without lines).
 */
import { networkFromObject } from './load.js';
import type { NetworkSpec, Reduction } from './spec.js';

type Matrix = readonly (readonly number[])[];
type Plain = Record<string, unknown>;

export interface LayerDef { readonly type: string; readonly [key: string]: unknown }
export interface LossDef { readonly type: string; readonly [key: string]: unknown }
export interface OptimizerDef { readonly type: string; readonly [key: string]: unknown }

export interface LinearOptions {
  /** out × in (nn.Linear.weight); omitted → initialised from the seed. */
  weight?: Matrix;
  /** true (default, initialised), false, one value per neuron, or one shared value. */
  bias?: boolean | readonly number[] | { shared: number };
  /** Parameters with requires_grad=False. */
  freeze?: readonly ('weight' | 'bias')[];
}

const def = (type: string, fields: Plain = {}): LayerDef => ({ type, ...fields });

/** nn.Linear(in_features, out_features). */
export function Linear(in_features: number, out_features: number, opts: LinearOptions = {}): LayerDef {
  return def('linear', { in: in_features, out: out_features, ...opts });
}
export const Sigmoid = (): LayerDef => def('sigmoid');
export const Tanh = (): LayerDef => def('tanh');
export const ReLU = (): LayerDef => def('relu');
export const LeakyReLU = (negative_slope = 0.01): LayerDef => def('leaky_relu', { negative_slope });
export const Softplus = (): LayerDef => def('softplus');
export const Identity = (): LayerDef => def('identity');
/** nn.Softmax(dim=1): over the features of each sample. */
export const Softmax = (): LayerDef => def('softmax');
/** An elementwise activation given as a formula in x. */
export const Custom = (f: string): LayerDef => def('custom', { f });

interface ReductionOpt { reduction?: Reduction }
export const BCELoss = (o: ReductionOpt = {}): LossDef => ({ type: 'bce', ...o });
export const BCEWithLogitsLoss = (o: ReductionOpt = {}): LossDef => ({ type: 'bce_with_logits', ...o });
export const MSELoss = (o: ReductionOpt = {}): LossDef => ({ type: 'mse', ...o });
export const L1Loss = (o: ReductionOpt = {}): LossDef => ({ type: 'l1', ...o });
export const HuberLoss = (o: ReductionOpt & { delta?: number } = {}): LossDef => ({ type: 'huber', ...o });
export const SmoothL1Loss = (o: ReductionOpt & { beta?: number } = {}): LossDef => ({ type: 'smooth_l1', ...o });
export const CrossEntropyLoss = (o: ReductionOpt & { label_smoothing?: number } = {}): LossDef => ({ type: 'cross_entropy', ...o });
/** An elementwise loss formula in y (target) and yhat (output), reduced by mean or sum. */
export const customLoss = (f: string, o: ReductionOpt = {}): LossDef => ({ type: 'custom', f, ...o });

export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; nesterov?: boolean; weight_decay?: number }
export interface AdamOptions { lr?: number; betas?: readonly [number, number]; eps?: number; weight_decay?: number }
export const SGD = (o: SGDOptions = {}): OptimizerDef => ({ type: 'sgd', ...o });
export const Adam = (o: AdamOptions = {}): OptimizerDef => ({ type: 'adam', ...o });
export const AdamW = (o: AdamOptions = {}): OptimizerDef => ({ type: 'adamw', ...o });

export interface SpecOptions {
  loss: LossDef;
  optimizer: OptimizerDef;
  /** x: batch × features; y: batch × outputs (class indices [[k], …] for cross-entropy). */
  data: { x: Matrix; y: Matrix | readonly number[] };
  seed?: number;
  name?: string;
}

export interface SequentialModel {
  readonly layers: readonly LayerDef[];
  /** The file's plain form of the whole network. */
  toObject(o: SpecOptions): Plain;
  /** The resolved, validated NetworkSpec. */
  spec(o: SpecOptions): NetworkSpec;
}

/** nn.Sequential(*layers). */
export function Sequential(...layers: LayerDef[]): SequentialModel {
  const toObject = (o: SpecOptions): Plain => ({
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    layers, loss: o.loss, optimizer: o.optimizer, data: o.data,
  });
  return { layers, toObject, spec: (o) => networkFromObject(toObject(o)) };
}

/** The same names grouped as in PyTorch: nn.Linear, nn.BCELoss, optim.SGD, … */
export const nn = {
  Sequential, Linear, Sigmoid, Tanh, ReLU, LeakyReLU, Softplus, Identity, Softmax, Custom,
  BCELoss, BCEWithLogitsLoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss, CrossEntropyLoss, customLoss,
} as const;
export const optim = { SGD, Adam, AdamW } as const;
