/**
 * The hand-written yardstick for workloads (b) and (c): the gradient of a dense network with a
 * tanh/ReLU/sigmoid hidden activation, logits out and mean softmax cross-entropy, over flat
 * Float64Arrays in the canonical layout (workloads.ts). Every buffer is allocated once by
 * `makeMlpGrad`; a call allocates nothing. All products go through the register-blocked gemmNT:
 *   forward   Z_l = A_{l−1}·W_lᵀ + b_l,      A_l = act(Z_l)
 *   loss      L = (1/B) Σ_b (log Σ_c e^{z_bc} − z_{b,y_b}),  dZ_L = (softmax(Z_L) − onehot(y)) / B
 *   backward  dW_l = dZ_lᵀ·A_{l−1},  db_l = Σ_b dZ_l,  dA_{l−1} = dZ_l·W_l,  dZ_{l−1} = dA ⊙ act'(Z_{l−1})
 */
import type { Hidden } from '../workloads.js';
import { gemmNT, transpose } from './gemm.js';

export type GradFn = (p: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array) => number;

export function makeMlpGrad(sizes: readonly number[], hidden: Hidden, batch: number): GradFn {
  const L = sizes.length - 1;
  const buf = (n: number): Float64Array => new Float64Array(n);
  const width = (l: number): number => sizes[l]!;
  const wOff: number[] = [], bOff: number[] = [];
  let off = 0;
  for (let l = 1; l <= L; l++) {
    wOff[l] = off; off += width(l) * width(l - 1);
    bOff[l] = off; off += width(l);
  }
  const Z = [buf(0), ...Array.from({ length: L }, (_, i) => buf(batch * width(i + 1)))];
  const A = [buf(0), ...Array.from({ length: L }, (_, i) => buf(batch * width(i + 1)))];
  const dZ = [buf(0), ...Array.from({ length: L }, (_, i) => buf(batch * width(i + 1)))];
  const dA = [buf(0), ...Array.from({ length: L }, (_, i) => buf(batch * width(i + 1)))];
  // transposes: Aᵀ (incl. Xᵀ), dZᵀ and Wᵀ, so that every product reads contiguous rows
  const At = Array.from({ length: L + 1 }, (_, l) => buf(batch * width(l)));
  const dZt = [buf(0), ...Array.from({ length: L }, (_, i) => buf(batch * width(i + 1)))];
  const Wt = [buf(0), ...Array.from({ length: L }, (_, i) => buf(width(i) * width(i + 1)))];

  return (p, x, y, out) => {
    // forward
    let prev = x;
    for (let l = 1; l <= L; l++) {
      const n = width(l), k = width(l - 1), z = Z[l]!, a = A[l]!;
      gemmNT(prev, 0, p, wOff[l]!, z, 0, batch, n, k);
      const b0 = bOff[l]!;
      for (let r = 0; r < batch * n; r += n) for (let j = 0; j < n; j++) z[r + j]! += p[b0 + j]!;
      if (l < L) activate(hidden, z, a);
      prev = a;
    }
    const loss = softmaxCrossEntropy(Z[L]!, y, dZ[L]!, batch, width(L));
    // backward
    for (let l = L; l >= 1; l--) {
      const n = width(l), k = width(l - 1), dz = dZ[l]!;
      const aPrev = l === 1 ? x : A[l - 1]!;
      transpose(dz, 0, dZt[l]!, batch, n);
      transpose(aPrev, 0, At[l - 1]!, batch, k);
      // dW = dZᵀ·A_{l−1}: (n × B)·(k × B)ᵀ
      gemmNT(dZt[l]!, 0, At[l - 1]!, 0, out, wOff[l]!, n, k, batch);
      // db = Σ_b dZ[b]
      const b0 = bOff[l]!;
      for (let j = 0; j < n; j++) out[b0 + j] = 0;
      for (let r = 0; r < batch * n; r += n) for (let j = 0; j < n; j++) out[b0 + j]! += dz[r + j]!;
      if (l === 1) break;
      // dA_{l−1} = dZ·W: (B × n)·(k × n)ᵀ with Wᵀ
      transpose(p, wOff[l]!, Wt[l]!, n, k);
      gemmNT(dz, 0, Wt[l]!, 0, dA[l - 1]!, 0, batch, k, n);
      activationBackward(hidden, Z[l - 1]!, A[l - 1]!, dA[l - 1]!, dZ[l - 1]!);
    }
    return loss;
  };
}

function activate(kind: Hidden, z: Float64Array, a: Float64Array): void {
  const n = z.length;
  if (kind === 'tanh') for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
  else if (kind === 'relu') for (let i = 0; i < n; i++) a[i] = z[i]! > 0 ? z[i]! : 0;
  else for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
}

/** dZ = dA ⊙ act'(Z): tanh' = 1 − a², relu' = [z > 0] (0 at 0, as PyTorch), σ' = a(1 − a). */
function activationBackward(kind: Hidden, z: Float64Array, a: Float64Array, da: Float64Array, dz: Float64Array): void {
  const n = z.length;
  if (kind === 'tanh') for (let i = 0; i < n; i++) dz[i] = da[i]! * (1 - a[i]! * a[i]!);
  else if (kind === 'relu') for (let i = 0; i < n; i++) dz[i] = z[i]! > 0 ? da[i]! : 0;
  else for (let i = 0; i < n; i++) dz[i] = da[i]! * a[i]! * (1 - a[i]!);
}

/** Mean softmax cross-entropy of logits z (B × C) against class indices y; writes dL/dz into dz. */
function softmaxCrossEntropy(z: Float64Array, y: Float64Array, dz: Float64Array, B: number, C: number): number {
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const r = b * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (z[r + c]! > max) max = z[r + c]!;
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(z[r + c]! - max);
      dz[r + c] = e;
      sum += e;
    }
    const label = y[b]!;
    // log Σ e^z − z_y, computed around the row max for stability
    loss += Math.log(sum) + max - z[r + label]!;
    for (let c = 0; c < C; c++) dz[r + c] = (dz[r + c]! / sum - (c === label ? 1 : 0)) / B;
  }
  return loss / B;
}
