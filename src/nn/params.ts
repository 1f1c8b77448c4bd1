/**
 * The parameters of a network as PyTorch names and stores them: one state_dict entry per Linear
 * weight and bias, keyed by the module's index in the nn.Sequential (`"0.weight"`, `"0.bias"`,
 * `"2.weight"`, …), with PyTorch's shapes — weight `[out, in]`, bias `[out]`, and a shared bias
 * `[]` (a 0-d tensor: one scalar parameter shared by every neuron of the layer).
 *
 * Everyone who needs numbers (optimizers, compiler, matrix view) uses one flat layout: the entries
 * in layer order, each weight row-major (weight[i][j] at offset + i·in + j) followed by its bias.
 * Frozen entries (requires_grad=False) stay in the layout and in the state_dict; they just never
 * receive a gradient or an update. An activation with a trained tensor (nn.PReLU's `weight`,
 * catalog `learnable`) has one entry of kind `learned`, key `<index>.weight`, shape [n].
 */
import { learnableOf } from './catalog/index.js';
import type { ElementwiseSpec, LayerSpec, LinearSpec, NetworkSpec } from './spec.js';

export type ParamKind = 'weight' | 'bias' | 'learned';

/** A layer holding a learned tensor (PReLU), narrowed. */
export const hasLearned = (l: LayerSpec): l is ElementwiseSpec & { learned: NonNullable<ElementwiseSpec['learned']> } =>
  'learned' in l && l.learned !== undefined;

export interface ParamEntry {
  /** state_dict key, e.g. `"2.weight"`. */
  readonly key: string;
  /** Index of the Linear module in the Sequential. */
  readonly layer: number;
  readonly kind: ParamKind;
  /** PyTorch shape: [out, in], [out], or [] for a shared bias. */
  readonly shape: readonly number[];
  /** Position of the first element in the flat vector. */
  readonly offset: number;
  /** Number of elements (product of shape; 1 for []). */
  readonly size: number;
  /** requires_grad=False. */
  readonly frozen: boolean;
}

export interface ParamLayout {
  readonly entries: readonly ParamEntry[];
  /** Total number of scalars. */
  readonly size: number;
}

/** A state_dict value: a number for shape [], a vector for [out], a matrix for [out, in]. */
export type Tensor = number | number[] | number[][];

/** The state_dict entries of a network and their flat offsets. */
export function paramLayout(spec: NetworkSpec): ParamLayout {
  const entries: ParamEntry[] = [];
  let offset = 0;
  spec.layers.forEach((layer, i) => {
    if (hasLearned(layer)) {
      const size = layer.learned.values.length;
      entries.push({ key: `${i}.${learnableOf(layer.type)!.name}`, layer: i, kind: 'learned', shape: [size], offset, size, frozen: layer.learned.frozen });
      offset += size;
      return;
    }
    if (layer.type !== 'linear') return;
    const push = (kind: ParamKind, shape: number[]) => {
      const size = shape.reduce((a, b) => a * b, 1);
      entries.push({ key: `${i}.${kind}`, layer: i, kind, shape, offset, size, frozen: layer.freeze.includes(kind as 'weight' | 'bias') });
      offset += size;
    };
    push('weight', [layer.out, layer.in]);
    if (layer.bias.kind === 'vector') push('bias', [layer.out]);
    else if (layer.bias.kind === 'shared') push('bias', []);
  });
  return { entries, size: offset };
}

/** The values of every parameter in the flat layout. */
export function flattenParams(spec: NetworkSpec, layout: ParamLayout = paramLayout(spec)): Float64Array {
  const flat = new Float64Array(layout.size);
  for (const e of layout.entries) {
    const any = spec.layers[e.layer]!;
    if (e.kind === 'learned') {
      if (hasLearned(any)) any.learned.values.forEach((v, r) => (flat[e.offset + r] = v));
      continue;
    }
    const layer = any as LinearSpec;
    if (e.kind === 'weight') {
      layer.weight.forEach((row, r) => row.forEach((v, c) => (flat[e.offset + r * layer.in + c] = v)));
    } else if (layer.bias.kind === 'vector') {
      layer.bias.values.forEach((v, r) => (flat[e.offset + r] = v));
    } else if (layer.bias.kind === 'shared') {
      flat[e.offset] = layer.bias.value;
    }
  }
  return flat;
}

/** 1 for every flat position that receives gradients and updates, 0 for frozen ones. */
export function trainableMask(layout: ParamLayout): Uint8Array {
  const mask = new Uint8Array(layout.size);
  for (const e of layout.entries) if (!e.frozen) mask.fill(1, e.offset, e.offset + e.size);
  return mask;
}

/** One entry of the flat vector in PyTorch's nested shape. */
export function entryTensor(e: ParamEntry, flat: ArrayLike<number>): Tensor {
  if (e.shape.length === 0) return flat[e.offset]!;
  if (e.shape.length === 1) return Array.from({ length: e.size }, (_, i) => flat[e.offset + i]!);
  const [rows, cols] = [e.shape[0]!, e.shape[1]!];
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[e.offset + r * cols + c]!));
}

/** The state_dict: key → nested array in PyTorch's shape. */
export function stateDict(layout: ParamLayout, flat: ArrayLike<number>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const e of layout.entries) out[e.key] = entryTensor(e, flat);
  return out;
}

/** The flat position of `key[index…]`, e.g. flatIndex(layout, "2.weight", [0, 1]). */
export function flatIndex(layout: ParamLayout, key: string, index: readonly number[]): number {
  const e = layout.entries.find((x) => x.key === key);
  if (!e) throw new Error(`no parameter '${key}'`);
  if (index.length !== e.shape.length || index.some((v, i) => v < 0 || v >= e.shape[i]!)) {
    throw new Error(`index [${index.join(', ')}] out of range for '${key}' of shape [${e.shape.join(', ')}]`);
  }
  return e.offset + (e.shape.length === 2 ? index[0]! * e.shape[1]! + index[1]! : (index[0] ?? 0));
}

/** The same network with its parameters replaced by `flat` (for evaluating after a step). */
export function withParams(spec: NetworkSpec, flat: ArrayLike<number>, layout: ParamLayout = paramLayout(spec)): NetworkSpec {
  const byLayer = new Map<number, Partial<Record<ParamKind, Tensor>>>();
  for (const e of layout.entries) byLayer.set(e.layer, { ...byLayer.get(e.layer), [e.kind]: entryTensor(e, flat) });
  const layers = spec.layers.map((layer, i) => {
    const p = byLayer.get(i);
    if (hasLearned(layer) && p?.learned) return { ...layer, learned: { ...layer.learned, values: p.learned as number[] } };
    if (layer.type !== 'linear' || !p) return layer;
    const bias: LinearSpec['bias'] =
      layer.bias.kind === 'vector' ? { kind: 'vector', values: p.bias as number[] }
      : layer.bias.kind === 'shared' ? { kind: 'shared', value: p.bias as number }
      : layer.bias;
    return { ...layer, weight: p.weight as number[][], bias };
  });
  return { ...spec, layers };
}
