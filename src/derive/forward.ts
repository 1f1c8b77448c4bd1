/**
 * The first half of a scalar derivation: the network (diagram, layers, parameter table, input
 * and target), the forward pass neuron by neuron — symbolic form, numbers substituted, result,
 * as in `z_1 = W_1 x_1 + W_2 x_2 + b_1 = 0.4352 \times 1 + 0.3545 \times 1 - 0.1419 = 0.6478` —
 * and the loss with its definition and value.
 */
import { substitute, type Expr } from '../expr/index.js';
import type { NetworkSpec } from '../nn/spec.js';
import { toLatex } from '../render/latex.js';
import { symbolLatex } from '../expr/names.js';
import { indexTargets, isRowSpec, lossCall, moduleCall, optimizerEntry } from '../nn/catalog/index.js';
import { activationDisplay, activationModule } from './formulas.js';
import { code, eq, heading, m, math, msg, para, raw, type Block, type Inline, type Say } from './model.js';
import type { ScalarNet, Stage } from './network.js';
import { asMat, matrixLatex } from './matrix.js';
import { fmt, numericLatex } from './numbers.js';
import { networkDrawing, svgNumber, unicodeName, type DiagramLayer, type Label } from './svg.js';

export const sym = (e: Expr): string => symbolLatex(e.name);

/** `nn.Linear(2, 2)`, `nn.Sigmoid()`, …: the Sequential as PyTorch code. */
function layerList(spec: NetworkSpec): Inline[][] {
  return spec.layers.map((l, i) => {
    if (l.type === 'linear') {
      const bias = l.bias.kind === 'none' ? ', bias=False' : l.bias.kind === 'shared' ? ', shared bias' : '';
      return [code(`(${i}) nn.Linear(${l.in}, ${l.out}${bias})`)];
    }
    if (l.type === 'custom') return [code(`(${i}) custom: f(x) = ${l.f}`)];
    return [code(`(${i}) ${isRowSpec(l) ? activationModule(l) : moduleCall(l)}`)];
  });
}

export function lossName(spec: NetworkSpec): string {
  return spec.loss.type === 'custom' ? `custom: ${spec.loss.f}` : lossCall(spec.loss);
}

function optimizerName(spec: NetworkSpec): string {
  const e = optimizerEntry(spec.optimizer);
  return `optim.${e.torch}(${e.describe(spec.optimizer)})`;
}

/** A symbol as a diagram label. */
const symLabel = (e: Expr): Label => ({ text: unicodeName(e.name), tex: sym(e) });
const valueLabel = (e: Expr, v: number, d: number): Label => ({ text: `${unicodeName(e.name)} = ${svgNumber(v, d)}`, tex: `${sym(e)} = ${fmt(v, d)}` });
const word = (s: string): Label => ({ text: s, tex: `\\text{${s}}` });

/** The diagram: inputs, then one column per Linear layer (its activation shown in the neuron). */
export function diagram(net: ScalarNet, decimals: number, say: Say): DiagramLayer[] {
  const layers: DiagramLayer[] = [{ title: word(say('svg.input')), neurons: net.inputs.map((x) => ({ label: symLabel(x) })), edges: [] }];
  net.stages.forEach((s, i) => {
    if (s.kind !== 'linear') return;
    let last: Stage | undefined;
    for (let j = i + 1; j < net.stages.length && net.stages[j]!.kind === 'act'; j++) last = net.stages[j]!;
    const neurons = s.outs.map((o, r) => {
      const a = last?.outs[r]?.target;
      const label: Label = a
        ? { text: `${unicodeName(o.target.name)} → ${unicodeName(a.name)}`, tex: `${sym(o.target)} \\to ${sym(a)}` }
        : symLabel(o.target);
      const bias = net.params.find((p) => p.key === `${s.module}.bias` && (p.index.length === 0 || p.index[0] === r));
      return bias ? { label, note: valueLabel(bias.sym, bias.value, decimals) } : { label };
    });
    const edges = s.outs.flatMap((_, r) =>
      s.spec.weight[r]!.map((__, c) => {
        const w = net.params.find((p) => p.key === `${s.module}.weight` && p.index[0] === r && p.index[1] === c)!;
        return { from: c, to: r, label: valueLabel(w.sym, w.value, decimals) };
      }),
    );
    layers.push({ title: word(say('svg.layer', { l: String(layers.length) })), neurons, edges });
  });
  return layers;
}

