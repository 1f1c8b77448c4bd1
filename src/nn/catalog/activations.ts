/**
 * The elementwise activations, one entry each (see index.ts for how to add one). `f` is the
 * PyTorch definition as an engine formula; its derivative always comes from the op table, so an
 * entry states no derivative code — `derivative` is only the LaTeX a document's rule sentence
 * names.
 */
import type { Expr } from '../../expr/node.js';
import * as B from '../../expr/build.js';
import type { ActivationEntry } from './types.js';
import { MORE_ACTIVATIONS } from './activations-more.js';

const A = B.apply;
const c = B.constant;

/** Infers an entry's parameter names from its `params`, so `p.negative_slope` is typed. */
const act = <N extends string, P extends string = never>(e: ActivationEntry<P, N>): ActivationEntry<P, N> => e;

export const ACTIVATIONS = {
  sigmoid: act({
    torch: 'Sigmoid',
    params: {},
    f: (x) => B.sigmoid(x),
    latex: '\\sigma',
    // σ(z) = 1 / (1 + e^{−z})
    display: (z) => A('div', [c(1), A('add', [c(1), A('exp', [A('neg', [z])])])]),
    derivative: '\\sigma(z) \\left(1 - \\sigma(z)\\right)',
    rule: { en: 'the sigmoid derivative {f}', ko: '시그모이드의 미분 {f}' },
    testPoints: [-3, -0.5, 0, 0.7, 4],
  }),
  tanh: act({
    torch: 'Tanh',
    params: {},
    f: (x) => B.tanh(x),
    latex: '\\tanh',
    // tanh z = (e^{z} − e^{−z}) / (e^{z} + e^{−z})
    display: (z) => {
      const [ep, em] = [A('exp', [z]), A('exp', [A('neg', [z])])];
      return A('div', [A('sub', [ep, em]), A('add', [ep, em])]);
    },
    derivative: '1 - \\tanh^{2}(z)',
    rule: { en: 'the tanh derivative {f}', ko: 'tanh의 미분 {f}' },
    testPoints: [-2, -0.3, 0, 0.5, 3],
  }),
  relu: act({
    torch: 'ReLU',
    params: {},
    // relu′(0) = 0, as PyTorch
    f: (x) => B.relu(x),
    latex: '\\operatorname{ReLU}',
    // ReLU(z) = max(0, z)
    display: (z) => A('max', [c(0), z]),
    derivative: '\\left[z > 0\\right]',
    rule: { en: 'the ReLU derivative {f} (1 where z > 0, else 0)', ko: 'ReLU의 미분 {f} (z > 0이면 1, 아니면 0)' },
    testPoints: [-1.5, 0, 0.25, 2],
  }),
  leaky_relu: act({
    torch: 'LeakyReLU',
    params: { negative_slope: { default: 0.01, shown: true, samples: [0.2] } },
    f: (x, p) => B.leakyRelu(x, p.negative_slope),
    latex: '\\operatorname{LeakyReLU}',
    rule: { en: 'the LeakyReLU derivative (1 where z > 0, else the negative slope)', ko: 'LeakyReLU의 미분 (z > 0이면 1, 아니면 음수 구간의 기울기)' },
    testPoints: [-2, -0.1, 0, 0.3, 1.5],
  }),
  softplus: act({
    torch: 'Softplus',
    // nn.Softplus(beta=1, threshold=20): log(1 + e^{βx})/β, and x itself where βx > threshold, so
    // the derivative is exactly 1 there (at the defaults the formula is where(x > 20, x, softplus(x)))
    params: { beta: { default: 1, range: { above: 0 }, samples: [2] }, threshold: { default: 20, range: { min: 0 } } },
    f: (x, p, textbook) => {
      const bx = B.mul(c(p.beta), x);
      const sp = B.div(B.softplus(bx), c(p.beta));
      return textbook ? sp : B.where(B.gt(bx, c(p.threshold)), x, sp);
    },
    latex: '\\operatorname{softplus}',
    // softplus(z) = log(1 + e^{z})
    display: (z, p) => (p.beta === 1 ? A('log', [A('add', [c(1), A('exp', [z])])]) : B.div(A('log', [A('add', [c(1), A('exp', [B.mul(c(p.beta), z)])])]), c(p.beta))),
    derivative: '\\sigma(z)',
    rule: { en: 'the softplus derivative {f}', ko: 'softplus의 미분 {f}' },
    testPoints: [-4, -0.5, 0, 1.2, 19.5, 25],
  }),
  identity: act({
    torch: 'Identity',
    params: {},
    f: (x: Expr) => x,
    latex: '',
    rule: { en: 'the identity', ko: '항등 함수' },
    testPoints: [-1, 0, 2],
  }),
  ...MORE_ACTIVATIONS,
} as const;

export type ActivationName = keyof typeof ACTIVATIONS;
/** The parameter names an activation declares. */
export type ActivationParams<K extends ActivationName> = (typeof ACTIVATIONS)[K] extends ActivationEntry<infer P, string> ? P : never;
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];
