/**
 * The model a tutorial builds in its PyTorch code, read without running Python: module
 * constructors (`nn.Linear(2, 2)`, `nn.Sigmoid()`, …) in the order they appear, grouped by the
 * `nn.Sequential(…)` or attribute they are assigned to; weights and biases assigned from
 * `torch.Tensor([...])` literals (`self.layer1[0].weight.data = …`, `model[0].bias.copy_(…)`);
 * the loss (`nn.BCELoss()`), the optimizer (`optim.SGD(…, lr=1)`) and, when present, the
 * data (`x = torch.tensor([[1., 1.]])`). Layers run in the order a custom `forward()` calls them
 * (pytorch-forward.ts), else in the order they are defined; weights may be set in any of the
 * forms pytorch-weights.ts reads; anything not read is listed in `problems`.
 */
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss, MultiMarginLoss, NLLLoss, SmoothL1Loss, SGD, Adam, AdamW, type LayerDef, type LossDef, type OptimizerDef } from '../nn/api.js';
import { ACTIVATIONS, learnableOf, ROW_LAYERS, type ParamDef, type RowLayerName } from '../nn/catalog/index.js';
import { functionalLoss, forwardSteps } from './pytorch-forward.js';
import { kwarg, matchParen, num, parseList, positional, reduction } from './pytorch-syntax.js';
import { tensorFor } from './pytorch-weights.js';

export interface CodeModel {
  readonly layers: LayerDef[];
  readonly loss?: LossDef;
  readonly optimizer?: OptimizerDef;
  readonly x?: number[][];
  readonly y?: number[][];
  /** What could not be read (a Linear without weights, an unknown module). */
  readonly problems: string[];
}

interface Module { readonly kind: string; readonly args: string; readonly at: number; path?: string }

/** The activation modules symgrad knows, by their PyTorch class name (from the catalog). */
const ACTIVATION_BY_TORCH = new Map(Object.entries(ACTIVATIONS).map(([type, e]) => [e.torch as string, [type, e] as const]));
const ROW_BY_TORCH = new Map(Object.entries(ROW_LAYERS).map(([type, e]) => [e.torch as string, type as RowLayerName]));
const MODULE_RE = new RegExp(`nn\\.(Linear|${[...ROW_BY_TORCH.keys()].join('|')}|${[...ACTIVATION_BY_TORCH.keys()].join('|')})\\s*\\(`, 'g');

/** Read the model from the Python code blocks of a document; undefined when there is none. */
export function readPytorch(code: string): CodeModel | undefined {
  const src = stripComments(code);
  const modules: Module[] = [];
  for (const m of src.matchAll(MODULE_RE)) {
    const open = m.index + m[0].length - 1;
    modules.push({ kind: m[1]!, args: src.slice(open + 1, matchParen(src, open)), at: m.index });
  }
  if (modules.length === 0) return undefined;
  namePaths(src, modules);
  const problems: string[] = [];
  const layers: LayerDef[] = [];
  for (const step of order(src, modules)) {
    const layer = 'fn' in step ? functionalLayer(step.fn, step.args) : layerOf(step, src, problems);
    if (layer) layers.push(layer);
  }
  const loss = lossOf(src);
  const optimizer = optimizerOf(src);
  if (!loss) problems.push('no loss (nn.BCELoss(), nn.MSELoss(), …) in the code');
  if (!optimizer) problems.push('no optimizer (optim.SGD(…, lr=…)) in the code');
  return { layers, problems, ...(loss ? { loss } : {}), ...(optimizer ? { optimizer } : {}), ...dataOf(src) };
}

