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
import { ACTIVATIONS, LOSSES, type ActivationName, type LossName, type LossParams, type ParamDef } from './catalog/index.js';
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
/** One builder per catalog activation, named as the PyTorch module: LeakyReLU(negative_slope = 0.01). */
type ActivationBuilders = {
  readonly [K in ActivationName as (typeof ACTIVATIONS)[K]['torch']]: (...params: number[]) => LayerDef;
};
const activationBuilders = Object.fromEntries(Object.entries(ACTIVATIONS).map(([type, e]) => [e.torch,
  (...given: number[]) => def(type, Object.fromEntries(Object.entries(e.params as Readonly<Record<string, ParamDef>>).map(([k, d], i) => [k, given[i] ?? d.default])))],
)) as ActivationBuilders;
export const { Sigmoid, Tanh, ReLU, LeakyReLU, Softplus, Identity } = activationBuilders;
/**
 * nn.PReLU(num_parameters = 1, init = 0.25): its slope is a trained parameter ("<index>.weight",
 * shape [num_parameters]); `weight` gives its values, `freeze: ['weight']` holds it constant.
 */
export const PReLU = (num_parameters = 1, init = 0.25, opts: { weight?: readonly number[]; freeze?: readonly 'weight'[] } = {}): LayerDef =>
  def('prelu', { num_parameters, init, ...opts });
/** nn.Softmax(dim=1): over the features of each sample. */
export const Softmax = (): LayerDef => def('softmax');
/** nn.Softmin(dim=1) = softmax(−x) over the features of each sample. */
export const Softmin = (): LayerDef => def('softmin');
/** nn.LogSoftmax(dim=1): log-probabilities over the features of each sample. */
export const LogSoftmax = (): LayerDef => def('log_softmax');
/** An elementwise activation given as a formula in x. */
export const Custom = (f: string): LayerDef => def('custom', { f });

interface ReductionOpt { reduction?: Reduction }
/** One builder per catalog loss, named as the PyTorch class: HuberLoss({ delta, reduction }). */
type LossBuilders = {
  readonly [K in LossName as (typeof LOSSES)[K]['torch']]: (o?: ReductionOpt & { [Q in LossParams<K>]?: number } & { weight?: readonly number[]; pos_weight?: readonly number[] }) => LossDef;
};
const lossBuilders = Object.fromEntries(Object.entries(LOSSES).map(([type, e]) => [e.torch, (o: Plain = {}): LossDef => ({ type, ...o })])) as LossBuilders;
export const { BCELoss, BCEWithLogitsLoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss } = lossBuilders;
/** nn.CrossEntropyLoss({ weight, label_smoothing, reduction }): `weight` one number per class. */
export const CrossEntropyLoss = (o: ReductionOpt & { label_smoothing?: number; weight?: readonly number[]; targets?: 'indices' | 'probabilities' } = {}): LossDef => ({ type: 'cross_entropy', ...o });
/** nn.NLLLoss({ weight, reduction }): log-probabilities in, a class index per sample. */
export const NLLLoss = (o: ReductionOpt & { weight?: readonly number[] } = {}): LossDef => ({ type: 'nll', ...o });
/** nn.MultiMarginLoss({ p: 1 | 2, margin, weight, reduction }): scores in, a class index per sample. */
export const MultiMarginLoss = (o: ReductionOpt & { p?: number; margin?: number; weight?: readonly number[] } = {}): LossDef => ({ type: 'multi_margin', ...o });
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
  Sequential, Linear, ...activationBuilders, PReLU, Softmax, Softmin, LogSoftmax, Custom, ...lossBuilders, CrossEntropyLoss, NLLLoss, MultiMarginLoss, customLoss,
} as const;
export const optim = { SGD, Adam, AdamW } as const;
