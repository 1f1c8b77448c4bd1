/**
 * Elementwise losses of torch.nn beyond the regression and BCE family, one entry each with
 * PyTorch's definitions and defaults (see index.ts):
 *
 *   soft_margin            ℓ = log(1 + e^{−y·x})                        (nn.SoftMarginLoss, y = ±1)
 *   poisson_nll(log_input, full, eps)
 *                          ℓ = eˣ − y·x            (log_input: true, the default)
 *                          ℓ = x − y·log(x + eps)  (log_input: false)
 *                          full: + y log y − y + ½ log(2πy) where y > 1 (Stirling's term)
 *   kl_div(log_target)     ℓ = y log y − y·x      (x = log-probabilities; y log y = 0 at y = 0)
 *                          ℓ = eʸ(y − x)          (log_target: true)
 *
 *   gaussian_nll(var, full, eps)
 *                          ℓ = ½(log v + (x − y)²/v),  v = max(var, eps)  (+ ½ log 2π with full)
 *                          PyTorch takes var as a second input; a network file states it as a
 *                          constant (homoscedastic), so it has no gradient, as PyTorch's clamped var
 *
 * reduction 'mean' averages over every element, as torch.nn does (KLDivLoss's 'batchmean' is
 * 'sum' divided by the batch).
 */
import * as B from '../../expr/build.js';
import type { LossEntry } from './types.js';

const A = B.apply;
const c = B.constant;
const loss = <N extends string, P extends string = never>(e: LossEntry<P, N>): LossEntry<P, N> => e;
const FLAG = ['false', 'true'] as const;

export const MORE_LOSSES = {
  soft_margin: loss({
    torch: 'SoftMarginLoss',
    params: {},
    f: (x, y, _p, tb) => (tb ? B.log(B.add(c(1), B.exp(B.neg(B.mul(y, x))))) : A('log1p', [B.exp(B.neg(B.mul(y, x)))])),
    latex: () => '\\log\\left(1 + e^{-#2 \\odot #1}\\right)',
    testPoints: [[0.5, 1], [-2, -1], [3, -1], [0, 1]],
  }),
  poisson_nll: loss({
    torch: 'PoissonNLLLoss',
    params: {
      log_input: { default: 1, choices: FLAG },
      full: { default: 0, choices: FLAG },
      eps: { default: 1e-8, range: { above: 0 } },
    },
    f: (x, y, p) => {
      const base = p.log_input === 1 ? B.sub(B.exp(x), B.mul(y, x)) : B.sub(x, B.mul(y, B.log(B.add(x, c(p.eps)))));
      if (p.full !== 1) return base;
      // Stirling's approximation of log(y!), only where y > 1 (PyTorch masks it there)
      const stirling = B.add(B.sub(B.mul(y, B.log(y)), y), B.mul(c(0.5), B.log(B.mul(c(2), B.mul(A('pi', []), y)))));
      return B.add(base, B.where(B.gt(y, c(1)), stirling, c(0)));
    },
    latex: (p) => (p.log_input === 1 ? 'e^{#1} - #2 \\odot #1' : '#1 - #2 \\odot \\log\\left(#1 + \\epsilon\\right)'),
    testPoints: [[0.5, 2], [-1, 0], [2, 3.5], [0.1, 1]],
  }),
  gaussian_nll: loss({
    torch: 'GaussianNLLLoss',
    params: {
      var: { default: 1, range: { min: 0 }, shown: true, samples: [0.25] },
      full: { default: 0, choices: FLAG },
      eps: { default: 1e-6, range: { above: 0 } },
    },
    f: (x, y, p) => {
      const v = Math.max(p.var, p.eps);
      const l = B.mul(c(0.5), B.add(c(Math.log(v)), B.div(B.pow(B.sub(x, y), c(2)), c(v))));
      return p.full === 1 ? B.add(l, c(0.5 * Math.log(2 * Math.PI))) : l;
    },
    latex: (p) => `\\frac{1}{2}\\left(\\log ${Math.max(p.var, p.eps)} + \\frac{\\left(#1 - #2\\right)^{2}}{${Math.max(p.var, p.eps)}}\\right)${p.full === 1 ? ' + \\frac{1}{2}\\log 2\\pi' : ''}`,
    testPoints: [[0.5, 1], [-1, 2], [3, 3]],
  }),
  kl_div: loss({
    torch: 'KLDivLoss',
    params: { log_target: { default: 0, choices: FLAG } },
    f: (x, y, p) => (p.log_target === 1
      ? B.mul(B.exp(y), B.sub(y, x))
      : B.sub(B.where(B.gt(y, c(0)), B.mul(y, B.log(y)), c(0)), B.mul(y, x))),
    latex: (p) => (p.log_target === 1 ? 'e^{#2} \\odot \\left(#2 - #1\\right)' : '#2 \\odot \\left(\\log #2 - #1\\right)'),
    testPoints: [[-1.2, 0.3], [-0.1, 0.9], [-2, 0], [0.5, 0.25]],
  }),
} as const;
