/**
 * The three benchmark workloads of issue 4, each as a NetworkSpec (what symgrad compiles) and as
 * flat Float64Arrays in one canonical layout that every contender reads and writes:
 *   params = for each Linear in order: weight (out × in, row-major, as nn.Linear.weight), then bias;
 *   x = batch × in (row-major); y = batch × out targets (BCE) or batch class indices (cross-entropy).
 * (a) is the tutorial's 2-2-1 sigmoid/BCE net with the reference weights; (b) and (c) draw
 * weights like nn.Linear's default, U(−1/√in, 1/√in), and data from a fixed seed.
 */
import { readFileSync } from 'node:fs';
import type { LayerSpec, NetworkSpec } from '../src/nn/spec.js';
import { mulberry32 } from './rng.js';
import { linearFlops } from '../src/compile/flops.js';

export type WorkloadId = 'a' | 'b' | 'c';
export type Hidden = 'sigmoid' | 'tanh' | 'relu';

/** One parameter tensor inside the flat vector, named as in PyTorch's state_dict. */
export interface ParamBlock {
  readonly name: string;
  readonly offset: number;
  readonly rows: number;
  readonly cols: number;
}

export interface Workload {
  readonly id: WorkloadId;
  readonly title: string;
  /** Layer widths, input first: [2, 2, 1]. */
  readonly sizes: readonly number[];
  readonly hidden: Hidden;
  /** 2-2-1 ends in a sigmoid fed to BCE; the others end in logits fed to softmax cross-entropy. */
  readonly loss: 'bce' | 'cross_entropy';
  readonly batch: number;
  readonly params: Float64Array;
  readonly blocks: readonly ParamBlock[];
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly spec: NetworkSpec;
  /** Floating-point operations of one gradient, counting the matrix products only (2 per multiply-add). */
  readonly flops: number;
}

/** A copy of the tutorial's PyTorch reference numbers (shared/reference/seed-2-2-1.json). */
export const REFERENCE_JSON = new URL('./seed-2-2-1.reference.json', import.meta.url);

interface SeedReference {
  readonly input: { readonly x: number[][]; readonly y: number[][] };
  readonly parameters: Record<string, number[][] | number[]>;
  readonly loss: number;
  readonly grad: Record<string, number[][] | number[]>;
}

/** Reads the tutorial's reference numbers (or the file given). */
export function readSeedReference(path: string | URL = REFERENCE_JSON): SeedReference {
  return JSON.parse(readFileSync(path, 'utf8')) as SeedReference;
}

const SEED_KEYS = ['layer1.0.weight', 'layer1.0.bias', 'layer2.0.weight', 'layer2.0.bias'];

/** The seed reference's parameters or gradient, flattened into the canonical layout. */
export function flattenSeed(entries: Record<string, number[][] | number[]>): Float64Array {
  return Float64Array.from(SEED_KEYS.flatMap((k) => (entries[k] ?? []).flat()));
}

function blocksOf(sizes: readonly number[]): ParamBlock[] {
  const blocks: ParamBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inn = sizes[l]!, out = sizes[l + 1]!;
    // Linear layers sit at even Sequential indices: Linear, activation, Linear, …
    blocks.push({ name: `${2 * l}.weight`, offset, rows: out, cols: inn });
    offset += out * inn;
    blocks.push({ name: `${2 * l}.bias`, offset, rows: 1, cols: out });
    offset += out;
  }
  return blocks;
}

function rows(flat: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(flat.subarray(i * c, (i + 1) * c)));
}

function specOf(w: Omit<Workload, 'spec' | 'flops' | 'title'>): NetworkSpec {
  const layers: LayerSpec[] = [];
  const linears = w.blocks.length / 2;
  for (let l = 0; l < linears; l++) {
    const W = w.blocks[2 * l]!, b = w.blocks[2 * l + 1]!;
    layers.push({
      type: 'linear',
      in: W.cols,
      out: W.rows,
      weight: rows(w.params.subarray(W.offset, W.offset + W.rows * W.cols), W.rows, W.cols),
      bias: { kind: 'vector', values: Array.from(w.params.subarray(b.offset, b.offset + b.cols)) },
      freeze: [],
    });
    if (l + 1 < linears) layers.push({ type: w.hidden });
    else if (w.loss === 'bce') layers.push({ type: 'sigmoid' });
  }
  const nIn = w.sizes[0]!;
  const yCols = w.loss === 'bce' ? w.sizes[w.sizes.length - 1]! : 1;
  return {
    name: `bench-${w.id}`,
    layers,
    loss: w.loss === 'bce' ? { type: 'bce', reduction: 'mean' } : { type: 'cross_entropy', label_smoothing: 0, reduction: 'mean' },
    optimizer: { type: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
    data: { x: rows(w.x, w.batch, nIn), y: rows(w.y, w.batch, yCols) },
    seed: 42,
  };
}

function finish(w: Omit<Workload, 'spec' | 'flops' | 'title'>): Workload {
  const title = `${w.sizes.join('-')} ${w.hidden}, ${w.loss === 'bce' ? 'BCE' : 'softmax cross-entropy'}, batch ${w.batch}`;
  return { ...w, title, spec: specOf(w), flops: linearFlops(w.sizes, w.batch) };
}

/** (a) the tutorial's network with its reference weights, x = [1, 1], y = 0. */
export function workloadA(ref: SeedReference = readSeedReference()): Workload {
  const sizes = [2, 2, 1];
  return finish({
    id: 'a', sizes, hidden: 'sigmoid', loss: 'bce', batch: 1,
    params: flattenSeed(ref.parameters), blocks: blocksOf(sizes),
    x: Float64Array.from(ref.input.x.flat()), y: Float64Array.from(ref.input.y.flat()),
  });
}

function randomWorkload(id: WorkloadId, sizes: number[], hidden: Hidden, batch: number, seed: number): Workload {
  const rng = mulberry32(seed);
  const blocks = blocksOf(sizes);
  const params = new Float64Array(blocks.reduce((n, b) => n + b.rows * b.cols, 0));
  blocks.forEach((b, k) => {
    // nn.Linear's default init: U(−1/√fan_in, 1/√fan_in) for weight and bias alike
    const bound = 1 / Math.sqrt(sizes[k >> 1]!);
    for (let i = 0; i < b.rows * b.cols; i++) params[b.offset + i] = rng.uniform(-bound, bound);
  });
  const nIn = sizes[0]!, classes = sizes[sizes.length - 1]!;
  const x = Float64Array.from({ length: batch * nIn }, () => rng.uniform(-1, 1));
  const y = Float64Array.from({ length: batch }, () => rng.int(classes));
  return finish({ id, sizes, hidden, loss: 'cross_entropy', batch, params, blocks, x, y });
}

/** (b) 64-128-128-10 tanh, softmax cross-entropy, batch 32. */
export const workloadB = (): Workload => randomWorkload('b', [64, 128, 128, 10], 'tanh', 32, 2024);
/** (c) 784-256-10 ReLU, softmax cross-entropy, batch 128. */
export const workloadC = (): Workload => randomWorkload('c', [784, 256, 10], 'relu', 128, 784);

export function workload(id: WorkloadId): Workload {
  return id === 'a' ? workloadA() : id === 'b' ? workloadB() : workloadC();
}
