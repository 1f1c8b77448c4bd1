/**
 * symgrad's public API — one entry point, the same in a browser and on Node (where
 * index-node.ts adds reading files). Networks: `loadNetwork`, the PyTorch-style builders
 * (`Sequential`, `Linear`, `Sigmoid`, `BCELoss`, `SGD`, …), `train` (PyTorch's numbers),
 * `compileGradient` (a fast numeric closure), `derive` + `render` (derivation documents) and
 * `check` (a hand calculation). Formulas: `parseExpression`, `derivative`, `gradient`,
 * `simplify`, `toLatex`, and `grad` (a compiled function, like jax.grad). Nothing here touches the
 * file system, and gpu.js loads only when its backend is asked for.
 */
import { checkDocument, type DocumentOptions, type Report } from './check/index.js';

export { SymgradError, type Place } from './errors.js';
export type { Expr } from './expr/node.js';
export { symbol, constant, freeSymbols } from './expr/node.js';
export { evaluate, evaluateMany, type Env } from './expr/eval.js';
export { parseExpression, parseProgram, type ParseOptions } from './parse/index.js';
export { simplify } from './simplify/index.js';
export { toLatex } from './render/latex.js';
export { toText } from './render/text.js';
export { derivative, gradient, grad, type Formula, type Variable, type GradFunction, type GradOptions, type Arguments } from './api/symbolic.js';

export { loadNetwork, type LoadOptions } from './network.js';
export type { NetworkSpec, LayerSpec, LossSpec, OptimizerSpec, DataSpec } from './nn/spec.js';
export {
  Sequential, Linear, Sigmoid, Tanh, ReLU, LeakyReLU, Softplus, Identity, Softmax, Custom,
  BCELoss, BCEWithLogitsLoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss, CrossEntropyLoss, customLoss,
  SGD, Adam, AdamW, nn, optim,
  type LayerDef, type LossDef, type OptimizerDef, type LinearOptions, type SGDOptions, type AdamOptions, type SpecOptions, type SequentialModel,
} from './nn/api.js';
export { train, type TrainOptions, type TrainResult } from './nn/evaluate.js';
export { paramLayout, flattenParams, stateDict, type ParamEntry, type ParamLayout, type Tensor } from './nn/params.js';
export { compileGradient, compileGradientAsync, loadGpuJs, type CompileOptions, type CompiledGradient, type CompiledGradientAsync, type CompiledLayout, type FloatArray, type Dtype, type GpuMode } from './compile/index.js';
export { derive, render, FORMATS, LANGS, type Derivation, type DeriveOptions, type DerivationData, type View, type Format, type Lang } from './render/doc/index.js';
export { useKatexAssets, type KatexAssets } from './render/doc/katex.js';
export { formatReport, formatJson, summaryLine, type Report, type Summary } from './check/index.js';
export type { DocumentOptions as CheckOptions } from './check/index.js';

/**
 * Check a worked example (Markdown or LaTeX text): every equation's arithmetic, consistency and,
 * with a network (`spec`, or the document's PyTorch code), truth. `file` names it in findings and
 * picks the syntax by extension (default `example.md`).
 */
export function check(text: string, opts: DocumentOptions & { readonly file?: string } = {}): Report {
  const { file, ...rest } = opts;
  return checkDocument(text, file ?? 'example.md', rest);
}
