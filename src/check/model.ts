/**
 * Which network a document is checked against, and on which sample. The network comes from
 * `--model` (a network file) or from the document's PyTorch code; the input and target from
 * `--x/--y`, else from the code (`x = torch.tensor(…)`), else from the document's own math
 * (`x = [1, 1]`, `y = 0`, or the numbers substituted for x_1, x_2 in a step such as
 * `W_1 x_1 + W_2 x_2 + b_1 = 0.4352 × 1 + 0.3545 × 1 − 0.1419`). When something is missing the
 * document is still checked for arithmetic and consistency, and a note says why truth is not.
 */
import { SymgradError } from '../errors.js';
import { Sequential, SGD, BCELoss } from '../nn/api.js';
import { indexTargets } from '../nn/catalog/index.js';
import type { NetworkSpec } from '../nn/spec.js';
import type { CodeBlock } from './extract.js';
import { readPytorch } from './pytorch.js';
import { buildTruth, type Truth } from './truth.js';
import { modelFromDocument } from './doc-model.js';
import type { Convention } from './pairs.js';
import type { Known } from './values.js';

export interface ModelInfo {
  /** Where the network came from. */
  readonly source: 'file' | 'code' | 'document' | 'none';
  readonly line?: number;
  /** Why truth checks are off or limited (one line each). */
  readonly notes: string[];
  readonly truth?: Truth;
  /** For a model inferred from the document: the convention its two-index weights were read with. */
  readonly pairs?: Convention;
}

export interface ModelRequest {
  /** A network from --model. */
  readonly spec?: NetworkSpec;
  readonly x?: readonly number[];
  readonly y?: readonly number[];
}

const widthIn = (spec: NetworkSpec) => spec.layers.find((l) => l.type === 'linear')?.in ?? 0;

/** Values for x_1 … x_n (or y, y_1 …) from the document's claims, if all are there. */
function fromClaims(claims: ReadonlyMap<string, Known>, base: string, n: number): number[] | undefined {
  if (n === 1 && claims.has(base)) return [claims.get(base)!.value];
  const out: number[] = [];
  for (let i = 1; i <= n; i++) {
    const k = claims.get(`${base}_${i}`);
    if (!k) return undefined;
    out.push(k.value);
  }
  return out;
}

/** Values per target: the output width, or one class index for cross-entropy. */
function targetWidth(spec: NetworkSpec): number {
  if (indexTargets(spec.loss)) return 1;
  let w = widthIn(spec);
  for (const l of spec.layers) if (l.type === 'linear') w = l.out;
  return w;
}

/** Resolve the model; `claims` are the values the document states (for x and y). */
export function resolveModel(req: ModelRequest, code: readonly CodeBlock[], claims: ReadonlyMap<string, Known>, text = '', pairs?: Convention): ModelInfo {
  if (req.spec) {
    const spec = req.spec;
    if (!req.x && !req.y) return withTruth({ source: 'file', notes: [] }, () => buildTruth(spec));
    // --x/--y replace the file's data by one sample.
    const x = req.x ?? spec.data.x[0]!;
    const y = req.y ?? spec.data.y[0]!;
    if (x.length !== widthIn(spec)) throw new SymgradError(`--x has ${x.length} value(s), the network takes ${widthIn(spec)}`, { field: 'x' });
    if (y.length !== targetWidth(spec)) throw new SymgradError(`--y has ${y.length} value(s), the network's target has ${targetWidth(spec)}`, { field: 'y' });
    const single: NetworkSpec = { ...spec, data: { x: [[...x]], y: [[...y]] } };
    return withTruth({ source: 'file', notes: [] }, () => buildTruth(single));
  }
  const blocks = code.filter((b) => b.lang === 'python' || b.lang === 'py' || b.lang === '' || /\bnn\./.test(b.text));
  const model = blocks.length > 0 ? readPytorch(blocks.map((b) => b.text).join('\n')) : undefined;
  if (!model) return modelFromDocument(text, claims, pairs) ?? { source: 'none', notes: ['no model: give --model network.yaml, or a PyTorch code block, to check values against the network'] };
  const line = blocks.find((b) => /nn\.(Linear|Sequential)/.test(b.text))?.line ?? blocks[0]!.line;
  const problems = model.problems.filter((p) => !/no (loss|optimizer)/.test(p));
  if (problems.length > 0) return { source: 'code', line, notes: [`the network in the code is not used for truth checks: ${problems.join('; ')}`] };
  const first = model.layers.find((l) => l.type === 'linear') as { in?: number } | undefined;
  if (!first) return { source: 'code', line, notes: ['the network in the code has no nn.Linear layer; values are not checked against it'] };
  let last = first as { out?: number } | undefined;
  for (const l of model.layers) if (l.type === 'linear') last = l as { out?: number };
  const nIn = first?.in ?? 0;
  const nOut = model.loss?.type !== undefined && indexTargets(model.loss) ? 1 : last?.out ?? 0;
  const x = req.x ?? model.x?.[0] ?? fromClaims(claims, 'x', nIn);
  const y = req.y ?? model.y?.[0] ?? fromClaims(claims, 'y', nOut);
  const notes = model.problems.filter((p) => /no (loss|optimizer)/.test(p)).map((p) => `${p}: values that need it are not checked`);
  if (!x || !y) {
    return { source: 'code', line, notes: [...notes, `the ${!x ? 'input x' : 'target y'} is not given: pass ${!x ? `--x (${nIn} values)` : `--y (${nOut} values)`} to check values against the network`] };
  }
  if (x.length !== nIn) throw new SymgradError(`--x has ${x.length} value(s), the network in the code takes ${nIn}`, { field: 'x' });
  if (y.length !== nOut) throw new SymgradError(`--y has ${y.length} value(s), the network in the code gives ${nOut}`, { field: 'y' });
  return withTruth({ source: 'code', line, notes }, () => {
    const spec = Sequential(...model.layers).spec({ loss: model.loss ?? BCELoss(), optimizer: model.optimizer ?? SGD({ lr: 1 }), data: { x: [[...x]], y: [[...y]] } });
    return buildTruth(spec, { loss: !!model.loss, optimizer: !!model.optimizer });
  });
}

function withTruth(info: ModelInfo, build: () => Truth): ModelInfo {
  try {
    return { ...info, truth: build() };
  } catch (e) {
    if (!(e instanceof SymgradError)) throw e;
    return { ...info, notes: [...info.notes, `the network cannot be evaluated: ${e.format()}`] };
  }
}
