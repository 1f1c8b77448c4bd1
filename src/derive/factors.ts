/**
 * The local factors of the backward pass (backward.ts) as a hand derivation shows them. Each
 * factor ∂target/∂input is named by the rule that gives it (the loss's derivative, an activation's
 * σ(1 − σ), the weighted sum's linearity, softmax's p_j([j = k] − p_k)) and written in the form a
 * textbook uses, with definitions folded back (σ(z_1) → σ_1), then with the numbers put in, then
 * its value. `cancellation` gives the closed form of δ for the losses whose factors cancel
 * (BCE∘sigmoid → ŷ − y, BCE with logits → σ(z) − y, cross-entropy∘softmax → p_k − q_k). A form
 * is used only when it evaluates to the engine's own value.
 */
import { apply, B, constant, evaluate, type Expr } from '../expr/index.js';
import type { ProgramGradient } from '../diff/index.js';
import { FUSIONS, fusionOf, isClassLoss, lossEntry, paramValues, smoothedTarget, type FusionEntry, type FusionName } from '../nn/catalog/index.js';
import type { NetworkSpec } from '../nn/spec.js';
import { simplify } from '../simplify/index.js';
import { partialLatex, toLatex } from '../render/latex.js';
import { activationRule, agrees, foldDefinitions, overN, RULE_FORMULA } from './formulas.js';
import { lossName } from './forward.js';
import type { MsgKey } from './messages.js';
import { code, eq, m, math, msg, para, type Block, type Equation, type Inline } from './model.js';
import type { ScalarNet } from './network.js';
import { fmt, numericLatex } from './numbers.js';

/** The state of one backward section. */
export interface BackwardCtx {
  readonly spec: NetworkSpec;
  readonly net: ScalarNet;
  readonly d: number;
  readonly grad: ProgramGradient;
  readonly env: Map<string, number>;
  readonly defs: Map<Expr, Expr>;
  readonly deltaSym: Map<Expr, Expr>;
  readonly deltas: Map<Expr, number>;
  /** values of program symbols and of the δ symbols, for numeric substitution */
  readonly values: Map<Expr, number>;
}

/** A local factor ∂target/∂input. */
export type Factor = { readonly target: Expr; readonly input: Expr };

/** A program expression's value at the network's point. */
export const val = (ctx: BackwardCtx, e: Expr): number => evaluate(e, ctx.env);

/** The rule behind the local factor ∂target/∂input. */
function ruleOf(ctx: BackwardCtx, link: Factor): MsgKey {
  const { net } = ctx;
  if (link.target === net.loss) return 'rule.loss';
  if (net.probs.some((p) => p.target === link.target)) return 'rule.softmax';
  for (const s of net.stages) {
    if (!s.outs.some((o) => o.target === link.target)) continue;
    const p = net.params.find((q) => q.sym === link.input);
    if (s.kind === 'act') return p ? `rule.learned.${s.spec.type}` as MsgKey : activationRule(s.spec);
    return p ? (p.key.endsWith('.bias') ? 'rule.bias' : 'rule.weight') : 'rule.input';
  }
  return 'rule.chain';
}

/** A rule's name, with its formula where the message shows one. */
export function ruleMsg(key: MsgKey, spec: NetworkSpec): Inline {
  if (key === 'rule.loss') return msg(key, { loss: code(lossName(spec)) });
  const f = RULE_FORMULA[key];
  return f === undefined ? msg(key) : msg(key, { f: m(f) });
}

/** The symbolic form of a local factor with definitions folded back (σ(z_1) → σ_1), simplified. */
export function localForm(ctx: BackwardCtx, link: Factor): { form: Expr; value: number } {
  const local = ctx.net.program.local(link.target, link.input);
  const value = val(ctx, local);
  const folded = simplify(foldDefinitions(local, ctx.defs));
  const textbook = textbookLocal(ctx, link);
  for (const form of [textbook, folded, foldDefinitions(local, ctx.defs)]) {
    if (form && agrees(numericValue(ctx, form), value)) return { form, value };
  }
  return { form: local, value };
}

/** An expression's value with program symbols and δ symbols bound (for forms written with δ). */
export function numericValue(ctx: BackwardCtx, e: Expr): number {
  return evaluate(e, new Map([...ctx.values].map(([s, v]) => [s.name, v])));
}

/** ∂L/∂ŷ as textbooks write it, for the losses where the engine's raw form reads worst. */
function textbookLocal(ctx: BackwardCtx, link: Factor): Expr | undefined {
  const { net, spec } = ctx;
  const soft = softmaxLocal(ctx, link);
  if (soft) return soft;
  const k = net.outputs.indexOf(link.input);
  if (link.target !== net.loss || k < 0) return undefined;
  const n = spec.loss.reduction === 'mean' ? net.outputs.length : 1;
  if (spec.loss.type === 'custom' || isClassLoss(spec.loss.type)) return undefined;
  const entry = lossEntry(spec.loss.type);
  return entry.docLocal ? overN(entry.docLocal(link.input, net.targets[k]!, paramValues(entry.params, spec.loss)), n) : undefined;
}

