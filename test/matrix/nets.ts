/**
 * Random small networks for the matrix-view tests (a seeded PRNG, so failures reproduce), and
 * the central finite difference of the loss over the flat parameter vector.
 */
import type { ActivationSpec, LayerSpec, LinearSpec, LossSpec, NetworkSpec } from '../../src/nn/spec.js';
import { evaluateView, type MatrixView } from '../../src/nn/matrix/index.js';
import { flattenParams } from '../../src/nn/params.js';
import { isClassLoss, learnableOf } from '../../src/nn/catalog/index.js';

/** mulberry32: a tiny deterministic PRNG in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SGD = { type: 'sgd', lr: 1, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 } as const;

/** Every layer and loss kind, from the catalog (test/support/nets.ts). */
export { ACTIVATION_KINDS as ACTIVATIONS, LOSS_KINDS as LOSSES } from '../support/nets.js';

export interface NetOptions {
  readonly widths: readonly number[];
  readonly hidden: ActivationSpec;
  readonly loss: LossSpec;
  readonly batch: number;
  readonly seed: number;
  readonly bias?: 'vector' | 'shared' | 'none';
  readonly freeze?: readonly ('weight' | 'bias')[];
}

/** A resolved activation: PReLU gets its trained slope as the loader gives it (`size` values of `init`). */
function withLearned(a: ActivationSpec): ActivationSpec {
  const l = learnableOf(a.type);
  if (!l || 'learned' in a) return a;
  const p = a as unknown as Record<string, number>;
  return { ...a, learned: { values: Array<number>(l.size(p)).fill(l.init(p)), frozen: false } } as ActivationSpec;
}

/** A Sequential of Linear layers with `hidden` between them and a head that suits the loss. */
export function randomNet(o: NetOptions): NetworkSpec {
  const r = rng(o.seed);
  const u = (s = 1) => (r() * 2 - 1) * s;
  const layers: LayerSpec[] = [];
  for (let i = 0; i + 1 < o.widths.length; i++) {
    const [inn, out] = [o.widths[i]!, o.widths[i + 1]!];
    const kind = o.bias ?? 'vector';
    const linear: LinearSpec = {
      type: 'linear', in: inn, out,
      weight: Array.from({ length: out }, () => Array.from({ length: inn }, () => u())),
      bias: kind === 'vector' ? { kind, values: Array.from({ length: out }, () => u(0.5)) } : kind === 'shared' ? { kind, value: u(0.5) } : { kind },
      freeze: i === 0 ? (o.freeze ?? []) : [],
    };
    layers.push(linear);
    if (i + 2 < o.widths.length) layers.push(withLearned(o.hidden));
  }
  if (o.loss.type === 'bce') layers.push({ type: 'sigmoid' });
  const out = o.widths[o.widths.length - 1]!;
  const x = Array.from({ length: o.batch }, () => Array.from({ length: o.widths[0]! }, () => u(1.5)));
  const y = Array.from({ length: o.batch }, () =>
    isClassLoss(o.loss.type) ? [Math.floor(r() * out)]
    : o.loss.type === 'bce' || o.loss.type === 'bce_with_logits' ? Array.from({ length: out }, () => r())
    : Array.from({ length: out }, () => u()));
  return { name: 'random', layers, loss: o.loss, optimizer: SGD, data: { x, y } };
}

/** ∂L/∂θᵢ by central differences for every flat parameter. */
export function finiteDifferences(v: MatrixView, h = 1e-6): Float64Array {
  const flat = flattenParams(v.spec, v.layout);
  const fd = new Float64Array(flat.length);
  for (let i = 0; i < flat.length; i++) {
    const p = flat.slice();
    p[i] = flat[i]! + h;
    const up = evaluateView(v, { params: p, forwardOnly: true }).loss;
    p[i] = flat[i]! - h;
    const down = evaluateView(v, { params: p, forwardOnly: true }).loss;
    fd[i] = (up - down) / (2 * h);
  }
  return fd;
}

/** Largest |a − b| / (1 + |b|). */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return m;
}
