/**
 * Lowering of an elementwise node with a repeated argument that is not a bias add after a
 * product: each repeated argument is broadcast into a buffer and one map reads them all. No
 * network file makes such a node today (biases fuse into their product, composites lower
 * whole), so the program is lowered from a view whose loss is replaced by one, and its value
 * compared with the matrix interpreter's.
 */
import { describe, expect, it } from 'vitest';
import * as E from '../../src/expr/build.js';
import { networkFromObject } from '../../src/nn/load.js';
import { evaluateView, matrixView, T, P0, P1, P2, run, schedule, type TNode } from '../../src/nn/matrix/index.js';
import { flattenParams } from '../../src/nn/params.js';
import { lowerMatrixView } from '../../src/compile/tensor.js';
import { renderLoopProgramJs } from '../../src/compile/js.js';

describe('lowering an elementwise node with broadcast arguments', () => {
  it('computes what the interpreter computes', () => {
    const spec = networkFromObject({
      layers: [{ type: 'linear', in: 2, out: 3 }, 'tanh', { type: 'linear', in: 3, out: 2 }],
      loss: 'mse', optimizer: 'sgd', data: { x: [[1, 2], [0.5, -1], [-2, 0.3]], y: [[0, 1], [1, 0], [0.2, 0.4]] },
    });
    const view = matrixView(spec);
    const A = view.forward.find((t) => t.id === 'A1')!.node;
    // ℓ = Σ A ⊙ e^{(colsum A)} − rowsum(A): a row (1 × 3) and a column (B × 1) repeated
    const f = T.ew([A, T.colsum(A), T.rowsum(A)], E.sub(E.mul(P0, E.exp(P1)), P2), [P0, P1, P2], { tag: 'g', label: 'g\\left(#1, #2, #3\\right)' });
    const loss = T.sum(f);
    const prog = lowerMatrixView(spec, { ...view, loss }, view.layout, 3);
    expect(prog.grad.filter((s) => s.kind === 'broadcast')).toHaveLength(2);
    const made = new Function(renderLoopProgramJs(prog, { dtype: 'float64', header: [] }))() as { grad: (p: Float64Array, x: Float64Array, y: Float64Array, g: Float64Array) => number };
    const p = flattenParams(spec, view.layout);
    const got = made.grad(p, Float64Array.from(spec.data.x.flat()), Float64Array.from(spec.data.y.flat()), new Float64Array(view.layout.size));
    const values = evaluateView(view, { forwardOnly: true });
    const want = run(schedule([loss]), (leaf: TNode) => values.value(leaf)!, 3);
    expect(got).toBeCloseTo(want.get(loss)!.data[0]!, 12);
  });
});
