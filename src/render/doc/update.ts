/**
 * The optimizer step of a derivation: the update rule written per parameter with its numbers
 * (SGD: W(t+1) = W(t) − α ∂L/∂W; weight decay, momentum and Nesterov on their first step;
 * Adam/AdamW's first step, where the bias-corrected moments are g and g²), the parameter table
 * after the step, the loss after the step, and with --steps N the loss per step as a table and
 * an SVG curve. The values come from nn/evaluate `train` (PyTorch semantics); each printed
 * update is recomputed from its formula and checked against them.
 */
import type { Expr } from '../../expr/index.js';
import { compileGradient } from '../../compile/index.js';
import { train } from '../../nn/evaluate.js';
import { flatIndex, paramLayout } from '../../nn/params.js';
import { SCALAR_LIMITS } from '../../nn/scalar.js';
import type { Tensor } from '../../nn/params.js';
import type { NetworkSpec } from '../../nn/spec.js';
import { partialLatex } from '../latex.js';
import { agrees } from './formulas.js';
import { paramTable, sym } from './forward.js';
import { eq, heading, m, math, msg, para, raw, type Block, type Equation } from './model.js';
import type { ParamInfo, ScalarNet } from './network.js';
import { factor, fmt } from './numbers.js';
import { lossDrawing } from './svg.js';

export interface Update {
  readonly blocks: Block[];
  readonly after: ReadonlyMap<Expr, number>;
  readonly lossAfter: number;
  readonly losses: readonly number[];
}

/** The value at `p.index` inside a state_dict tensor. */
export function at(t: Tensor | null | undefined, index: readonly number[]): number {
  if (t === null || t === undefined) throw new Error('internal: missing tensor');
  if (typeof t === 'number') return t;
  if (index.length === 1) return (t as number[])[index[0]!]!;
  return (t as number[][])[index[0]!]![index[1]!]!;
}

/** One step of the optimizer for one parameter on its first step, as an equation and its value. */
function stepEquation(spec: NetworkSpec, p: ParamInfo, g: number, d: number, loss: Expr): { eq: Equation; value: number } {
  const o = spec.optimizer;
  const w = p.value;
  const lhs = `${sym(p.sym)}(t+1)`;
  const grad = partialLatex(loss, p.sym);
  if (o.type === 'sgd') {
    // g′ = g + λW; the momentum buffer starts at g′; Nesterov uses g′ + μ·buf = (1 + μ)g′
    const gd = g + o.weight_decay * w;
    const dir = o.nesterov ? gd * (1 + o.momentum) : gd;
    const value = w - o.lr * dir;
    if (o.weight_decay === 0 && !(o.nesterov && o.momentum !== 0)) {
      return { eq: eq(lhs, [`${sym(p.sym)}(t) - \\alpha ${grad}`, `${fmt(w, d)} - ${fmt(o.lr, d)} \\times ${factor(g, d)}`, fmt(value, d)]), value };
    }
    const shown = `${fmt(w, d)} - ${fmt(o.lr, d)} \\times ${factor(dir, d)}`;
    return { eq: eq(lhs, [shown, fmt(value, d)]), value };
  }
  // Adam, first step: m̂ = g, v̂ = g², W ← W − α m̂ / (√v̂ + ε); AdamW decays W first, Adam adds λW to g
  const gg = o.type === 'adam' ? g + o.weight_decay * w : g;
  const w0 = o.type === 'adamw' ? w * (1 - o.lr * o.weight_decay) : w;
  const value = w0 - (o.lr * gg) / (Math.abs(gg) + o.eps);
  const shown = `${fmt(w0, d)} - ${fmt(o.lr, d)} \\times \\frac{${fmt(gg, d)}}{\\left|${fmt(gg, d)}\\right| + ${fmt(o.eps, d)}}`;
  return { eq: eq(lhs, [shown, fmt(value, d)]), value };
}

function ruleBlocks(spec: NetworkSpec, net: ScalarNet, d: number): Block[] {
  const o = spec.optimizer;
  const w = 'W';
  const g = partialLatex(net.loss, 'W');
  if (o.type === 'sgd') {
    const blocks: Block[] = [para(msg('upd.sgd', { alpha: m(`\\alpha = ${fmt(o.lr, d)}`) })), math(eq(`${w}(t+1)`, [`${w}(t) - \\alpha ${g}`]))];
    if (o.weight_decay !== 0 || o.momentum !== 0) {
      const first = o.nesterov ? `(1 + \\mu) \\left(${g} + \\lambda W\\right)` : `${g} + \\lambda W`;
      blocks.push(para(msg('upd.sgd.extra', {
        wd: m(`\\lambda = ${fmt(o.weight_decay, d)}`), wdterm: m('\\lambda W'), mu: m(`\\mu = ${fmt(o.momentum, d)}`),
        first: m(`W(t+1) = W(t) - \\alpha \\left(${first}\\right)`),
      })));
    }
    return blocks;
  }
  const blocks: Block[] = [para(msg('upd.adam', {
    opt: raw(o.type === 'adam' ? 'Adam' : 'AdamW'), alpha: m(`\\alpha = ${fmt(o.lr, d)}`), b1: m(String(o.betas[0])), b2: m(String(o.betas[1])),
    eps: m(fmt(o.eps, d)), mhat: m(`\\hat{m} = ${g}`), vhat: m(`\\hat{v} = \\left(${g}\\right)^{2}`),
  }))];
  if (o.type === 'adamw' && o.weight_decay !== 0) blocks.push(para(msg('upd.adamw', { decay: m(`1 - \\alpha \\lambda = ${fmt(1 - o.lr * o.weight_decay, d)}`) })));
  blocks.push(math(eq(`${w}(t+1)`, [`${w}(t) - \\alpha \\frac{\\hat{m}}{\\sqrt{\\hat{v}} + \\epsilon}`])));
  return blocks;
}