export function networkSection(spec: NetworkSpec, net: ScalarNet, decimals: number, detailed = true): Block[] {
  const blocks: Block[] = [heading(2, msg('h.network'))];
  if (detailed) blocks.push({
    kind: 'figure',
    name: 'network',
    draw: (say) => networkDrawing(diagram(net, decimals, say), say('svg.network', { name: spec.name })),
    caption: [msg('fig.network', { w: m('W_i'), b: m('b_i') })],
  });
  blocks.push(para(msg('network.layers', { seq: code('nn.Sequential') })));
  blocks.push({ kind: 'list', items: layerList(spec) });
  blocks.push(para(msg('network.loss', { loss: code(lossName(spec)), red: code(`reduction="${spec.loss.reduction}"`), opt: code(optimizerName(spec)) })));
  if (detailed) blocks.push(paramTable(net, decimals));
  blocks.push(heading(3, msg('h.data')));
  const list = (xs: readonly Expr[]) => m(xs.map((x) => `${sym(x)} = ${fmt(net.values.get(x)!, decimals)}`).join(', \\; '));
  if (spec.data.x.length > 1) {
    // a batch: every sample, one per row (the scalar symbols x_1, x_2 name the first one only)
    blocks.push(para(msg(indexTargets(spec.loss) ? 'data.batch.class' : 'data.batch', { b: raw(String(spec.data.x.length)), x: m('X'), y: m('Y') })));
    blocks.push(math(eq('X', [matrixLatex(asMat(spec.data.x), decimals)]), eq('Y', [matrixLatex(asMat(spec.data.y), decimals)])));
  } else if (indexTargets(spec.loss)) {
    blocks.push(para(msg('data.class', { x: list(net.inputs), y: m(`y = ${net.values.get(net.targets[0]!)}`) })));
  } else {
    blocks.push(para(msg('data.text', { x: list(net.inputs), y: list(net.targets) })));
  }
  return blocks;
}

/** symbol | state_dict entry | value, optionally with the gradient and the value after a step. */
export function paramTable(net: ScalarNet, decimals: number, after?: { grad: ReadonlyMap<Expr, number>; next: ReadonlyMap<Expr, number> }): Block {
  const head: Inline[][] = [[msg('table.symbol')], [msg('table.entry')], [msg('table.value')]];
  if (after) head.push([msg('table.grad')], [msg('table.after')]);
  const rows = net.params.map((p) => {
    const row: Inline[][] = [[m(sym(p.sym))], [code(p.entry)], [m(fmt(p.value, decimals))]];
    if (after) {
      const g = after.grad.get(p.sym);
      row.push(g === undefined ? [msg('table.frozen')] : [m(fmt(g, decimals))], [m(fmt(after.next.get(p.sym)!, decimals))]);
    }
    return row;
  });
  return { kind: 'table', head, rows, align: after ? ['l', 'l', 'r', 'r', 'r'] : ['l', 'l', 'r'] };
}

export function forwardSection(spec: NetworkSpec, net: ScalarNet, decimals: number): Block[] {
  const v = net.values;
  const blocks: Block[] = [heading(2, msg('h.forward')), para(msg('fwd.intro'))];
  let layer = 0;
  for (const s of net.stages) {
    if (s.kind === 'linear') {
      layer += 1;
      blocks.push(heading(3, msg('fwd.linear', { l: raw(String(layer)) })), para(msg('fwd.linear.text')));
      blocks.push(math(...s.outs.map((o) => eq(sym(o.target), [toLatex(o.expr), numericLatex(o.expr, v, decimals), fmt(v.get(o.target)!, decimals)]))));
    } else {
      const name = s.spec.type === 'custom' ? `f(x) = ${s.spec.f}` : activationModule(s.spec);
      blocks.push(heading(3, msg('fwd.act', { l: raw(String(layer)), act: code(name) })), para(msg('fwd.act.text')));
      blocks.push(math(...s.outs.map((o, k) => {
        const z = net.stages[net.stages.indexOf(s) - 1]?.outs[k]?.target;
        const shown = z ? activationDisplay(s.spec, z, o.expr) : o.expr;
        const steps = [toLatex(shown), numericLatex(shown, v, decimals), fmt(v.get(o.target)!, decimals)];
        // the textbook form first (σ(z) = 1/(1 + e^{−z})), when it differs from the op's name
        if (shown !== o.expr) steps.unshift(toLatex(o.expr));
        return eq(sym(o.target), steps);
      })));
    }
  }
  const outs = net.outputs.map((o, k) => `${sym(net.hats[k]!)} = ${sym(o)} = ${fmt(v.get(o)!, decimals)}`);
  blocks.push(para(msg('fwd.output', { yhat: m(outs.join(', \\; ')) })));
  return blocks;
}

export function lossSection(spec: NetworkSpec, net: ScalarNet, decimals: number): Block[] {
  const v = net.values;
  const blocks: Block[] = [heading(2, msg('h.loss'))];
  if (net.probs.length > 0) {
    blocks.push(para(msg('fwd.probs')));
    blocks.push(math(...net.probs.map((p) => eq(sym(p.target), [toLatex(p.expr), numericLatex(p.expr, v, decimals), fmt(v.get(p.target)!, decimals)]))));
  }
  const a = net.lossAssignment;
  const display = substitute(a.expr, new Map(net.outputs.map((o, k) => [o, net.hats[k]!])));
  const steps = [toLatex(display), numericLatex(a.expr, v, decimals), fmt(v.get(a.target)!, decimals)];
  blocks.push(para(msg('loss.text', { loss: code(lossName(spec)) })));
  blocks.push(math(eq(sym(a.target), steps, true)));
  return blocks;
}
