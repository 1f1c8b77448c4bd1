/**
 * The floating-point work of one gradient of a stack of Linear layers, counting the matrix
 * products only (2 per multiply-add): forward Z = A·Wᵀ and ∂L/∂W = δᵀ·A for every layer, and
 * ∂L/∂A = δ·W for every layer but the first. `symgrad bench` and `npm run bench` report GFLOP/s
 * from it, so the rates of every backend and peer are measured against the same count.
 */
import type { NetworkSpec } from '../nn/spec.js';

export function linearFlops(sizes: readonly number[], batch: number): number {
  let flops = 0;
  for (let l = 0; l + 1 < sizes.length; l++) flops += 2 * batch * sizes[l]! * sizes[l + 1]! * (l === 0 ? 2 : 3);
  return flops;
}

/** The same for a network: its Linear layers' widths in order. */
export function gradientFlops(spec: NetworkSpec, batch: number): number {
  const linears = spec.layers.flatMap((l) => (l.type === 'linear' ? [l] : []));
  if (linears.length === 0) return 0;
  return linearFlops([linears[0]!.in, ...linears.map((l) => l.out)], batch);
}
