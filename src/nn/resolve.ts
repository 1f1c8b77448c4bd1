/**
 * From a located tree (a parsed file, or an object built by the API) to a resolved NetworkSpec:
 * every field checked, every PyTorch default filled in, omitted weights and biases initialised
 * from the seed. Widths are tracked through the layers, so a Linear's `in` must equal the
 * previous width and the data must match the first and last widths; targets are checked
 * against the loss (class indices for cross_entropy and nll, [0, 1] for bce).
 */
import { childPath, type Loc } from './located.js';
import { MAX_LAYERS, networkMemory, requireMemory } from '../limits.js';
import { Checker, describe, type Fields } from './validate.js';
import { initLinears } from './init.js';
import { checkFormula } from './formula.js';
import { ACTIVATION_NAMES, ACTIVATIONS, classLossEntry, indexTargets, isClassLoss, learnableOf, LOSS_NAMES, LOSSES, OPTIMIZER_NAMES, ROW_LAYER_NAMES, type Learnable, type LossEntry, type ParamDef, type VectorDef } from './catalog/index.js';
import type { ActivationSpec, DataSpec, LayerSpec, LearnedTensor, LinearSpec, LossSpec, NetworkSpec, OptimizerSpec, Reduction } from './spec.js';

export const LAYER_TYPES = ['linear', ...ACTIVATION_NAMES, ...ROW_LAYER_NAMES, 'custom'] as const;
export const LOSS_TYPES = [...LOSS_NAMES, 'cross_entropy', 'nll', 'multi_margin', 'custom'] as const;
export const OPTIMIZER_TYPES = OPTIMIZER_NAMES;
const REDUCTIONS = ['mean', 'sum'] as const;
/** Variables a custom activation formula may use, and those of a custom loss. */
export const ACTIVATION_VARS = ['x'] as const;
export const LOSS_VARS = ['y', 'yhat'] as const;

/** Resolve a whole network. `file` is used only in messages. */
export function resolveNetwork(root: Loc, file?: string): NetworkSpec {
  const c = new Checker(file);
  const top = c.map(root, ['name', 'seed', 'layers', 'loss', 'optimizer', 'data'], 'a network (a map with layers, loss, optimizer, data)');
  const nameLoc = top.get('name');
  const name = nameLoc ? c.string(nameLoc) : 'network';
  const seedLoc = top.get('seed');
  const seed = seedLoc ? c.number(seedLoc, { integer: true, min: 0, max: 2 ** 32 - 1 }) : 0;
  const { loss, vectors } = resolveLoss(c, top.required('loss'));
  const optimizer = resolveOptimizer(c, top.required('optimizer'));
  const layersLoc = top.required('layers');
  const layerLocs = c.list(layersLoc, 'a list of layers');
  if (layerLocs.length === 0) c.fail(layersLoc, 'a network needs at least one layer');
  if (layerLocs.length > MAX_LAYERS) c.fail(layersLoc, `${layerLocs.length} layers is more than the limit of ${MAX_LAYERS} (docs/limits.md)`);
  const dataLoc = top.required('data');
  const data = c.map(dataLoc, ['x', 'y'], 'a map with x and y');
  const x = c.matrix(data.required('x', 'batch × features'));
  const layers = resolveLayers(c, layerLocs, seed, x[0]!.length, data.required('x'), x.length, layersLoc);
  const width = outputWidth(layers, x[0]!.length);
  // a tensor option has one value per class: checked once the classes are known
  for (const { loc, values, per } of vectors) {
    if (values.length !== width) c.fail(loc, `expected ${width} numbers (one per ${per}), got ${values.length}`);
  }
  const y = resolveTargets(c, data, x.length, width, loss);
  const w = 'weight' in loss ? loss.weight : undefined;
  if (w && indexTargets(loss) && (loss.type === 'cross_entropy' || loss.type === 'nll') && loss.reduction === 'mean' && y.reduce((s, [k]) => s + w[k!]!, 0) === 0) {
    c.fail(vectors[0]!.loc, 'the weights of the target classes sum to 0, so the mean is 0/0 (PyTorch gives NaN)');
  }
  return { name, layers, loss, optimizer, data: { x, y }, seed };
}