/** Above this many steps the loss curve is computed by the compiled gradient (src/compile). */
export const COMPILED_STEPS = 50;

/**
 * The loss before training and after each of `steps` optimizer steps: by nn/evaluate `train`
 * for short runs, by the compiled closure (same optimizer semantics, float64) for long ones —
 * or by `train` again where generated code may not run (a page under a strict CSP).
 */
export function lossCurve(spec: NetworkSpec, steps: number, onStep?: (done: number, total: number) => void): number[] {
  const interpreted = () => {
    const r = train(spec, { steps, ...(onStep ? { onStep } : {}) });
    return [r.loss, ...r.losses];
  };
  if (steps <= COMPILED_STEPS) return interpreted();
  let c: ReturnType<typeof compileGradient>;
  try {
    c = compileGradient(spec, { backend: 'js', dtype: 'float64' });
  } catch (e) {
    if (e instanceof EvalError) return interpreted();
    throw e;
  }
  const p = c.initialParams();
  const { x, y } = c.data();
  const losses: number[] = [];
  // step() returns the loss before its update; one last gradient call gives the final loss
  for (let k = 0; k < steps; k++) {
    losses.push(c.step(p, x, y));
    onStep?.(k + 1, steps);
  }
  losses.push(c.grad(p, x, y, new Float64Array(c.layout.paramCount)));
  return losses;
}

/** The numbers of the first optimizer step, by state_dict key and index. */
interface FirstStep {
  readonly loss: number;
  readonly lossAfter: number;
  grad(key: string, index: readonly number[]): number;
  after(key: string, index: readonly number[]): number;
}

/** From `train` (the reference) when the scalar view takes the network, else the compiled closure. */
function firstStep(spec: NetworkSpec): FirstStep {
  const layout = paramLayout(spec);
  if (layout.size <= SCALAR_LIMITS.params) {
    const one = train(spec, { steps: 1 });
    return {
      loss: one.loss,
      lossAfter: one.losses[0]!,
      grad: (k, i) => at(one.grad[k], i),
      after: (k, i) => at(one.params_after[k], i),
    };
  }
  const c = compileGradient(spec, { backend: 'js', dtype: 'float64' });
  const p = c.initialParams();
  const { x, y } = c.data();
  const g = new Float64Array(c.layout.paramCount);
  const loss = c.grad(p, x, y, g);
  c.step(p, x, y);
  const lossAfter = c.grad(p, x, y, new Float64Array(c.layout.paramCount));
  return { loss, lossAfter, grad: (k, i) => g[flatIndex(layout, k, i)]!, after: (k, i) => p[flatIndex(layout, k, i)]! };
}

/** The steps listed in the loss table: all of a short run, about 20 evenly spaced (and the last) of a long one. */
export function tableSteps(steps: number, rows = 20): number[] {
  if (steps <= rows) return Array.from({ length: steps + 1 }, (_, k) => k);
  const every = Math.ceil(steps / rows);
  const ks = Array.from({ length: Math.floor(steps / every) + 1 }, (_, i) => i * every);
  return ks[ks.length - 1] === steps ? ks : [...ks, steps];
}

export function updateSection(spec: NetworkSpec, net: ScalarNet, grads: ReadonlyMap<Expr, number>, d: number, steps: number, detailed = true, onStep?: (done: number, total: number) => void): Update {
  const one = firstStep(spec);
  const curve = steps > 1 ? lossCurve(spec, steps, onStep) : [one.loss, one.lossAfter];
  const blocks: Block[] = [heading(2, msg('h.update')), ...ruleBlocks(spec, net, d)];
  const after = new Map<Expr, number>();
  const eqs: Equation[] = [];
  for (const p of net.params) {
    const next = one.after(p.key, p.index);
    after.set(p.sym, next);
    const g = grads.get(p.sym);
    if (g === undefined) continue;
    if (!agrees(g, one.grad(p.key, p.index))) throw new Error(`internal: gradient of ${p.sym.name} disagrees with the optimizer's`);
    const s = stepEquation(spec, p, g, d, net.loss);
    if (!agrees(s.value, next)) throw new Error(`internal: update of ${p.sym.name} disagrees with the optimizer's`);
    eqs.push(s.eq);
  }
  if (detailed) blocks.push(math(...eqs), para(msg('upd.table')), paramTable(net, d, { grad: grads, next: after }));
  const before = one.loss;
  const lossAfter = one.lossAfter;
  blocks.push(para(msg('upd.loss', { after: m(`${sym(net.loss)} = ${fmt(lossAfter, d)}`), before: m(fmt(before, d)) }), raw(' '), msg(lossAfter < before ? 'upd.lower' : 'upd.higher')));
  const losses = curve;
  if (steps > 1) {
    blocks.push(heading(2, msg('h.steps', { n: raw(String(steps)) })), para(msg('steps.text', { n: raw(String(steps)) })));
    blocks.push({ kind: 'table', head: [[msg('steps.step')], [msg('steps.loss')]], rows: tableSteps(steps).map((k) => [[raw(String(k))], [m(fmt(losses[k]!, d))]]), align: ['r', 'r'] });
    blocks.push({
      kind: 'figure',
      name: 'loss',
      draw: (say) => lossDrawing(losses, { x: say('steps.step'), y: say('steps.loss'), title: say('svg.curve') }, d),
      caption: [msg('fig.curve')],
    });
  }
  return { blocks, after, lossAfter, losses };
}
