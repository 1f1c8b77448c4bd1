/**
 * The optimizers, one entry each: the update of one parameter written once, in the exact
 * operation order of PyTorch's single-tensor implementations (torch/optim/sgd.py, adam.py; AdamW
 * is Adam with decoupled weight decay), over an `Arith`. nn/optim.ts runs it on numbers (the
 * reference `train`, with float32 rounding after every operation when asked); compile/optimizer.ts
 * runs it on engine Exprs and lowers the result into the compiled step.
 *
 * SGD:  g ← ∇ + λθ;  b ← g (first step) or μb + (1 − τ)g;  g ← g + μb (nesterov) or b;  θ ← θ − γg
 * Adam: g ← ∇ + λθ (AdamW instead θ ← θ(1 − γλ));  m ← lerp(m, g, 1 − β₁);  v ← β₂v + (1 − β₂)g²;
 *       θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 */
import type { OptimizerSpec } from '../spec.js';
import type { OptimizerEntry } from './types.js';

type Sgd = Extract<OptimizerSpec, { type: 'sgd' }>;
type Adam = Extract<OptimizerSpec, { type: 'adam' | 'adamw' }>;

const sgd: OptimizerEntry<Sgd> = {
  torch: 'SGD',
  state: (o) => (o.momentum === 0 ? 0 : 1),
  uniforms: (o) => (o.momentum === 0 ? [] : ['first']),
  update: (o, A, { p, g, s, u }) => {
    // grad = grad.add(param, alpha=weight_decay)
    let d = o.weight_decay !== 0 ? A.add(g, A.mul(A.lit(o.weight_decay), p)) : g;
    const state = [];
    if (o.momentum !== 0) {
      // buf = clone(grad) on the first step, else buf.mul_(momentum).add_(grad, alpha=1 - dampening)
      const buf = A.first(u.first, d, A.add(A.mul(A.lit(o.momentum), s[0]!), A.mul(A.tensorLit(1 - o.dampening), d)));
      // nesterov: grad = grad.add(buf, alpha=momentum); else grad = buf
      d = o.nesterov ? A.add(d, A.mul(A.lit(o.momentum), buf)) : buf;
      state.push(buf);
    }
    // param.add_(grad, alpha=-lr)  (p + (−γ)·d and p − γ·d round alike)
    return { p: A.sub(p, A.mul(A.lit(o.lr), d)), s: state };
  },
  describe: (o) => [
    `lr=${o.lr}`,
    o.momentum ? `momentum=${o.momentum}` : '',
    o.dampening ? `dampening=${o.dampening}` : '',
    o.nesterov ? 'nesterov=True' : '',
    o.weight_decay ? `weight_decay=${o.weight_decay}` : '',
  ].filter(Boolean).join(', '),
};

const adam = (torch: 'Adam' | 'AdamW'): OptimizerEntry<Adam> => ({
  torch,
  state: () => 2,
  uniforms: () => ['bc1', 'bc2sqrt'],
  update: (o, A, { p, g, s, u }) => {
    const [m0, v0] = [s[0]!, s[1]!];
    if (o.weight_decay !== 0) {
      // AdamW: param.mul_(1 - lr * weight_decay); Adam: grad = grad.add(param, alpha=weight_decay)
      if (o.type === 'adamw') p = A.mul(p, A.tensorLit(1 - o.lr * o.weight_decay));
      else g = A.add(g, A.mul(A.lit(o.weight_decay), p));
    }
    // exp_avg.lerp_(grad, 1 - beta1): a + w(b − a) for w < ½, else b − (b − a)(1 − w)
    const w = 1 - o.betas[0];
    const m = w < 0.5 ? A.add(m0, A.mul(A.lit(w), A.sub(g, m0))) : A.sub(g, A.mul(A.sub(g, m0), A.tensorLit(1 - w)));
    // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    const v = A.add(A.mul(A.lit(o.betas[1]), v0), A.mul(A.mul(A.tensorLit(1 - o.betas[1]), g), g));
    // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
    const denom = A.add(A.div(A.sqrt(v), u.bc2sqrt), A.lit(o.eps));
    // step_size = lr / bias_correction1 (a Python float); param.addcdiv_(exp_avg, denom, value=-step_size)
    const stepSize = A.div(A.lit(o.lr), u.bc1, true);
    return { p: A.sub(p, A.div(A.mul(stepSize, m), denom)), s: [m, v] };
  },
  describe: (o) => `lr=${o.lr}, betas=(${o.betas[0]}, ${o.betas[1]}), eps=${o.eps}, weight_decay=${o.weight_decay}`,
});

export const OPTIMIZERS = { sgd, adam: adam('Adam'), adamw: adam('AdamW') } as const;

export type OptimizerName = keyof typeof OPTIMIZERS;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** The entry of a resolved optimizer. */
export const optimizerEntry = (o: OptimizerSpec): OptimizerEntry<OptimizerSpec> => OPTIMIZERS[o.type] as OptimizerEntry<OptimizerSpec>;