/** `{type: relu}`, or just `relu`. */
function typed<T extends string>(c: Checker, loc: Loc, known: readonly T[], what: string, keys: (t: T) => readonly string[]): [T, Fields] {
  if (loc.kind === 'scalar') {
    const t = c.oneOf(loc, known, what);
    return [t, c.map({ kind: 'map', entries: new Map([['type', loc]]), path: loc.path, line: loc.line }, ['type'])];
  }
  if (loc.kind !== 'map') c.fail(loc, `expected a ${what} (a map with 'type', or just its name), got ${describe(loc)}`);
  const typeLoc = loc.entries.get('type');
  if (!typeLoc) c.fail({ path: childPath(loc.path, 'type'), line: loc.line }, `missing field 'type' (one of: ${known.join(', ')})`);
  const t = c.oneOf(typeLoc, known, what);
  return [t, c.map(loc, ['type', ...keys(t)])];
}

type ParamDefs = Readonly<Record<string, ParamDef>>;
const paramsOf = (table: Readonly<Record<string, { readonly params: unknown }>>, t: string): ParamDefs =>
  (table[t]?.params ?? {}) as ParamDefs;

const LAYER_KEYS = (t: (typeof LAYER_TYPES)[number]): readonly string[] =>
  t === 'linear' ? ['in', 'out', 'weight', 'bias', 'freeze'] : t === 'custom' ? ['f']
  : [...Object.keys(paramsOf(ACTIVATIONS, t)), ...(learnableOf(t) ? [learnableOf(t)!.name, 'freeze'] : [])];

/** Each catalog parameter, read with its default and range. */
function readParams(f: Fields, defs: ParamDefs): Record<string, number> {
  return Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, d.choices ? f.choice(k, d.choices, d.default) : f.number(k, d.default, d.range)]));
}

function resolveLayers(c: Checker, locs: readonly Loc[], seed: number, inWidth: number, xLoc: Loc, batch: number, layersLoc: Loc): LayerSpec[] {
  let width = inWidth;
  let sawLinear = false;
  const parsed = locs.map((loc) => {
    const [type, f] = typed(c, loc, LAYER_TYPES, 'layer type', LAYER_KEYS);
    if (type !== 'linear') return { type, f, width };
    const inLoc = f.required('in');
    const n = c.number(inLoc, { integer: true, min: 1 });
    const out = c.number(f.required('out'), { integer: true, min: 1 });
    if (n !== width) {
      // Before the first Linear the width is the data's: blame the data, naming the layer.
      if (!sawLinear) c.fail(xLoc, `expected ${n} column${n === 1 ? '' : 's'} to match ${inLoc.path}, got ${width}`);
      c.fail(inLoc, `expected ${width} (the width of the previous layer), got ${n}`);
    }
    sawLinear = true;
    width = out;
    return { type, f, in: n, out };
  });
  const linears = parsed.flatMap((p) => ('in' in p ? [p] : []));
  // Before a weight is drawn: refuse a network that cannot fit (src/limits.ts).
  const widths = [inWidth, ...linears.map((p) => p.out!)];
  const params = linears.reduce((s, p) => s + p.in! * p.out! + p.out!, 0);
  requireMemory(networkMemory(widths, batch), `a network of ${params.toLocaleString('en-US')} parameters with a batch of ${batch}`, {
    file: c.file, line: layersLoc.line, field: 'layers',
  });
  const init = initLinears(seed, linears.map((p) => ({ in: p.in!, out: p.out!, bias: !isFixedBias(p.f) })));
  let k = 0;
  return parsed.map((p): LayerSpec => {
    if (!('in' in p)) return resolveActivation(c, p.type as Exclude<typeof p.type, 'linear'>, p.f, p.width);
    return resolveLinear(c, p.f, p.in!, p.out!, init[k++]!);
  });
}

/** bias: false or {shared: v} draws no per-neuron values. */
function isFixedBias(f: Fields): boolean {
  const b = f.get('bias');
  return b !== undefined && ((b.kind === 'scalar' && b.value === false) || b.kind === 'map');
}

