/**
 * An independent, straightforward numeric implementation of a network's forward pass and loss,
 * written from PyTorch's documentation (nn.Linear, the activations, the losses and their
 * reductions) with plain loops — no symbolic code — for checking symgrad's values and, by
 * central finite differences, its gradients.
 */
import type { ActivationSpec, LayerSpec, LossSpec, NetworkSpec } from '../../src/nn/spec.js';
import { flattenParams, withParams } from '../../src/nn/params.js';

/** JavaScript versions of the custom formulas used in tests. */
export const CUSTOM_JS: Record<string, (...a: number[]) => number> = {
  'x*sigmoid(x)': (x) => x / (1 + Math.exp(-x)),
  'tanh(x) + 0.1*x^2': (x) => Math.tanh(x) + 0.1 * x * x,
  '0.5*(y - yhat)^2': (y, yhat) => 0.5 * (y - yhat) ** 2,
  'abs(yhat - y)^3': (y, yhat) => Math.abs(yhat - y) ** 3,
};

const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** erf by its Maclaurin series (|x| < 6; ±1 beyond, where erf is 1 to double precision). */
export function erfSeries(x: number): number {
  if (Math.abs(x) >= 6) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const SELU = [1.6732632423543772848170429916717, 1.0507009873554804934193349852946] as const;
const hardtanh = (x: number, lo: number, hi: number) => (x <= lo ? lo : x >= hi ? hi : x);

/** The activations added with the op table's special functions, from their PyTorch definitions. */
const MORE: Record<string, (x: number, l: Record<string, number>) => number> = {
  gelu: (x, l) => (l.approximate === 1
    ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))
    : 0.5 * x * (1 + erfSeries(x / Math.SQRT2))),
  silu: (x) => x * sig(x),
  mish: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  elu: (x, l) => (x > 0 ? x : l.alpha! * Math.expm1(x)),
  selu: (x) => SELU[1] * (x > 0 ? x : SELU[0] * Math.expm1(x)),
  celu: (x, l) => (x > 0 ? x : l.alpha! * Math.expm1(x / l.alpha!)),
  softsign: (x) => x / (1 + Math.abs(x)),
  hardtanh: (x, l) => hardtanh(x, l.min_val!, l.max_val!),
  relu6: (x) => hardtanh(x, 0, 6),
  hardsigmoid: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
  hardswish: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
  logsigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  tanhshrink: (x) => x - Math.tanh(x),
};

