/**
 * The backward pass of a scalar derivation, output layer first. For each weighted sum z_j the
 * error signal δ_j = ∂L/∂z_j is derived by the chain rule from the program's local factors
 * (src/diff programGradient): every factor is shown with its symbolic form, the rule that gives
 * it (sigmoid derivative σ(1 − σ), linearity of the weighted sum, …), the numbers and its value;
 * then the product, and a known cancellation (BCE∘sigmoid → σ − y, cross-entropy∘softmax →
 * p_k − q_k) when it applies. A hidden layer reuses the δ of the layer after it:
 * δ_j = (Σ_k δ_k ∂z_k/∂a_j) · ∂a_j/∂z_j. A parameter's derivative is then δ times ∂z/∂θ.
 *
 * Every number printed is checked against the engine's adjoint before it is used.
 */
import { apply, B, constant, evaluate, symbol, type Expr } from '../../expr/index.js';
import { programGradient, type Link, type ProgramGradient } from '../../diff/index.js';
import type { NetworkSpec } from '../../nn/spec.js';
import { simplify } from '../../simplify/index.js';
import { partialLatex, toLatex } from '../latex.js';
import { ACTIVATION_RULE, agrees, foldDefinitions, overN, RULE_FORMULA } from './formulas.js';
import { lossName, sym } from './forward.js';
import type { MsgKey } from './messages.js';
import { code, eq, heading, m, math, msg, para, raw, type Block, type Equation, type Inline } from './model.js';
import { indexed, type ScalarNet } from './network.js';
import { factor, fmt, numericLatex } from './numbers.js';

export interface Backward {
  readonly blocks: Block[];
  /** ∂L/∂θ for every trainable parameter. */
  readonly grads: ReadonlyMap<Expr, number>;
  /** δ_j = ∂L/∂z_j for every weighted sum on a path to a trainable parameter. */
  readonly deltas: ReadonlyMap<Expr, number>;
}

