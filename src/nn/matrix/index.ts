/**
 * The matrix view's public surface: `matrixView(spec)` derives the forward pass, loss and every
 * gradient of a network as whole-matrix expressions; `evaluateView` computes their numbers; the
 * tensor IR (nodes, op table, builders, reverse driver, schedule) is exported for the compiler.
 */
export { matrixView, viewNodeCount, type MatrixView, type NamedTensor, type ParamTensor, type Step, type Term, type Derivation } from './view.js';
export { evaluateView, type EvalOptions, type MatrixValues, type Rows } from './values.js';
export { topoOrder, tensorDagSize, type TNode, type Attr } from './node.js';
export { TOPS, TOP_NAMES, kindName, transposeLatex, type TOpName, type TOpSpec, type Mat } from './ops.js';
export * as T from './build.js';
export * as C from './composites.js';
export { compositeOf, type Composite } from './composites.js';
export { classTargets, constantRow, prepareTargets } from './targets.js';
export { tensorGradient, type TEdge, type TGradient } from './reverse.js';
export { schedule, run, fromRows, toRows, type Schedule } from './interp.js';
export { tensorLatex } from './latex.js';
export { coefValue, coefLatex, type Coef } from './coef.js';
export { compileScalar, P0, P1, P2, PK } from './scalar.js';
export { type Dim, type Shape, dimValue, shapeText, shapeLatex } from './shape.js';
export { FUSION_RULES, type FusionRule } from './fusion.js';
