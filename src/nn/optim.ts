/**
 * Optimizers over the flat parameter vector, in the exact operation order of PyTorch's
 * single-tensor implementations (torch/optim/sgd.py, adam.py; AdamW is Adam with decoupled
 * weight decay). State (momentum buffers, moments, step counts) lives in the optimizer and
 * persists across steps. Frozen positions (mask 0) get no gradient, no state and no update, as a
 * parameter with requires_grad=False is skipped by torch.optim.
 *
 * `round` is applied after every arithmetic operation: the identity for float64, Math.fround to
 * imitate float32 tensors.
 *
 * SGD:  g ← ∇ + λθ;  b ← g (first step) or μb + (1 − τ)g;  g ← g + μb (nesterov) or b;  θ ← θ − γg
 * Adam: g ← ∇ + λθ (AdamW instead θ ← θ(1 − γλ));  m ← lerp(m, g, 1 − β₁);  v ← β₂v + (1 − β₂)g²;
 *       θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 */
import type { OptimizerSpec } from './spec.js';

export interface Optimizer {
  /** Update `params` in place from `grad` (both in the flat layout). */
  step(params: Float64Array, grad: ArrayLike<number>): void;
  /** Number of steps taken. */
  readonly steps: number;
}

type Round = (x: number) => number;
const exact: Round = (x) => x;

export function makeOptimizer(spec: OptimizerSpec, mask: Uint8Array, round: Round = exact): Optimizer {
  return spec.type === 'sgd' ? sgd(spec, mask, round) : adam(spec, mask, round);
}

function sgd(o: Extract<OptimizerSpec, { type: 'sgd' }>, mask: Uint8Array, r: Round): Optimizer {
  const buf = new Float64Array(mask.length);
  let steps = 0;
  return {
    get steps() { return steps; },
    step(p, grad) {
      for (let i = 0; i < p.length; i++) {
        if (!mask[i]) continue;
        // grad = grad.add(param, alpha=weight_decay)
        let g = o.weight_decay !== 0 ? r(grad[i]! + r(o.weight_decay * p[i]!)) : grad[i]!;
        if (o.momentum !== 0) {
          // buf = clone(grad) on the first step, else buf.mul_(momentum).add_(grad, alpha=1 - dampening)
          buf[i] = steps === 0 ? g : r(r(buf[i]! * o.momentum) + r(r(1 - o.dampening) * g));
          // nesterov: grad = grad.add(buf, alpha=momentum); else grad = buf
          g = o.nesterov ? r(g + r(o.momentum * buf[i]!)) : buf[i]!;
        }
        // param.add_(grad, alpha=-lr)
        p[i] = r(p[i]! + r(-o.lr * g));
      }
      steps++;
    },
  };
}

function adam(o: Extract<OptimizerSpec, { type: 'adam' | 'adamw' }>, mask: Uint8Array, r: Round): Optimizer {
  const m = new Float64Array(mask.length);
  const v = new Float64Array(mask.length);
  const [beta1, beta2] = o.betas;
  const decoupled = o.type === 'adamw';
  let steps = 0;
  return {
    get steps() { return steps; },
    step(p, grad) {
      const t = steps + 1;
      // Python floats: bias_correction = 1 − βᵗ, step_size = lr / bc1, bc2_sqrt = √bc2
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      const stepSize = o.lr / bc1;
      const bc2Sqrt = Math.sqrt(bc2);
      const w = 1 - beta1;
      for (let i = 0; i < p.length; i++) {
        if (!mask[i]) continue;
        let g = grad[i]!;
        if (o.weight_decay !== 0) {
          // AdamW: param.mul_(1 - lr * weight_decay); Adam: grad = grad.add(param, alpha=weight_decay)
          if (decoupled) p[i] = r(p[i]! * r(1 - o.lr * o.weight_decay));
          else g = r(g + r(o.weight_decay * p[i]!));
        }
        // exp_avg.lerp_(grad, 1 - beta1): a + w(b − a) for w < ½, else b − (b − a)(1 − w)
        const mi = m[i]!;
        m[i] = w < 0.5 ? r(mi + r(w * r(g - mi))) : r(g - r(r(g - mi) * r(1 - w)));
        // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        v[i] = r(r(v[i]! * beta2) + r(r(r(1 - beta2) * g) * g));
        // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
        const denom = r(r(r(Math.sqrt(v[i]!)) / r(bc2Sqrt)) + o.eps);
        // param.addcdiv_(exp_avg, denom, value=-step_size)
        p[i] = r(p[i]! + r(r(-stepSize * m[i]!) / denom));
      }
      steps = t;
    },
  };
}
