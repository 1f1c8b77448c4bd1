/** The expression engine's public surface. */
export * from './node.js';
export * as B from './build.js';
export { COMPARISONS, OPS, OP_NAMES, PREC, type OpName, type OpSpec } from './ops.js';
export { evaluate, evaluateMany, UnboundSymbolError, type Env } from './eval.js';
