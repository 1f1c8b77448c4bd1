/**
 * The activations of torch.nn beyond the classic five, one entry each with PyTorch's definition
 * and defaults (see index.ts for how to add one). Their derivatives come from the op table; at a
 * kink each follows PyTorch's backward: ELU/SELU/CELU take the negative branch at 0 (slope α),
 * Hardtanh and ReLU6 pass no gradient at their bounds, Hardsigmoid none at ±3, Hardswish uses
 * x/3 + ½ on the closed interval [−3, 3].
 */
import type { Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import type { ActivationEntry } from './types.js';

const A = B.apply;
const c = B.constant;
const act = <N extends string, P extends string = never>(e: ActivationEntry<P, N>): ActivationEntry<P, N> => e;
const where = (cond: Expr, a: Expr, b: Expr) => B.where(cond, a, b);
const le = (a: Expr, v: number) => A('le', [a, c(v)]);
const ge = (a: Expr, v: number) => A('ge', [a, c(v)]);
const lt = (a: Expr, v: number) => A('lt', [a, c(v)]);

/** SELU's constants, as torch.nn.SELU. */
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** x for x > 0, else α(e^(x/β) − 1)·s (ELU, CELU and SELU), written with expm1 as PyTorch's kernel. */
const expLinear = (x: Expr, alpha: number, beta: number, scale: number): Expr =>
  where(B.gt(x, c(0)), B.mul(c(scale), x), B.mul(c(alpha * scale), A('expm1', [beta === 1 ? x : B.div(x, c(beta))])));

/** min_val for x ≤ min_val, max_val for x ≥ max_val, else x: zero gradient at the bounds (nn.Hardtanh). */
const hardtanh = (x: Expr, lo: number, hi: number): Expr => where(le(x, lo), c(lo), where(ge(x, hi), c(hi), x));

export const MORE_ACTIVATIONS = {
  gelu: act({
    torch: 'GELU',
    params: { approximate: { default: 0, choices: ['none', 'tanh'] } },
    // none: ½x(1 + erf(x/√2)); tanh: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
    f: (x, p) => {
      const inner = p.approximate === 1
        ? B.tanh(B.mul(B.sqrt(B.div(c(2), A('pi', []))), B.add(x, B.mul(c(0.044715), B.pow(x, c(3))))))
        : A('erf', [B.div(x, B.sqrt(c(2)))]);
      return B.mul(B.mul(c(0.5), x), B.add(c(1), inner));
    },
    latex: '\\operatorname{GELU}',
    rule: { en: 'the GELU derivative Φ(z) + z φ(z)', ko: 'GELU의 미분 Φ(z) + z φ(z)' },
    testPoints: [-40, -3, -1, 0, 0.5, 1, 2.5, 40],
  }),
  silu: act({
    torch: 'SiLU',
    params: {},
    f: (x) => B.mul(x, B.sigmoid(x)),
    latex: '\\operatorname{SiLU}',
    derivative: '\\sigma(z) \\left(1 + z \\left(1 - \\sigma(z)\\right)\\right)',
    rule: { en: 'the SiLU derivative {f}', ko: 'SiLU의 미분 {f}' },
    testPoints: [-40, -2, -0.5, 0, 1, 3, 40],
  }),
  mish: act({
    torch: 'Mish',
    params: {},
    f: (x) => B.mul(x, B.tanh(B.softplus(x))),
    latex: '\\operatorname{Mish}',
    rule: { en: 'the Mish derivative', ko: 'Mish의 미분' },
    testPoints: [-40, -2, -0.5, 0, 1, 3, 19],
  }),
  elu: act({
    torch: 'ELU',
    params: { alpha: { default: 1 } },
    f: (x, p) => expLinear(x, p.alpha, 1, 1),
    latex: '\\operatorname{ELU}',
    rule: { en: 'the ELU derivative (1 where z > 0, else α e^z)', ko: 'ELU의 미분 (z > 0이면 1, 아니면 α e^z)' },
    testPoints: [-800, -40, -1, 0, 0.5, 40, 800],
  }),
  selu: act({
    torch: 'SELU',
    params: {},
    f: (x) => expLinear(x, SELU_ALPHA, 1, SELU_SCALE),
    latex: '\\operatorname{SELU}',
    rule: { en: 'the SELU derivative (λ where z > 0, else λα e^z)', ko: 'SELU의 미분 (z > 0이면 λ, 아니면 λα e^z)' },
    testPoints: [-800, -40, -1, 0, 0.5, 40, 800],
  }),
  celu: act({
    torch: 'CELU',
    params: { alpha: { default: 1, range: { above: 0 } } },
    f: (x, p) => expLinear(x, p.alpha, p.alpha, 1),
    latex: '\\operatorname{CELU}',
    rule: { en: 'the CELU derivative (1 where z > 0, else e^{z/α})', ko: 'CELU의 미분 (z > 0이면 1, 아니면 e^{z/α})' },
    testPoints: [-800, -40, -1, 0, 0.5, 40, 800],
  }),
  softsign: act({
    torch: 'Softsign',
    params: {},
    f: (x) => B.div(x, B.add(c(1), B.abs(x))),
    latex: '\\operatorname{softsign}',
    derivative: '\\frac{1}{\\left(1 + |z|\\right)^{2}}',
    rule: { en: 'the softsign derivative {f}', ko: 'softsign의 미분 {f}' },
    testPoints: [-800, -1, 0, 0.5, 40],
  }),
  hardtanh: act({
    torch: 'Hardtanh',
    params: { min_val: { default: -1 }, max_val: { default: 1 } },
    f: (x, p) => hardtanh(x, p.min_val, p.max_val),
    latex: '\\operatorname{Hardtanh}',
    rule: { en: 'the Hardtanh derivative (1 strictly between the bounds, else 0)', ko: 'Hardtanh의 미분 (두 경계 사이에서 1, 아니면 0)' },
    testPoints: [-40, -1, -0.5, 0, 0.5, 1, 40],
  }),
  relu6: act({
    torch: 'ReLU6',
    params: {},
    f: (x) => hardtanh(x, 0, 6),
    latex: '\\operatorname{ReLU6}',
    rule: { en: 'the ReLU6 derivative (1 where 0 < z < 6, else 0)', ko: 'ReLU6의 미분 (0 < z < 6이면 1, 아니면 0)' },
    testPoints: [-40, -1, 0, 3, 6, 40],
  }),
  hardsigmoid: act({
    torch: 'Hardsigmoid',
    params: {},
    f: (x) => where(le(x, -3), c(0), where(ge(x, 3), c(1), B.add(B.div(x, c(6)), c(0.5)))),
    latex: '\\operatorname{Hardsigmoid}',
    rule: { en: 'the Hardsigmoid derivative (1/6 where −3 < z < 3, else 0)', ko: 'Hardsigmoid의 미분 (−3 < z < 3이면 1/6, 아니면 0)' },
    testPoints: [-40, -3, -1, 0, 2, 3, 40],
  }),
  hardswish: act({
    torch: 'Hardswish',
    params: {},
    f: (x) => where(lt(x, -3), c(0), where(le(x, 3), B.div(B.mul(x, B.add(x, c(3))), c(6)), x)),
    latex: '\\operatorname{Hardswish}',
    rule: { en: 'the Hardswish derivative (0, then z/3 + 1/2 on [−3, 3], then 1)', ko: 'Hardswish의 미분 (0, [−3, 3]에서 z/3 + 1/2, 그 위로 1)' },
    testPoints: [-40, -3, -1, 0, 2, 3, 40],
  }),
  logsigmoid: act({
    torch: 'LogSigmoid',
    params: {},
    f: (x) => A('logsigmoid', [x]),
    latex: '\\log\\sigma',
    derivative: '1 - \\sigma(z)',
    rule: { en: 'the log-sigmoid derivative {f}', ko: '로그 시그모이드의 미분 {f}' },
    testPoints: [-800, -40, -1, 0, 1, 40, 800],
  }),
  prelu: act({
    torch: 'PReLU',
    // nn.PReLU(num_parameters=1, init=0.25): x where x > 0, else a·x, with a trained (one slope,
    // or one per feature); at 0 PyTorch's backward gives ∂/∂x = a and ∂/∂a = x = 0.
    params: {
      num_parameters: { default: 1, range: { integer: true, min: 1 } },
      init: { default: 0.25, samples: [-0.5] },
    },
    f: (x, _p, _tb, a) => {
      if (a === undefined) throw new Error('internal: PReLU needs its slope');
      return where(B.gt(x, c(0)), x, B.mul(a, x));
    },
    learnable: {
      name: 'weight',
      size: (p) => p.num_parameters,
      init: (p) => p.init,
      symbol: 's',
      rule: { en: 'the PReLU slope derivative (0 where z > 0, else z)', ko: 'PReLU 기울기에 대한 미분 (z > 0이면 0, 아니면 z)' },
    },
    latex: '\\operatorname{PReLU}',
    rule: { en: 'the PReLU derivative (1 where z > 0, else the slope s)', ko: 'PReLU의 미분 (z > 0이면 1, 아니면 기울기 s)' },
    testPoints: [-40, -1, 0, 0.5, 40],
  }),
  tanhshrink: act({
    torch: 'Tanhshrink',
    params: {},
    f: (x) => B.sub(x, B.tanh(x)),
    latex: '\\operatorname{Tanhshrink}',
    derivative: '\\tanh^{2}(z)',
    rule: { en: 'the Tanhshrink derivative {f}', ko: 'Tanhshrink의 미분 {f}' },
    testPoints: [-800, -2, 0, 0.5, 40],
  }),
} as const;