function resolveLinear(c: Checker, f: Fields, n: number, out: number, init: { weight: number[][]; bias: number[] }): LinearSpec {
  const wLoc = f.get('weight');
  const weight = wLoc ? c.matrix(wLoc, out, n) : init.weight;
  const bLoc = f.get('bias');
  let bias: LinearSpec['bias'];
  if (bLoc === undefined || (bLoc.kind === 'scalar' && bLoc.value === true)) bias = { kind: 'vector', values: init.bias };
  else if (bLoc.kind === 'scalar' && bLoc.value === false) bias = { kind: 'none' };
  else if (bLoc.kind === 'map') bias = { kind: 'shared', value: c.number(c.map(bLoc, ['shared']).required('shared')) };
  else if (bLoc.kind === 'seq') bias = { kind: 'vector', values: c.vector(bLoc, out) };
  else c.fail(bLoc, `expected a list of ${out} numbers, false, or {shared: value}, got ${bLoc.value === null ? 'nothing' : String(bLoc.value)}`);
  const freeze: ('weight' | 'bias')[] = [];
  const frLoc = f.get('freeze');
  if (frLoc) {
    for (const item of c.list(frLoc, 'a list such as [weight] or [weight, bias]')) {
      const what = c.oneOf(item, ['weight', 'bias'] as const, 'parameter');
      if (freeze.includes(what)) c.fail(item, `'${what}' is listed twice`);
      if (what === 'bias' && bias.kind === 'none') c.fail(item, 'this layer has no bias to freeze (bias: false)');
      freeze.push(what);
    }
  }
  return { type: 'linear', in: n, out, weight, bias, freeze };
}

function resolveActivation(c: Checker, type: ActivationSpec['type'], f: Fields, width: number): ActivationSpec {
  if (type === 'custom') {
    const loc = f.required('f', 'a formula in x, e.g. "x*sigmoid(x)"');
    return { type, f: checkFormula(c, loc, ACTIVATION_VARS) };
  }
  const params = readParams(f, paramsOf(ACTIVATIONS, type));
  const learnable = learnableOf(type);
  if (!learnable) return { type, ...params } as ActivationSpec;
  return { type, ...params, learned: resolveLearned(c, f, learnable, params, width) } as ActivationSpec;
}

/**
 * The trained tensor of an activation (PReLU's `weight`): its size is 1 or the layer's width
 * (one per feature, as nn.PReLU(num_parameters) on dim 1), its values given or all `init`.
 */
function resolveLearned(c: Checker, f: Fields, l: Learnable, params: Record<string, number>, width: number): LearnedTensor {
  const size = l.size(params);
  if (size !== 1 && size !== width) {
    const at = f.get('num_parameters') ?? f.get(l.name);
    c.fail(at!, `num_parameters must be 1 or the number of features (${width}), got ${size}`);
  }
  const wLoc = f.get(l.name);
  const values = wLoc ? c.vector(wLoc, size) : Array<number>(size).fill(l.init(params));
  const frLoc = f.get('freeze');
  let frozen = false;
  if (frLoc) {
    for (const item of c.list(frLoc, `a list such as [${l.name}]`)) {
      c.oneOf(item, [l.name], 'parameter');
      if (frozen) c.fail(item, `'${l.name}' is listed twice`);
      frozen = true;
    }
  }
  return { values, frozen };
}

/** The width after the last layer. */
function outputWidth(layers: readonly LayerSpec[], inWidth: number): number {
  return layers.reduce((w, l) => (l.type === 'linear' ? l.out : w), inWidth);
}

const lossParams = (t: (typeof LOSS_TYPES)[number]): ParamDefs =>
  isClassLoss(t) ? classLossEntry(t).params : paramsOf(LOSSES, t);
/** A loss's tensor options (a class weight). */
const lossVectors = (t: (typeof LOSS_TYPES)[number]): Readonly<Record<string, VectorDef>> =>
  isClassLoss(t) ? classLossEntry(t).vectors : t === 'custom' ? {} : (LOSSES[t] as LossEntry).vectors ?? {};
const LOSS_KEYS = (t: (typeof LOSS_TYPES)[number]): readonly string[] =>
  ['reduction', ...Object.keys(lossParams(t)), ...Object.keys(lossVectors(t)), ...(t === 'custom' ? ['f'] : []), ...(t === 'cross_entropy' ? ['targets'] : [])];

interface ReadVector { readonly loc: Loc; readonly values: readonly number[]; readonly per: VectorDef['per'] }