function stripComments(code: string): string {
  return code.replace(/#[^\n]*/g, (c) => ' '.repeat(c.length));
}

/** Give each module the attribute path by which the code later reaches it: `layer1[0]`, `fc1`, `model[2]`. */
function namePaths(src: string, modules: Module[]): void {
  for (const m of src.matchAll(/(?:self\.)?(\w+)\s*=\s*(?:torch\.)?nn\.Sequential\s*\(/g)) {
    const open = m.index + m[0].length - 1;
    const close = matchParen(src, open);
    const inside = modules.filter((mod) => mod.at > open && mod.at < close);
    inside.forEach((mod, k) => (mod.path = `${m[1]}[${k}]`));
  }
  for (const m of src.matchAll(/(?:self\.)?(\w+)\s*=\s*(?:torch\.)?nn\.(\w+)\s*\(/g)) {
    const mod = modules.find((x) => x.at === m.index + m[0].lastIndexOf('nn.'));
    if (mod && mod.path === undefined) mod.path = m[1]!;
  }
}

function layerOf(mod: Module, src: string, problems: string[]): LayerDef | undefined {
  const pos = positional(mod.args);
  switch (mod.kind) {
    case 'Linear': {
      const inF = num(kwarg(mod.args, 'in_features') ?? pos[0]);
      const outF = num(kwarg(mod.args, 'out_features') ?? pos[1]);
      if (inF === undefined || outF === undefined) {
        problems.push(`cannot read the sizes of nn.Linear(${mod.args})`);
        return undefined;
      }
      const noBias = /bias\s*=\s*False/.test(mod.args);
      const weight = mod.path === undefined ? undefined : tensorFor(src, mod.path, 'weight', [outF, inF]);
      const bias = mod.path === undefined || noBias ? undefined : tensorFor(src, mod.path, 'bias', [outF]);
      if (!Array.isArray(weight) || !weight.every(Array.isArray)) problems.push(`the weight of ${mod.path ?? `nn.Linear(${mod.args})`} is not given as a literal`);
      if (!noBias && !Array.isArray(bias)) problems.push(`the bias of ${mod.path ?? `nn.Linear(${mod.args})`} is not given as a literal`);
      return {
        type: 'linear', in: inF, out: outF,
        ...(Array.isArray(weight) && weight.every(Array.isArray) ? { weight } : {}),
        ...(noBias ? { bias: false } : Array.isArray(bias) ? { bias: bias.flat() } : {}),
      };
    }
    default: {
      const row = ROW_BY_TORCH.get(mod.kind);
      if (row) return { type: row };
      const layer = activation(mod.kind, mod.args, 0);
      // a trained tensor (nn.PReLU's weight) set from a literal, as a Linear's
      const learnable = learnableOf(layer.type);
      if (!learnable || mod.path === undefined) return layer;
      const w = tensorFor(src, mod.path, learnable.name as 'weight', [layer['num_parameters'] as number]);
      return Array.isArray(w) && w.every((v) => typeof v === 'number') ? { ...layer, [learnable.name]: w } : layer;
    }
  }
}

/** A catalog activation: each parameter by keyword or position (after `skip` inputs), an option as a quoted string. */
function activation(torchName: string, args: string, skip: number): LayerDef {
  const [type, entry] = ACTIVATION_BY_TORCH.get(torchName)!;
  const defs = entry.params as Readonly<Record<string, ParamDef>>;
  const pos = positional(args).slice(skip);
  const params = Object.fromEntries(Object.entries(defs).map(([k, d], i) => {
    const text = kwarg(args, k) ?? pos[i];
    const value = d.choices ? d.choices.indexOf(/^['"](\w+)['"]$/.exec(text?.trim() ?? '')?.[1] ?? '') : num(text);
    return [k, value === undefined || value < 0 && d.choices ? d.default : value];
  }));
  return { type, ...params } as LayerDef;
}

/** `F.relu(x)`, `torch.sigmoid(x)`, `F.softmax(x, dim=1)`: the catalog activation of that name, or nothing (not a layer). */
function functionalLayer(fn: string, args: string): LayerDef | undefined {
  const key = fn.replace(/_/g, '').toLowerCase();
  const row = [...ROW_BY_TORCH].find(([torch]) => torch.toLowerCase() === key);
  if (row) return { type: row[1] };
  const torchName = [...ACTIVATION_BY_TORCH.keys()].find((t) => t.toLowerCase() === key);
  if (torchName === 'PReLU') return functionalPrelu(args);
  return torchName === undefined || torchName === 'Identity' ? undefined : activation(torchName, args, 1);
}

/** F.prelu(x, weight) with the weight a literal (`torch.tensor([0.25])`): its size and values. */
function functionalPrelu(args: string): LayerDef | undefined {
  const text = kwarg(args, 'weight') ?? positional(args)[1] ?? '';
  const open = text.indexOf('[');
  const w = open < 0 ? undefined : parseList(text, open)?.value;
  if (!Array.isArray(w) || !w.every((v) => typeof v === 'number')) return { type: 'prelu' };
  return { type: 'prelu', num_parameters: w.length, weight: w };
}

/** The modules in the order forward() calls them, else in the order they are defined. */
function order(src: string, modules: readonly Module[]): (Module | { fn: string; args: string })[] {
  const steps = forwardSteps(src);
  if (!steps) return [...modules];
  const out: (Module | { fn: string; args: string })[] = [];
  for (const step of steps) {
    if ('fn' in step) out.push(step);
    else out.push(...modules.filter((m) => m.path === step.module || m.path?.startsWith(`${step.module}[`)));
  }
  return out.some((m) => 'kind' in m && m.kind === 'Linear') ? out : [...modules];
}


/** The loss module `nn.MSELoss(…)`, else a functional call `F.mse_loss(…)` (pytorch-forward.ts). */
function lossOf(src: string): LossDef | undefined {
  const m = /nn\.(BCELoss|BCEWithLogitsLoss|MSELoss|L1Loss|CrossEntropyLoss|NLLLoss|MultiMarginLoss|HuberLoss|SmoothL1Loss)\s*\(/.exec(src);
  const open = m ? m.index + m[0].length - 1 : -1;
  const call = m ? { torch: m[1]!, args: src.slice(open + 1, matchParen(src, open)) } : functionalLoss(src);
  if (!call) return undefined;
  const r = reduction(call.args);
  const opt = (k: string) => (num(kwarg(call.args, k)) !== undefined ? { [k]: num(kwarg(call.args, k))! } : {});
  switch (call.torch) {
    case 'BCELoss': return BCELoss({ ...r, ...tensorOption(call.args, 'weight') });
    case 'BCEWithLogitsLoss': return BCEWithLogitsLoss({ ...r, ...tensorOption(call.args, 'pos_weight') });
    case 'MSELoss': return MSELoss(r);
    case 'L1Loss': return L1Loss(r);
    case 'CrossEntropyLoss': return CrossEntropyLoss({ ...r, ...opt('label_smoothing'), ...tensorOption(call.args, 'weight') });
    case 'NLLLoss': return NLLLoss({ ...r, ...tensorOption(call.args, 'weight') });
    case 'MultiMarginLoss': return MultiMarginLoss({ ...r, ...opt('p'), ...opt('margin'), ...tensorOption(call.args, 'weight') });
    case 'HuberLoss': return HuberLoss({ ...r, ...opt('delta') });
    default: return SmoothL1Loss({ ...r, ...opt('beta') });
  }
}

/** A loss's tensor option `name=torch.tensor([…])` as a list (a tensor written some other way is not read). */
function tensorOption(args: string, name: string): Record<string, number[]> {
  const m = new RegExp(`(?<![\\w])${name}\\s*=\\s*(?:torch\\.\\w+\\s*\\(\\s*)?(?=\\[)`).exec(args);
  const w = m ? parseList(args, m.index + m[0].length)?.value : undefined;
  return Array.isArray(w) && w.every((v) => typeof v === 'number') ? { [name]: w as number[] } : {};
}

function optimizerOf(src: string): OptimizerDef | undefined {
  const m = /optim\.(SGD|Adam|AdamW)\s*\(/.exec(src);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  const args = src.slice(open + 1, matchParen(src, open));
  const lr = num(kwarg(args, 'lr') ?? positional(args)[1]);
  const wd = num(kwarg(args, 'weight_decay'));
  const common = { ...(lr !== undefined ? { lr } : {}), ...(wd !== undefined ? { weight_decay: wd } : {}) };
  if (m[1] === 'SGD') {
    const momentum = num(kwarg(args, 'momentum'));
    const dampening = num(kwarg(args, 'dampening'));
    return SGD({ ...common, ...(momentum !== undefined ? { momentum } : {}), ...(dampening !== undefined ? { dampening } : {}), ...(/nesterov\s*=\s*True/.test(args) ? { nesterov: true } : {}) });
  }
  const betas = /betas\s*=\s*\(\s*([\d.e-]+)\s*,\s*([\d.e-]+)\s*\)/.exec(args);
  const eps = num(kwarg(args, 'eps'));
  const opts = { ...common, ...(betas ? { betas: [Number(betas[1]), Number(betas[2])] as const } : {}), ...(eps !== undefined ? { eps } : {}) };
  return m[1] === 'Adam' ? Adam(opts) : AdamW(opts);
}

/** `x = torch.tensor([[1., 1.]])` and `y = …` when the code gives the data. */
function dataOf(src: string): { x?: number[][]; y?: number[][] } {
  const grab = (names: string): number[][] | undefined => {
    // the first assignment of a literal (`x = torch.sigmoid(self.fc1(x))` in forward() is not data)
    const v = [...src.matchAll(new RegExp(`^[ \\t]*(?:${names})\\s*=\\s*torch\\.\\w*\\(\\s*`, 'gm'))]
      .map((m) => parseList(src, m.index + m[0].length)?.value).find(Array.isArray);
    if (!Array.isArray(v)) return undefined;
    const rows = v.every(Array.isArray) ? v : [v];
    return rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'number')) ? (rows as number[][]) : undefined;
  };
  const x = grab('x|X|inputs?|data');
  const y = grab('y|Y|targets?|labels?');
  return { ...(x ? { x } : {}), ...(y ? { y } : {}) };
}