interface Ctx {
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

export function backwardSection(spec: NetworkSpec, net: ScalarNet, decimals: number): Backward {
  const trainable = net.params.filter((p) => !p.frozen).map((p) => p.sym);
  const grad = programGradient(net.program, net.loss, trainable);
  const env = new Map([...net.values].map(([s, v]) => [s.name, v]));
  const defs = new Map(net.program.assignments.map((a) => [a.expr, a.target]));
  const zs = net.stages.flatMap((s) => (s.kind === 'linear' ? s.outs.map((o) => o.target) : []));
  const deltaSym = new Map(zs.map((z, i) => [z, symbol(indexed('\\delta', i + 1))]));
  const ctx: Ctx = { spec, net, d: decimals, grad, env, defs, deltaSym, deltas: new Map(), values: new Map(net.values) };

  const blocks: Block[] = [heading(2, msg('h.backward')), para(msg('bwd.intro'))];
  blocks.push(math(eq(`W(t+1)`, [`W(t) - \\alpha ${partialLatex(net.loss, 'W(t)')}`])));
  blocks.push(para(msg('bwd.delta', { z: m('z_j'), delta: m(`\\delta_j = ${partialLatex(net.loss, 'z_j')}`), d: m('\\delta') })));

  const linear = net.stages.map((s, i) => ({ s, i })).filter((x) => x.s.kind === 'linear');
  const grads = new Map<Expr, number>();
  for (let li = linear.length - 1; li >= 0; li--) {
    const { s, i } = linear[li]!;
    if (s.kind !== 'linear') continue;
    const isOutput = li === linear.length - 1;
    const l = raw(String(li + 1));
    blocks.push(heading(3, isOutput ? msg('bwd.output', { l }) : msg('bwd.hidden', { l })));
    const next = linear[li + 1];
    for (const o of s.outs) {
      if (!grad.adjoint.has(o.target)) continue;
      const chain = actChain(net, i, o.target);
      const viaNext = !isOutput && chain && next && next.i === i + chain.length + 1;
      blocks.push(...(viaNext ? hiddenDelta(ctx, o.target, chain, next.s.outs.map((a) => a.target)) : pathDelta(ctx, o.target)));
    }
    blocks.push(...paramGradients(ctx, s.module, li + 1, s.outs.map((o) => o.target), isOutput, grads));
  }
  return { blocks, grads, deltas: ctx.deltas };
}

/** z → a → a′ …: the elementwise activations applied to z up to the next Linear (undefined if one couples neurons). */
function actChain(net: ScalarNet, stage: number, z: Expr): Expr[] | undefined {
  const r = net.stages[stage]!.outs.findIndex((o) => o.target === z);
  const chain: Expr[] = [];
  for (let j = stage + 1; j < net.stages.length; j++) {
    const s = net.stages[j]!;
    if (s.kind === 'linear') break;
    if (s.spec.type === 'softmax') return undefined;
    chain.push(s.outs[r]!.target);
  }
  return chain;
}

const val = (ctx: Ctx, e: Expr): number => evaluate(e, ctx.env);

/** The rule behind the local factor ∂target/∂input. */
function ruleOf(ctx: Ctx, link: { target: Expr; input: Expr }): MsgKey {
  const { net } = ctx;
  if (link.target === net.loss) return 'rule.loss';
  if (net.probs.some((p) => p.target === link.target)) return 'rule.softmax';
  for (const s of net.stages) {
    if (!s.outs.some((o) => o.target === link.target)) continue;
    if (s.kind === 'act') return ACTIVATION_RULE[s.spec.type];
    const p = net.params.find((q) => q.sym === link.input);
    return p ? (p.key.endsWith('.bias') ? 'rule.bias' : 'rule.weight') : 'rule.input';
  }
  return 'rule.chain';
}

/** A rule's name, with its formula where the message shows one. */
function ruleMsg(key: MsgKey, spec: NetworkSpec): Inline {
  if (key === 'rule.loss') return msg(key, { loss: code(lossName(spec)) });
  const f = RULE_FORMULA[key];
  return f === undefined ? msg(key) : msg(key, { f: m(f) });
}

/** The symbolic form of a local factor with definitions folded back (σ(z_1) → σ_1), simplified. */
function localForm(ctx: Ctx, link: { target: Expr; input: Expr }): { form: Expr; value: number } {
  const local = ctx.net.program.local(link.target, link.input);
  const value = val(ctx, local);
  const folded = simplify(foldDefinitions(local, ctx.defs));
  const textbook = textbookLocal(ctx, link);
  for (const form of [textbook, folded, foldDefinitions(local, ctx.defs)]) {
    if (form && agrees(numericValue(ctx, form), value)) return { form, value };
  }
  return { form: local, value };
}

function numericValue(ctx: Ctx, e: Expr): number {
  return evaluate(e, new Map([...ctx.values].map(([s, v]) => [s.name, v])));
}

/** ∂L/∂ŷ as textbooks write it, for the losses where the engine's raw form reads worst. */
function textbookLocal(ctx: Ctx, link: { target: Expr; input: Expr }): Expr | undefined {
  const { net, spec } = ctx;
  const soft = softmaxLocal(ctx, link);
  if (soft) return soft;
  const k = net.outputs.indexOf(link.input);
  if (link.target !== net.loss || k < 0) return undefined;
  const n = spec.loss.reduction === 'mean' ? net.outputs.length : 1;
  const [o, y] = [link.input, net.targets[k]!];
  // ∂/∂ŷ −(y log ŷ + (1 − y) log(1 − ŷ)) = (ŷ − y) / (ŷ(1 − ŷ))
  if (spec.loss.type === 'bce') return overN(apply('div', [apply('sub', [o, y]), apply('mul', [o, apply('sub', [constant(1), o])])]), n);
  // ∂/∂ŷ (ŷ − y)² = 2(ŷ − y)
  if (spec.loss.type === 'mse') return overN(apply('mul', [constant(2), apply('sub', [o, y])]), n);
  return undefined;
}

/** ∂p_j/∂z_k = p_j([j = k] − p_k) for softmax probabilities (cross-entropy's or a softmax layer's). */
function softmaxLocal(ctx: Ctx, link: { target: Expr; input: Expr }): Expr | undefined {
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
function factorEq(ctx: Ctx, link: { target: Expr; input: Expr }): { eq: Equation; value: number } {
  const { form, value } = localForm(ctx, link);
  const steps = dedupe([toLatex(form), numericLatex(form, ctx.values, ctx.d), fmt(value, ctx.d)]);
  return { eq: eq(partialLatex(link.target, link.input), steps), value };
}

function dedupe(steps: string[]): string[] {
  return steps.filter((s, i) => i === 0 || s !== steps[i - 1]);
}

/** Group factor lines by their rule: one sentence naming the rule, then the equations. */
function factorBlocks(ctx: Ctx, links: readonly { target: Expr; input: Expr }[]): Block[] {
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

/** δ of z from every chain-rule path from L down to z (the output layer, or any coupled layer). */
function pathDelta(ctx: Ctx, z: Expr): Block[] {
  const { grad, net, d } = ctx;
  const paths = grad.paths(z);
  const dz = ctx.deltaSym.get(z)!;
  const value = val(ctx, grad.adjoint.get(z)!);
  const chainTex = paths.map((p) => p.map((l) => partialLatex(l.target, l.input)).join(' \\, ')).join(' + ');
  const blocks: Block[] = [para(msg('bwd.delta.of', { z: m(sym(z)) })), math(eq(sym(dz), dedupe([partialLatex(net.loss, z), chainTex])))];
  const links = uniqueLinks(paths.flat());
  blocks.push(...factorBlocks(ctx, links));
  if (links.length === 1) {
    // one factor: it is δ itself
    setDelta(ctx, z, value);
    return blocks;
  }
  const values = new Map(links.map((l) => [l, localForm(ctx, l).value]));
  const numbers = paths.map((p) => p.map((l) => factor(values.get(find(links, l))!, d)).join(' \\times ')).join(' + ');
  const product = paths.reduce((s, p) => s + p.reduce((q, l) => q * values.get(find(links, l))!, 1), 0);
  if (!agrees(product, value)) throw new Error(`internal: chain-rule product for ${z.name} disagrees with the adjoint`);
  blocks.push(para(msg('bwd.product')), math(eq(sym(dz), dedupe([numbers, fmt(value, d)]))));
  const cancel = cancellation(ctx, z);
  if (cancel && agrees(numericValue(ctx, cancel.form), value)) {
    blocks.push(para(msg('bwd.cancel', { rule: ruleMsg(cancel.rule, ctx.spec) })));
    blocks.push(math(eq(sym(dz), dedupe([toLatex(cancel.form), numericLatex(cancel.form, ctx.values, d), fmt(value, d)]))));
  }
  setDelta(ctx, z, value);
  return blocks;
}

function uniqueLinks(links: readonly Link[]): Link[] {
  const out: Link[] = [];
  for (const l of links) if (!out.some((o) => o.target === l.target && o.input === l.input)) out.push(l);
  return out;
}
const find = (links: readonly Link[], l: Link): Link => links.find((o) => o.target === l.target && o.input === l.input)!;

function setDelta(ctx: Ctx, z: Expr, v: number): void {
  ctx.deltas.set(z, v);
  ctx.values.set(ctx.deltaSym.get(z)!, v);
}

/** The closed form ∂L/∂z for the output z of the losses whose factors cancel. */
function cancellation(ctx: Ctx, z: Expr): { form: Expr; rule: MsgKey } | undefined {
  const { net, spec } = ctx;
  const last = net.stages[net.stages.length - 1]!;
  const k = net.stages.find((s) => s.kind === 'linear' && s.outs.some((o) => o.target === z))?.outs.findIndex((o) => o.target === z) ?? -1;
  const n = spec.loss.reduction === 'mean' ? net.outputs.length : 1;
  const linearOut = net.outputs[k] === z;
  if (spec.loss.type === 'bce' && last.kind === 'act' && last.spec.type === 'sigmoid' && net.outputs[k] === last.outs[k]?.target) {
    const prev = net.stages[net.stages.length - 2];
    if (prev?.outs[k]?.target === z) return { form: overN(apply('sub', [net.outputs[k]!, net.targets[k]!]), n), rule: 'rule.bce_sigmoid' };
  }
  if (spec.loss.type === 'bce_with_logits' && linearOut) {
    return { form: overN(apply('sub', [B.sigmoid(z), net.targets[k]!]), n), rule: 'rule.bce_logits' };
  }
  if (spec.loss.type === 'cross_entropy' && linearOut) {
    const eps = spec.loss.label_smoothing;
    const cls = net.values.get(net.targets[0]!)!;
    const q = (k === cls ? 1 - eps : 0) + eps / net.outputs.length;
    const p = net.probs[k]!.target;
    return { form: q === 0 ? p : apply('sub', [p, constant(q)]), rule: 'rule.ce_softmax' };
  }
  return undefined;
}

/** δ_j = (Σ_k δ_k ∂z_k/∂u_j) · ∂u_j/∂z_j, reusing the next layer's δ_k. */
function hiddenDelta(ctx: Ctx, z: Expr, chain: readonly Expr[], nextZs: readonly Expr[]): Block[] {
  const { net, d, grad } = ctx;
  const u = chain[chain.length - 1] ?? z;
  const users = nextZs.filter((k) => net.program.uses(k).includes(u) && ctx.deltas.has(k));
  const dz = ctx.deltaSym.get(z)!;
  const acts = chain.map((a, i) => ({ target: a, input: i === 0 ? z : chain[i - 1]! }));
  const sumTex = users.map((k) => `${sym(ctx.deltaSym.get(k)!)} ${partialLatex(k, u)}`).join(' + ');
  const actTex = acts.map((l) => partialLatex(l.target, l.input)).reverse().join(' \\, ');
  const shape = acts.length > 0 ? `\\left(${sumTex}\\right) ${actTex}` : sumTex;
  const blocks: Block[] = [para(msg('bwd.delta.of', { z: m(sym(z)) })), math(eq(sym(dz), [partialLatex(net.loss, z), shape]))];
  const wLinks = users.map((k) => ({ target: k, input: u }));
  blocks.push(...factorBlocks(ctx, [...wLinks, ...acts]));
  // the product as an expression in δ_k and the folded local forms, then with numbers
  const sum = B.sum(users.map((k, i) => apply('mul', [ctx.deltaSym.get(k)!, localForm(ctx, wLinks[i]!).form])));
  const expr = acts.reduce<Expr>((acc, l) => apply('mul', [acc, localForm(ctx, l).form]), sum);
  const value = val(ctx, grad.adjoint.get(z)!);
  if (!agrees(numericValue(ctx, expr), value)) throw new Error(`internal: δ of ${z.name} disagrees with the adjoint`);
  blocks.push(para(msg('bwd.product')), math(eq(sym(dz), dedupe([toLatex(expr), numericLatex(expr, ctx.values, d), fmt(value, d)]))));
  setDelta(ctx, z, value);
  return blocks;
}

/** ∂L/∂θ = δ · ∂z/∂θ for the weights and biases of one Linear layer. */
function paramGradients(ctx: Ctx, module: number, layer: number, zs: readonly Expr[], isOutput: boolean, grads: Map<Expr, number>): Block[] {
  const { net, d, grad } = ctx;
  const params = net.params.filter((p) => p.key === `${module}.weight` || p.key === `${module}.bias`);
  const blocks: Block[] = [];
  // the last factor, ∂z/∂θ, named once per layer on its first weight and bias
  const local = (kind: 'weight' | 'bias') => {
    const p = params.find((q) => !q.frozen && q.key.endsWith(`.${kind}`));
    const z = p && zs.find((u) => net.program.uses(u).includes(p.sym));
    return p && z ? m(`${partialLatex(z, p.sym)} = ${toLatex(localForm(ctx, { target: z, input: p.sym }).form)}`) : undefined;
  };
  const [fw, fb] = [local('weight'), local('bias')];
  if (fw && fb) blocks.push(para(msg('bwd.locals', { fw, rw: msg('rule.weight'), fb, rb: msg('rule.bias') })));
  else if (fw) blocks.push(para(msg('bwd.local', { fw, rw: msg('rule.weight') })));
  blocks.push(para(msg('bwd.params', { l: raw(String(layer)) })));
  const eqs: Equation[] = [];
  for (const p of params) {
    if (p.frozen) {
      blocks.push(para(msg('bwd.frozen', { p: m(sym(p.sym)) })));
      continue;
    }
    const value = val(ctx, grad.adjoint.get(p.sym) ?? constant(0));
    grads.set(p.sym, value);
    const users = zs.filter((z) => net.program.uses(z).includes(p.sym));
    if (users.length > 1) {
      // a shared bias: ∂L/∂b = Σ_j δ_j
      blocks.push(para(msg('bwd.shared', { b: m(sym(p.sym)), d: m('\\delta') })));
    }
    const full = isOutput && users.length === 1 && grad.paths(users[0]!).length === 1
      ? [...grad.paths(users[0]!)[0]!.map((l) => partialLatex(l.target, l.input)), partialLatex(users[0]!, p.sym)].join(' \\, ')
      : users.map((z) => `${partialLatex(net.loss, z)} \\, ${partialLatex(z, p.sym)}`).join(' + ');
    const terms = users.map((z) => ({ delta: ctx.deltaSym.get(z)!, local: localForm(ctx, { target: z, input: p.sym }) }));
    const symbolic = terms.map((t) => (t.local.form === constant(1) ? sym(t.delta) : `${sym(t.delta)} \\, ${toLatex(t.local.form)}`)).join(' + ');
    const alone = terms.length === 1 && terms[0]!.local.form === constant(1);
    const numbers = alone ? fmt(ctx.values.get(terms[0]!.delta)!, d) : terms.map((t) => (t.local.form === constant(1) ? factor(ctx.values.get(t.delta)!, d) : `${factor(ctx.values.get(t.delta)!, d)} \\times ${factor(t.local.value, d)}`)).join(' + ');
    const check = terms.reduce((s, t) => s + ctx.values.get(t.delta)! * t.local.value, 0);
    if (!agrees(check, value)) throw new Error(`internal: gradient of ${p.sym.name} disagrees with the adjoint`);
    eqs.push(eq(partialLatex(net.loss, p.sym), dedupe([full, symbolic, numbers, fmt(value, d)])));
  }
  if (eqs.length > 0) blocks.push(math(...eqs));
  return blocks;
}