function resolveLoss(c: Checker, loc: Loc): { loss: LossSpec; vectors: ReadVector[] } {
  const [type, f] = typed(c, loc, LOSS_TYPES, 'loss', LOSS_KEYS);
  const rLoc = f.get('reduction');
  const reduction: Reduction = rLoc ? c.oneOf(rLoc, REDUCTIONS, 'reduction') : 'mean';
  if (type === 'custom') {
    return { loss: { type, reduction, f: checkFormula(c, f.required('f', 'a formula in y and yhat, e.g. "0.5*(y - yhat)^2"'), LOSS_VARS) }, vectors: [] };
  }
  const vectors: ReadVector[] = [];
  const given: Record<string, readonly number[]> = {};
  for (const [k, d] of Object.entries(lossVectors(type))) {
    const vLoc = f.get(k);
    if (!vLoc) continue;
    const values = c.vector(vLoc, undefined, d.min !== undefined ? { min: d.min } : {});
    vectors.push({ loc: vLoc, values, per: d.per });
    given[k] = values;
  }
  // cross_entropy's targets: class indices (default) or rows of class probabilities (soft labels)
  const tLoc = f.get('targets');
  const soft = tLoc ? c.oneOf(tLoc, ['indices', 'probabilities'] as const, 'targets') === 'probabilities' : false;
  return { loss: { type, reduction, ...readParams(f, lossParams(type)), ...given, ...(soft ? { targets: 'probabilities' } : {}) } as LossSpec, vectors };
}

const OPT_KEYS: Record<(typeof OPTIMIZER_TYPES)[number], readonly string[]> = {
  sgd: ['lr', 'momentum', 'dampening', 'nesterov', 'weight_decay'],
  adam: ['lr', 'betas', 'eps', 'weight_decay'],
  adamw: ['lr', 'betas', 'eps', 'weight_decay'],
};

function resolveOptimizer(c: Checker, loc: Loc): OptimizerSpec {
  const [type, f] = typed(c, loc, OPTIMIZER_TYPES, 'optimizer', (t) => OPT_KEYS[t]);
  const lr = f.number('lr', 1e-3, { min: 0 });
  if (type === 'sgd') {
    const momentum = f.number('momentum', 0, { min: 0 });
    const dampening = f.number('dampening', 0);
    const nLoc = f.get('nesterov');
    const nesterov = nLoc ? c.boolean(nLoc) : false;
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      c.fail(nLoc!, 'nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)');
    }
    return { type, lr, momentum, dampening, nesterov, weight_decay: f.number('weight_decay', 0, { min: 0 }) };
  }
  const bLoc = f.get('betas');
  const betas = bLoc ? c.vector(bLoc, 2, { min: 0, below: 1 }) : [0.9, 0.999];
  return {
    type, lr, betas: [betas[0]!, betas[1]!],
    eps: f.number('eps', 1e-8, { min: 0 }),
    // torch.optim.AdamW's default weight_decay is 1e-2; Adam's is 0.
    weight_decay: f.number('weight_decay', type === 'adamw' ? 1e-2 : 0, { min: 0 }),
  };
}

function resolveTargets(c: Checker, data: Fields, batch: number, width: number, loss: LossSpec): DataSpec['y'] {
  const yLoc = data.required('y', 'batch × outputs');
  if (indexTargets(loss)) {
    // Class indices, one per sample: [[k], …] or [k, …].
    const items = c.list(yLoc, `a list of ${batch} class indices`);
    if (items.length !== batch) c.fail(yLoc, `expected ${batch} target${batch === 1 ? '' : 's'} (one per row of data.x), got ${items.length}`);
    return items.map((it) => {
      const cell = it.kind === 'seq' && it.items.length === 1 ? it.items[0]! : it;
      if (it.kind === 'seq' && it.items.length !== 1) {
        c.fail(it, `expected one class index, got ${it.items.length} numbers${loss.type === 'cross_entropy' ? ' (for rows of class probabilities write loss.targets: probabilities)' : ''}`);
      }
      const k = c.number(cell, { integer: true });
      if (k < 0 || k >= width) c.fail(cell, `class index ${k} is out of range for ${width} classes (0 to ${width - 1})`);
      return [k];
    });
  }
  const y = c.matrix(yLoc, batch, width);
  // (cross_entropy's class probabilities are not checked: PyTorch reads any numbers)
  if (loss.type !== 'custom' && !isClassLoss(loss.type) && LOSSES[loss.type].probabilityTargets) {
    y.forEach((row, i) => row.forEach((v, j) => {
      if (v < 0 || v > 1) {
        const row = yLoc.kind === 'seq' ? yLoc.items[i] : undefined;
        const cell = row?.kind === 'seq' ? row.items[j] : undefined;
        c.fail(cell ?? yLoc, `${loss.type} targets must lie in [0, 1], got ${v}`);
      }
    }));
  }
  return y;
}
