/**
 * Optimizers over the flat parameter vector: the catalog's update rule (catalog/optimizers.ts,
 * PyTorch's exact order of operations) run on numbers, one parameter at a time. State
 * (momentum buffers, moments, step counts) lives in the optimizer and persists across steps.
 * Frozen positions (mask 0) get no gradient, no state and no update, as a parameter with
 * requires_grad=False is skipped by torch.optim.
 *
 * `round` is applied after every arithmetic operation: the identity for float64, Math.fround to
 * imitate float32 tensors.
 */
import { optimizerEntry, type Arith, type Uniform } from './catalog/index.js';
import type { OptimizerSpec } from './spec.js';

export interface Optimizer {
  /** Update `params` in place from `grad` (both in the flat layout). */
  step(params: Float64Array, grad: ArrayLike<number>): void;
  /** Number of steps taken. */
  readonly steps: number;
}

type Round = (x: number) => number;
const exact: Round = (x) => x;

/** Numbers, rounded after every operation as a tensor of the dtype would be. */
function numbers(r: Round): Arith<number> {
  return {
    lit: (v) => v,
    tensorLit: (v) => r(v),
    add: (a, b) => r(a + b),
    sub: (a, b) => r(a - b),
    mul: (a, b) => r(a * b),
    div: (a, b, host) => (host ? a / b : r(a / b)),
    sqrt: (a) => r(Math.sqrt(a)),
    first: (flag, a, b) => (flag ? a : b),
  };
}

export function makeOptimizer(spec: OptimizerSpec, mask: Uint8Array, round: Round = exact): Optimizer {
  const entry = optimizerEntry(spec);
  const A = numbers(round);
  const state = Array.from({ length: entry.state(spec) }, () => new Float64Array(mask.length));
  const betas = spec.type === 'sgd' ? [0, 0] : spec.betas;
  let steps = 0;
  return {
    get steps() { return steps; },
    step(p, grad) {
      const t = steps + 1;
      // Python floats: bias_correction = 1 − βᵗ; the tensor op divides by round(√bc2)
      const u: Record<Uniform, number> = { first: steps === 0 ? 1 : 0, bc1: 1 - betas[0]! ** t, bc2sqrt: round(Math.sqrt(1 - betas[1]! ** t)) };
      for (let i = 0; i < p.length; i++) {
        if (!mask[i]) continue;
        const next = entry.update(spec, A, { p: p[i]!, g: grad[i]!, s: state.map((s) => s[i]!), u });
        p[i] = next.p;
        next.s.forEach((v, k) => (state[k]![i] = v));
      }
      steps = t;
    },
  };
}
