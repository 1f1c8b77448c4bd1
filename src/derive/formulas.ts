/**
 * The textbook side of a derivation, read from the catalog: how each activation is written when
 * it is applied (σ(z) = 1/(1 + e^{−z})), which named rule gives each local derivative, and the
 * formulas the rule sentences name (fusions included: BCE∘sigmoid: ∂L/∂z = σ − y).
 *
 * A textbook form is only printed when it agrees with what the engine derived, at the point
 * being shown, to 1e-9 relative: `agrees` is checked by the builders before using one.
 */
import { B, constant, type Expr } from '../expr/index.js';
import { ACTIVATIONS, activationEntry, FUSIONS, moduleCall, paramValues, isRowLayer, isRowSpec, ROW_LAYERS } from '../nn/catalog/index.js';
import type { ActivationSpec } from '../nn/spec.js';
import type { MsgKey } from './messages.js';

const c = constant;

/** How an activation is written out when applied to `z`, for the forward pass (its definition `def` when it has no textbook form). */
export function activationDisplay(a: ActivationSpec, z: Expr, def: Expr): Expr {
  if (isRowLayer(a.type) || a.type === 'custom') return def;
  const e = activationEntry(a.type);
  return e.display ? e.display(z, paramValues(e.params, a)) : def;
}

/** The rule that gives ∂a/∂z for an activation. */
export const activationRule = (a: ActivationSpec): MsgKey => `rule.${a.type}`;

/** The formula a rule's message names as `{f}`. */
export const RULE_FORMULA: Partial<Record<MsgKey, string>> = Object.fromEntries([
  ...Object.entries(ACTIVATIONS).flatMap(([k, e]) => ('derivative' in e ? [[`rule.${k}`, e.derivative]] : [])),
  ...Object.entries(ROW_LAYERS).map(([k, e]) => [`rule.${k}`, e.derivative]),
  ...Object.entries(FUSIONS).map(([k, f]) => [`rule.${k}`, f.latex]),
]);

/** The PyTorch module an activation is, as a heading names it: `nn.Sigmoid()`. */
export function activationModule(a: ActivationSpec): string {
  if (a.type === 'custom') return 'custom';
  return isRowSpec(a) ? ROW_LAYERS[a.type].module : moduleCall(a);
}

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