function activation(l: ActivationSpec, row: number[]): number[] {
  switch (l.type) {
    case 'sigmoid': return row.map(sig);
    case 'tanh': return row.map(Math.tanh);
    case 'relu': return row.map((x) => Math.max(0, x));
    case 'leaky_relu': return row.map((x) => (x > 0 ? x : l.negative_slope * x));
    case 'softplus': return row.map((x) => (x > 20 ? x : Math.log1p(Math.exp(x))));
    case 'identity': return row;
    case 'softmax': {
      const m = Math.max(...row);
      const e = row.map((x) => Math.exp(x - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    }
    case 'softmin': return activation({ type: 'softmax' }, row.map((x) => -x));
    case 'log_softmax': {
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      return row.map((x) => x - lse);
    }
    case 'custom': return row.map((x) => CUSTOM_JS[l.f]!(x));
    default: return row.map((x) => MORE[l.type]!(x, l as unknown as Record<string, number>));
  }
}

export function forwardRow(layers: readonly LayerSpec[], x: readonly number[]): number[] {
  let a = [...x];
  for (const l of layers) {
    if (l.type === 'linear') {
      const b = (j: number) => (l.bias.kind === 'vector' ? l.bias.values[j]! : l.bias.kind === 'shared' ? l.bias.value : 0);
      a = l.weight.map((row, j) => row.reduce((s, w, i) => s + w * a[i]!, 0) + b(j));
    } else {
      a = activation(l, a);
    }
  }
  return a;
}

function elementLoss(loss: Exclude<LossSpec, { type: 'cross_entropy' | 'nll' | 'multi_margin' }>, p: number, y: number): number {
  const d = p - y;
  switch (loss.type) {
    case 'bce': return -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log(1 - p), -100));
    case 'bce_with_logits': return (1 - y) * p + Math.log1p(Math.exp(-Math.abs(p))) + Math.max(-p, 0);
    case 'mse': return d * d;
    case 'l1': return Math.abs(d);
    case 'huber': return Math.abs(d) < loss.delta ? 0.5 * d * d : loss.delta * (Math.abs(d) - 0.5 * loss.delta);
    case 'smooth_l1': return loss.beta === 0 || Math.abs(d) >= loss.beta ? Math.abs(d) - 0.5 * loss.beta : (0.5 * d * d) / loss.beta;
    case 'soft_margin': return Math.log1p(Math.exp(-y * p));
    case 'poisson_nll': {
      const base = loss.log_input === 1 ? Math.exp(p) - y * p : p - y * Math.log(p + loss.eps);
      return base + (loss.full === 1 && y > 1 ? y * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI * y) : 0);
    }
    case 'gaussian_nll': {
      // PyTorch clamps the variance at eps (without gradient); ½(log v + d²/v), + ½ log 2π when full
      const v = Math.max(loss.var, loss.eps);
      return 0.5 * (Math.log(v) + (d * d) / v) + (loss.full === 1 ? 0.5 * Math.log(2 * Math.PI) : 0);
    }
    case 'kl_div': return loss.log_target === 1 ? Math.exp(y) * (y - p) : (y > 0 ? y * Math.log(y) : 0) - y * p;
    case 'custom': return CUSTOM_JS[loss.f]!(y, p);
  }
}

/** The loss of `spec` as PyTorch defines it. */
export function referenceLoss(spec: NetworkSpec): number {
  const out = spec.data.x.map((x) => forwardRow(spec.layers, x));
  const loss = spec.loss;
  if (loss.type === 'multi_margin') {
    // Σ_{c≠k} w_k max(0, margin − z_k + z_c)^p / C per sample; mean over the batch
    const total = out.reduce((s, z, n) => {
      const k = spec.data.y[n]![0]!;
      const h = z.reduce((t, zc, c) => (c === k ? t : t + Math.max(0, loss.margin - z[k]! + zc) ** loss.p), 0);
      return s + (loss.weight?.[k] ?? 1) * h / z.length;
    }, 0);
    return loss.reduction === 'mean' ? total / out.length : total;
  }
  if (loss.type === 'nll') {
    const total = out.reduce((s, z, n) => s - z[spec.data.y[n]![0]!]!, 0);
    return loss.reduction === 'mean' ? total / out.length : total;
  }
  if (loss.type === 'cross_entropy') {
    let nll = 0;
    let smooth = 0;
    out.forEach((z, n) => {
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
      const lsm = z.map((v) => v - lse);
      nll += -lsm[spec.data.y[n]![0]!]!;
      smooth += -lsm.reduce((a, b) => a + b, 0) / z.length;
    });
    const eps = loss.label_smoothing;
    const total = (1 - eps) * nll + eps * smooth;
    return loss.reduction === 'mean' ? total / out.length : total;
  }
  let total = 0;
  let count = 0;
  out.forEach((row, n) => row.forEach((p, k) => {
    total += elementLoss(loss, p, spec.data.y[n]![k]!);
    count++;
  }));
  return loss.reduction === 'mean' ? total / count : total;
}

/** Central finite differences of the reference loss with respect to every flat parameter. */
export function referenceGradient(spec: NetworkSpec, h = 1e-6): Float64Array {
  const flat = flattenParams(spec);
  const g = new Float64Array(flat.length);
  for (let i = 0; i < flat.length; i++) {
    const plus = Float64Array.from(flat);
    const minus = Float64Array.from(flat);
    plus[i]! += h;
    minus[i]! -= h;
    g[i] = (referenceLoss(withParams(spec, plus)) - referenceLoss(withParams(spec, minus))) / (2 * h);
  }
  return g;
}
