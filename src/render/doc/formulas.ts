/**
 * The textbook side of a derivation: how each activation is written when it is applied
 * (σ(z) = 1/(1 + e^{−z})), which named rule gives each local derivative, and the known
 * cancellations (BCE∘sigmoid: ∂L/∂z = σ − y; cross-entropy∘softmax: ∂L/∂z_k = p_k − q_k).
 *
 * A textbook form is only printed when it agrees with what the engine derived, at the point
 * being shown, to 1e-9 relative: `agrees` is checked by the builders before using one.
 */
import { apply, B, constant, type Expr } from '../../expr/index.js';
import type { ActivationSpec } from '../../nn/spec.js';
import type { MsgKey } from './messages.js';

const c = constant;
/** Raw application: a display form keeps its shape (1 + e^{−z} stays as written). */
const A = apply;

/** How an activation is written out when applied to `z`, for the forward pass. */
export function activationDisplay(a: ActivationSpec, z: Expr, def: Expr): Expr {
  switch (a.type) {
    // σ(z) = 1 / (1 + e^{−z})
    case 'sigmoid': return A('div', [c(1), A('add', [c(1), A('exp', [A('neg', [z])])])]);
    // tanh z = (e^{z} − e^{−z}) / (e^{z} + e^{−z})
    case 'tanh': {
      const [ep, em] = [A('exp', [z]), A('exp', [A('neg', [z])])];
      return A('div', [A('sub', [ep, em]), A('add', [ep, em])]);
    }
    // ReLU(z) = max(0, z)
    case 'relu': return A('max', [c(0), z]);
    // softplus(z) = log(1 + e^{z})
    case 'softplus': return A('log', [A('add', [c(1), A('exp', [z])])]);
    default: return def;
  }
}

/** The rule that gives ∂a/∂z for an activation. */
export const ACTIVATION_RULE: { readonly [K in ActivationSpec['type']]: MsgKey } = {
  sigmoid: 'rule.sigmoid',
  tanh: 'rule.tanh',
  relu: 'rule.relu',
  leaky_relu: 'rule.leaky_relu',
  softplus: 'rule.softplus',
  identity: 'rule.identity',
  softmax: 'rule.softmax',
  custom: 'rule.custom',
};

/** The formula a rule's message names as `{f}`. */
export const RULE_FORMULA: Partial<Record<MsgKey, string>> = {
  'rule.sigmoid': '\\sigma(z) \\left(1 - \\sigma(z)\\right)',
  'rule.tanh': '1 - \\tanh^{2}(z)',
  'rule.relu': '\\left[z > 0\\right]',
  'rule.softplus': '\\sigma(z)',
  'rule.softmax': '\\frac{\\partial p_j}{\\partial z_k} = p_j \\left(\\left[j = k\\right] - p_k\\right)',
  'rule.bce_sigmoid': '\\sigma - y',
  'rule.bce_logits': '\\sigma(z) - y',
  'rule.ce_softmax': 'p_k - q_k',
};

/** The PyTorch module an activation is. */
export const ACTIVATION_MODULE: { readonly [K in ActivationSpec['type']]: string } = {
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  relu: 'nn.ReLU()',
  leaky_relu: 'nn.LeakyReLU()',
  softplus: 'nn.Softplus()',
  identity: 'nn.Identity()',
  softmax: 'nn.Softmax(dim=1)',
  custom: 'custom',
};

/** Replace each defining expression inside `e` by the symbol it defines: sigmoid(z_1) → σ_1. */
export function foldDefinitions(e: Expr, defs: ReadonlyMap<Expr, Expr>): Expr {
  const out = new Map<Expr, Expr>();
  const walk = (n: Expr): Expr => {
    const hit = defs.get(n) ?? out.get(n);
    if (hit) return hit;
    if (n.op === 'const' || n.op === 'sym') return n;
    const r = B.apply(n.op, n.args.map(walk));
    out.set(n, r);
    return r;
  };
  return walk(e);
}

/** Two values equal to 1e-9 relative (with an absolute floor for values near 0). */
export function agrees(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** σ − y, divided by n when the loss averages over n outputs. */
export function overN(e: Expr, n: number): Expr {
  return n > 1 ? B.div(e, c(n)) : e;
}
