/**
 * Composites: the row functions written with structural ops only, and the patterns that
 * recognise them again. softmax(Z) = e^{Z − m𝟏ᵀ} / (s𝟏ᵀ) with m = max of each row and
 * s = Σ_j e^{Z − m} (the shift PyTorch subtracts, so no exponential overflows); log-softmax in
 * its stable form Z − (m + log s) (finite wherever PyTorch's is); cross-entropy
 * CE(Z, Q) = −(Q ⊙ log_softmax(Z))𝟏, one value per row. The column arguments m and s repeat
 * along the row (the elementwise node broadcasts them).
 *
 * `compositeOf` is a rewrite-rule style pattern match (after tinygrad's UPat): the formulas of
 * the elementwise nodes are interned, so a pattern compares them by identity. Whoever sees a
 * composite as one thing reads it here: the printer (`\operatorname{softmax}(Z)`), the reverse
 * driver (the catalog's shortcut for its derivative, fusion.ts) and the compiler (one row step,
 * compile/tensor.ts). Everything else — the interpreter included — sees only structural nodes.
 */
import * as E from '../../expr/build.js';
import type { TNode } from './node.js';
import { ew, FORMULAS, reduce } from './build.js';
import { P0, P1, P2 } from './scalar.js';

/** e^{z − m}, z − (m + log s), −q·l: the formulas inside the composites. */
const SHIFTED_EXP = E.apply('exp', [E.apply('sub', [P0, P1])]);
const LOG_SOFTMAX = E.apply('sub', [P0, E.apply('add', [P1, E.apply('log', [P2])])]);
const NEG_PRODUCT = E.apply('neg', [E.apply('mul', [P0, P1])]);

export const COMPOSITE_LATEX = {
  softmax: '\\operatorname{softmax}\\left(#1\\right)',
  log_softmax: '\\log\\left(\\operatorname{softmax}\\left(#1\\right)\\right)',
  xent: '\\operatorname{CE}\\left(#1, #2\\right)',
} as const;
export type CompositeName = keyof typeof COMPOSITE_LATEX;

/** A recognised composite: its name and its own inputs (Z, or Z and the targets Q). */
export interface Composite {
  readonly name: CompositeName;
  readonly inputs: readonly TNode[];
}

/** m, e^{Z − m} and s of the rows of Z, shared by every composite over the same Z. */
function shifted(z: TNode): { m: TNode; e: TNode; s: TNode } {
  const m = reduce(z, 'row', 'max');
  const e = ew([z, m], SHIFTED_EXP, [P0, P1], { tag: 'exp_shifted', label: 'e^{#1 - #2}' });
  return { m, e, s: reduce(e, 'row', 'sum') };
}

/** softmax by rows: e^{Z − m} / s. */
export function softmax(z: TNode): TNode {
  const { e, s } = shifted(z);
  return ew([e, s], FORMULAS.div, [P0, P1], { tag: 'softmax', label: '\\frac{#1}{#2}' });
}

/** log-softmax by rows: Z − (m + log s). */
export function logSoftmax(z: TNode): TNode {
  const { m, s } = shifted(z);
  return ew([z, m, s], LOG_SOFTMAX, [P0, P1, P2], { tag: 'log_softmax', label: '#1 - \\left(#2 + \\log #3\\right)' });
}

/** Cross-entropy of each row (B × 1): −(Q ⊙ log_softmax(Z))𝟏 for targets Q. */
export function crossEntropy(z: TNode, q: TNode): TNode {
  return reduce(ew([q, logSoftmax(z)], NEG_PRODUCT, [P0, P1], { tag: 'neg_product', label: '-\\left(#1 \\odot #2\\right)' }), 'row', 'sum');
}

const isEw = (n: TNode | undefined, fn: unknown): boolean => n?.op === 'ew' && n.attr.fn === fn;
const isRowReduce = (n: TNode | undefined, kind: 'sum' | 'max'): boolean => n?.op === 'reduce' && n.attr.axis === 'row' && n.attr.reduce === kind;

/** Z when `e` is e^{Z − m} and `s` its row sum, with m the row maximum of Z. */
function shiftedInput(e: TNode | undefined, s: TNode | undefined, m?: TNode): TNode | undefined {
  if (!isEw(e, SHIFTED_EXP) || !isRowReduce(s, 'sum') || s!.args[0] !== e) return undefined;
  const [z, mx] = e!.args as [TNode, TNode];
  if (!isRowReduce(mx, 'max') || mx.args[0] !== z || (m !== undefined && m !== mx)) return undefined;
  return z;
}

/** The composite `n` is the root of, if any. */
export function compositeOf(n: TNode): Composite | undefined {
  if (isEw(n, FORMULAS.div)) {
    const z = shiftedInput(n.args[0], n.args[1]);
    return z ? { name: 'softmax', inputs: [z] } : undefined;
  }
  if (isEw(n, LOG_SOFTMAX)) {
    const [z, m, s] = n.args;
    const zz = shiftedInput(s?.args[0], s, m);
    return zz && zz === z ? { name: 'log_softmax', inputs: [z] } : undefined;
  }
  if (isRowReduce(n, 'sum') && isEw(n.args[0], NEG_PRODUCT)) {
    const [q, l] = n.args[0]!.args as [TNode, TNode];
    const inner = compositeOf(l);
    return inner?.name === 'log_softmax' ? { name: 'xent', inputs: [inner.inputs[0]!, q] } : undefined;
  }
  return undefined;
}
