/**
 * The model a tutorial builds in its PyTorch code, read without running Python: module
 * constructors (`nn.Linear(2, 2)`, `nn.Sigmoid()`, …) in the order they appear, grouped by the
 * `nn.Sequential(…)` or attribute they are assigned to; weights and biases assigned from
 * `torch.Tensor([...])` literals (`self.layer1[0].weight.data = …`, `model[0].bias.copy_(…)`);
 * the loss (`nn.BCELoss()`), the optimizer (`optim.SGD(…, lr=1)`) and, when present, the
 * data (`x = torch.tensor([[1., 1.]])`). Layers are assumed to run in the order they are
 * defined, which is how tutorials write them; anything not read is listed in `problems`.
 */
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss, SGD, Adam, AdamW, type LayerDef, type LossDef, type OptimizerDef } from '../nn/api.js';
import type { Reduction } from '../nn/spec.js';
import { ACTIVATIONS, ROW_LAYERS, type ParamDef, type RowLayerName } from '../nn/catalog/index.js';

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
  for (const mod of modules) {
    const layer = layerOf(mod, src, problems);
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

/** Index of the `)` matching the `(` at `open` (string end when unbalanced). */
function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && --depth === 0) return i;
  }
  return s.length;
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

function kwarg(args: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*([^,()]+|\\([^)]*\\))`).exec(args)?.[1]?.trim();
}

function positional(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of args) {
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter((a) => !/^\w+\s*=/.test(a));
}

const num = (s: string | undefined): number | undefined => (s !== undefined && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s.trim()) ? Number(s) : undefined);

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
      const weight = mod.path === undefined ? undefined : tensorFor(src, mod.path, 'weight');
      const bias = mod.path === undefined || noBias ? undefined : tensorFor(src, mod.path, 'bias');
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
      // a catalog activation: each parameter by keyword or position, an option as a quoted string
      const [type, entry] = ACTIVATION_BY_TORCH.get(mod.kind)!;
      const defs = entry.params as Readonly<Record<string, ParamDef>>;
      const params = Object.fromEntries(Object.entries(defs).map(([k, d], i) => {
        const text = kwarg(mod.args, k) ?? pos[i];
        const value = d.choices ? d.choices.indexOf(/^['"](\w+)['"]$/.exec(text?.trim() ?? '')?.[1] ?? '') : num(text);
        return [k, value === undefined || value < 0 && d.choices ? d.default : value];
      }));
      return { type, ...params } as LayerDef;
    }
  }
}

type Nested = number | Nested[];

/** The literal assigned to `<path>.weight` (or `.bias`), last assignment wins. */
function tensorFor(src: string, path: string, kind: 'weight' | 'bias'): Nested | undefined {
  const esc = path.replace(/[.[\]]/g, (c) => `\\${c}`);
  const re = new RegExp(`(?:\\bself\\.|\\bmodel\\.|\\b)${esc}\\.${kind}(?:\\.data)?\\s*(?:=|\\.copy_\\s*\\(|\\.data\\.copy_\\s*\\()`, 'g');
  let found: Nested | undefined;
  for (const m of src.matchAll(re)) {
    const rest = statement(src, m.index + m[0].length);
    const open = rest.indexOf('[');
    if (open < 0) continue;
    const value = parseList(rest, open);
    if (value) found = value.value;
  }
  return found;
}

/** The rest of the Python statement starting at `i` (up to a newline outside brackets). */
function statement(s: string, i: number): string {
  let depth = 0;
  let k = i;
  for (; k < s.length; k++) {
    const c = s[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\n' && depth <= 0 && s.slice(i, k).trim() !== '') break;
  }
  return s.slice(i, k);
}

/** A Python list literal of numbers starting at `i`. */
function parseList(s: string, i: number): { value: Nested; end: number } | undefined {
  if (s[i] !== '[') return undefined;
  const items: Nested[] = [];
  let k = i + 1;
  for (;;) {
    while (/\s/.test(s[k] ?? '')) k++;
    if (s[k] === ']') return { value: items, end: k + 1 };
    if (s[k] === '[') {
      const inner = parseList(s, k);
      if (!inner) return undefined;
      items.push(inner.value);
      k = inner.end;
    } else {
      const m = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(s.slice(k));
      if (!m) return undefined;
      items.push(Number(m[0]));
      k += m[0].length;
    }
    while (/\s/.test(s[k] ?? '')) k++;
    if (s[k] === ',') k++;
    else if (s[k] !== ']') return undefined;
  }
}

function reduction(args: string): { reduction?: Reduction } {
  const r = /reduction\s*=\s*['"](\w+)['"]/.exec(args)?.[1];
  return r === 'sum' || r === 'mean' ? { reduction: r } : {};
}

function lossOf(src: string): LossDef | undefined {
  const m = /nn\.(BCELoss|BCEWithLogitsLoss|MSELoss|L1Loss|CrossEntropyLoss|NLLLoss|HuberLoss|SmoothL1Loss)\s*\(([^)]*)\)/.exec(src);
  if (!m) return undefined;
  const r = reduction(m[2]!);
  switch (m[1]) {
    case 'BCELoss': return BCELoss(r);
    case 'BCEWithLogitsLoss': return BCEWithLogitsLoss(r);
    case 'MSELoss': return MSELoss(r);
    case 'L1Loss': return L1Loss(r);
    case 'CrossEntropyLoss': return CrossEntropyLoss(r);
    case 'NLLLoss': return NLLLoss(r);
    case 'HuberLoss': return HuberLoss({ ...r, ...(num(kwarg(m[2]!, 'delta')) !== undefined ? { delta: num(kwarg(m[2]!, 'delta'))! } : {}) });
    default: return SmoothL1Loss({ ...r, ...(num(kwarg(m[2]!, 'beta')) !== undefined ? { beta: num(kwarg(m[2]!, 'beta'))! } : {}) });
  }
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
    const m = new RegExp(`^[ \\t]*(?:${names})\\s*=\\s*torch\\.\\w*\\(\\s*`, 'm').exec(src);
    if (!m) return undefined;
    const v = parseList(src, m.index + m[0].length)?.value;
    if (!Array.isArray(v)) return undefined;
    const rows = v.every(Array.isArray) ? v : [v];
    return rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'number')) ? (rows as number[][]) : undefined;
  };
  const x = grab('x|X|inputs?|data');
  const y = grab('y|Y|targets?|labels?');
  return { ...(x ? { x } : {}), ...(y ? { y } : {}) };
}
