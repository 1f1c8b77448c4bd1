/**
 * Class targets: nn.CrossEntropyLoss and nn.NLLLoss read class indices y (B × 1), but their
 * formulas read the target distribution Q = (1 − ε)·onehot(y) + ε/C (label smoothing ε over C
 * classes). Turning indices into Q is data preparation, not a differentiable function — an
 * index has no derivative — so Q is an input of the tensor program, like X and Y, whose value is
 * prepared from the class indices before the program runs (by the interpreter's caller,
 * values.ts, and by the compiled code's one-hot step, compile/tensor.ts). It prints as
 * onehot(Y), so a document reads what it is. A loss's tensor option (bce's weight, bce_with_logits's
 * pos_weight, a class weight beside label smoothing) is the same kind of leaf: a 1 × C input bound
 * to the option's numbers (`constantRow`), broadcast into the loss's elementwise node.
 */
import { intern, type Prep, type TNode } from './node.js';
import { mat, type Mat } from './kernels.js';
import { checkShape, shapeText } from './shape.js';

/** The input Q of one-hot targets (B × classes) for the class-index input `y` (B × 1). */
export function classTargets(y: TNode, classes: number, smoothing: number): TNode {
  checkShape(y.shape[1] === 1, 'class targets', `expected one class index per row, got ${shapeText(y.shape)}`);
  const oh = `\\operatorname{onehot}\\left(${y.attr.tex ?? y.attr.name}\\right)`;
  const tex = smoothing === 0 ? oh : `\\left(${1 - smoothing} \\, ${oh} + \\frac{${smoothing}}{${classes}}\\right)`;
  const prep: Prep = { of: y.attr.name ?? 'Y', classes, smoothing };
  return intern('input', [], [y.shape[0], classes], { name: 'Q', tex, prep });
}

/** Q's value from the class indices (already checked to be integers in 0..C−1). */
export function prepareTargets(p: Prep, y: Mat): Mat {
  const C = p.classes;
  const out = mat(y.rows, C, new Float64Array(y.rows * C).fill(p.smoothing / C));
  for (let r = 0; r < y.rows; r++) out.data[r * C + y.data[r]!]! += 1 - p.smoothing;
  return out;
}

/** The 1 × n input bound to the numbers `values` (a loss option), printed as `tex`. */
export function constantRow(name: string, tex: string, values: readonly number[]): TNode {
  return intern('input', [], [1, values.length], { name, tex, values });
}

/** A constant row's value. */
export const rowValue = (values: readonly number[]): Mat => mat(1, values.length, Float64Array.from(values));
