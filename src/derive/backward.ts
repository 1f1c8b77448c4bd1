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
 * The local factors, each named by its rule, are in factors.ts.
 */
import { apply, B, constant, symbol, type Expr } from '../expr/index.js';
import { programGradient, type Link } from '../diff/index.js';
import type { NetworkSpec } from '../nn/spec.js';
import { isRowLayer, learnableOf, moduleCall } from '../nn/catalog/index.js';
import { partialLatex, toLatex } from '../render/latex.js';
import { agrees } from './formulas.js';
import { cancellation, dedupe, factorBlocks, localForm, numericValue, ruleMsg, val, type BackwardCtx } from './factors.js';
import { sym } from './forward.js';
import { code, eq, heading, m, math, msg, para, raw, type Block, type Equation } from './model.js';
import { indexed, type ScalarNet } from './network.js';
import { factor, fmt, numericLatex } from './numbers.js';

export interface Backward {
  readonly blocks: Block[];
  /** ∂L/∂θ for every trainable parameter. */
  readonly grads: ReadonlyMap<Expr, number>;
  /** δ_j = ∂L/∂z_j for every weighted sum on a path to a trainable parameter. */
  readonly deltas: ReadonlyMap<Expr, number>;
}

export function backwardSection(spec: NetworkSpec, net: ScalarNet, decimals: number): Backward {
  const trainable = net.params.filter((p) => !p.frozen).map((p) => p.sym);
  const grad = programGradient(net.program, net.loss, trainable);
  const env = new Map([...net.values].map(([s, v]) => [s.name, v]));
  const defs = new Map(net.program.assignments.map((a) => [a.expr, a.target]));
  const zs = net.stages.flatMap((s) => (s.kind === 'linear' ? s.outs.map((o) => o.target) : []));
  const deltaSym = new Map(zs.map((z, i) => [z, symbol(indexed('\\delta', i + 1))]));
  const ctx: BackwardCtx = { spec, net, d: decimals, grad, env, defs, deltaSym, deltas: new Map(), values: new Map(net.values) };

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
    for (let j = i + 1; j < net.stages.length && net.stages[j]!.kind === 'act'; j++) blocks.push(...learnedGradients(ctx, net.stages[j]!, grads));
  }
  return { blocks, grads, deltas: ctx.deltas };
}

/** A parameter's ∂L/∂θ, recorded in `grads`; a frozen one gets its sentence in `blocks` and undefined. */
function gradientOf(ctx: BackwardCtx, p: ScalarNet['params'][number], blocks: Block[], grads: Map<Expr, number>): number | undefined {
  if (p.frozen) {
    blocks.push(para(msg('bwd.frozen', { p: m(sym(p.sym)) })));
    return undefined;
  }
  const value = val(ctx, ctx.grad.adjoint.get(p.sym) ?? constant(0));
  grads.set(p.sym, value);
  return value;
}

/** ∂L/∂s = Σ_j ∂L/∂a_j ∂a_j/∂s for the trained tensor of an activation stage (PReLU's slopes). */
function learnedGradients(ctx: BackwardCtx, stage: ScalarNet['stages'][number], grads: Map<Expr, number>): Block[] {
  const { net, d, grad } = ctx;
  const learnable = learnableOf(stage.spec.type);
  if (!learnable || stage.kind !== 'act' || stage.spec.type === 'custom' || isRowLayer(stage.spec.type)) return [];
  const key = `${stage.module}.${learnable.name}`;
  const params = net.params.filter((p) => p.key === key);
  if (params.length === 0) return [];
  const module = moduleCall(stage.spec as Parameters<typeof moduleCall>[0]);
  const blocks: Block[] = [para(msg('bwd.learned', { key: code(key), module: code(module) }))];
  const eqs: Equation[] = [];
  for (const p of params) {
    const value = gradientOf(ctx, p, blocks, grads);
    if (value === undefined) continue;
    const users = stage.outs.map((o) => o.target).filter((a) => net.program.uses(a).includes(p.sym));
    const terms = users.map((a) => ({ a, up: val(ctx, grad.adjoint.get(a) ?? constant(0)), local: localForm(ctx, { target: a, input: p.sym }) }));
    blocks.push(...factorBlocks(ctx, users.map((a) => ({ target: a, input: p.sym }))));
    const chain = terms.map((t) => `${partialLatex(net.loss, t.a)} \\, ${partialLatex(t.a, p.sym)}`).join(' + ');
    const symbolic = terms.map((t) => `${partialLatex(net.loss, t.a)} \\, ${toLatex(t.local.form)}`).join(' + ');
    const numbers = terms.map((t) => `${factor(t.up, d)} \\times ${factor(t.local.value, d)}`).join(' + ');
    const check = terms.reduce((s, t) => s + t.up * t.local.value, 0);
    if (!agrees(check, value)) throw new Error(`internal: gradient of ${p.sym.name} disagrees with the adjoint`);
    eqs.push(eq(partialLatex(net.loss, p.sym), dedupe([chain, symbolic, numbers, fmt(value, d)])));
  }
  if (eqs.length > 0) blocks.push(math(...eqs));
  return blocks;
}

/** z → a → a′ …: the elementwise activations applied to z up to the next Linear (undefined if one couples neurons). */
function actChain(net: ScalarNet, stage: number, z: Expr): Expr[] | undefined {
  const r = net.stages[stage]!.outs.findIndex((o) => o.target === z);
  const chain: Expr[] = [];
  for (let j = stage + 1; j < net.stages.length; j++) {
    const s = net.stages[j]!;
    if (s.kind === 'linear') break;
    if (isRowLayer(s.spec.type)) return undefined;
    chain.push(s.outs[r]!.target);
  }
  return chain;
}

/** δ of z from every chain-rule path from L down to z (the output layer, or any coupled layer). */
function pathDelta(ctx: BackwardCtx, z: Expr): Block[] {
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

function setDelta(ctx: BackwardCtx, z: Expr, v: number): void {
  ctx.deltas.set(z, v);
  ctx.values.set(ctx.deltaSym.get(z)!, v);
}

/** δ_j = (Σ_k δ_k ∂z_k/∂u_j) · ∂u_j/∂z_j, reusing the next layer's δ_k. */
function hiddenDelta(ctx: BackwardCtx, z: Expr, chain: readonly Expr[], nextZs: readonly Expr[]): Block[] {
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
function paramGradients(ctx: BackwardCtx, module: number, layer: number, zs: readonly Expr[], isOutput: boolean, grads: Map<Expr, number>): Block[] {
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
    const value = gradientOf(ctx, p, blocks, grads);
    if (value === undefined) continue;
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