/** ∂p_j/∂z_k = p_j([j = k] − p_k) for softmax probabilities (cross-entropy's or a softmax layer's). */
function softmaxLocal(ctx: BackwardCtx, link: Factor): Expr | undefined {
  const { net } = ctx;
  const groups: { outs: readonly Expr[]; ins: readonly Expr[] }[] = [];
  if (net.probs.length > 0) groups.push({ outs: net.probs.map((p) => p.target), ins: net.outputs });
  net.stages.forEach((s, i) => {
    const prev = net.stages[i - 1];
    if (s.kind === 'act' && s.spec.type === 'softmax' && prev) groups.push({ outs: s.outs.map((o) => o.target), ins: prev.outs.map((o) => o.target) });
  });
  for (const g of groups) {
    const j = g.outs.indexOf(link.target);
    const k = g.ins.indexOf(link.input);
    if (j < 0 || k < 0) continue;
    const pj = g.outs[j]!;
    return j === k ? apply('mul', [pj, apply('sub', [constant(1), pj])]) : apply('neg', [apply('mul', [pj, g.outs[k]!])]);
  }
  return undefined;
}

/** A factor line: `∂σ_3/∂z_3 = σ_3(1 − σ_3) = 0.4154 (1 − 0.4154) = 0.2428`. */
function factorEq(ctx: BackwardCtx, link: Factor): { eq: Equation; value: number } {
  const { form, value } = localForm(ctx, link);
  const steps = dedupe([toLatex(form), numericLatex(form, ctx.values, ctx.d), fmt(value, ctx.d)]);
  return { eq: eq(partialLatex(link.target, link.input), steps), value };
}

/** Drop a step equal to the one before (`a = a = 0.5` → `a = 0.5`). */
export function dedupe(steps: string[]): string[] {
  return steps.filter((s, i) => i === 0 || s !== steps[i - 1]);
}

/** Group factor lines by their rule: one sentence naming the rule, then the equations. */
export function factorBlocks(ctx: BackwardCtx, links: readonly Factor[]): Block[] {
  const groups = new Map<MsgKey, Equation[]>();
  for (const l of links) {
    const key = ruleOf(ctx, l);
    groups.set(key, [...(groups.get(key) ?? []), factorEq(ctx, l).eq]);
  }
  return [...groups].flatMap(([key, eqs]) => [
    para(msg('bwd.factor', { f: m(eqs.map((e) => e.lhs).join(', \\; ')), rule: ruleMsg(key, ctx.spec) })),
    math(...eqs),
  ]);
}

/** The message key of a fusion's sentence. */
const fusionRule = (f: FusionEntry): MsgKey => `rule.${Object.entries(FUSIONS).find(([, g]) => g === f)![0] as FusionName}`;

/** The closed form ∂L/∂z for the output z of the losses whose factors cancel. */
export function cancellation(ctx: BackwardCtx, z: Expr): { form: Expr; rule: MsgKey } | undefined {
  const { net, spec } = ctx;
  const last = net.stages[net.stages.length - 1]!;
  const k = net.stages.find((s) => s.kind === 'linear' && s.outs.some((o) => o.target === z))?.outs.findIndex((o) => o.target === z) ?? -1;
  const n = spec.loss.reduction === 'mean' ? net.outputs.length : 1;
  const linearOut = net.outputs[k] === z;
  const after = last.kind === 'act' ? fusionOf(spec.loss.type, last.spec.type) : undefined;
  if (after && last.kind === 'act' && net.outputs[k] === last.outs[k]?.target) {
    const prev = net.stages[net.stages.length - 2];
    if (prev?.outs[k]?.target === z) return { form: overN(after.grad(net.outputs[k]!, net.targets[k]!, z, true), n), rule: fusionRule(after) };
  }
  // a loss that takes logits (its fusion names no activation)
  const logits = Object.entries(FUSIONS).find(([, f]) => f.loss === spec.loss.type && !('activation' in f));
  if (!linearOut || !logits) return undefined;
  if (spec.loss.type !== 'cross_entropy') {
    return { form: overN(logits[1].grad(net.outputs[k]!, net.targets[k]!, z), n), rule: `rule.${logits[0] as FusionName}` };
  }
  const eps = spec.loss.label_smoothing;
  const cls = net.values.get(net.targets[0]!)!;
  const q = smoothedTarget(k, cls, eps, net.outputs.length);
  return { form: FUSIONS.ce_softmax.grad(net.probs[k]!.target, constant(q)), rule: 'rule.ce_softmax' };
}
