/**
 * The two symbolic views of one network agree: the matrix view's loss and every gradient equal
 * the scalar view's (src/nn/scalar.ts, evaluated symbol by symbol) to 1e-12, for every hidden
 * layer kind × every loss kind, batch 1 and batch > 1, with shared biases and frozen weights.
 */
import { describe, expect, it } from 'vitest';
import { constant } from '../../src/expr/node.js';
import { evaluate } from '../../src/expr/eval.js';
import { scalarView } from '../../src/nn/scalar.js';
import { matrixView, evaluateView } from '../../src/nn/matrix/index.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { ACTIVATIONS, LOSSES, randomNet } from './nets.js';
import { sampled } from '../support/quick.js';

/** Loss and flat gradient from the scalar view: assignments in order, then the adjoints. */
function scalarNumbers(spec: NetworkSpec): { loss: number; grad: Float64Array } {
  const sv = scalarView(spec);
  const values = sv.env();
  for (const a of sv.program.assignments) values[a.target.name] = evaluate(a.expr, values);
  const adjoint = sv.gradient().adjoint;
  const grad = new Float64Array(sv.layout.size);
  for (const p of sv.params) if (!p.frozen) grad[p.flat] = evaluate(adjoint.get(p.symbol) ?? constant(0), values);
  return { loss: values[sv.loss.name]!, grad };
}

function expectAgree(spec: NetworkSpec): void {
  const s = scalarNumbers(spec);
  const v = matrixView(spec);
  for (const derivation of ['closed', 'chain'] as const) {
    const m = evaluateView(v, { derivation });
    expect(Math.abs(m.loss - s.loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(s.loss)));
    m.grad.forEach((g, i) => expect(Math.abs(g - s.grad[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(s.grad[i]!))));
  }
}

describe('matrix view agrees with the scalar view', () => {
  let seed = 500;
  for (const hidden of ACTIVATIONS) {
    for (const loss of LOSSES) {
      for (const batch of [1, 2]) {
        const s = seed++;
        it.skipIf(!sampled(s))(`${hidden.type} hidden, ${loss.type}/${loss.reduction}, batch ${batch}`, () => {
          expectAgree(randomNet({ widths: [2, 3, 2], hidden, loss, batch, seed: s }));
        });
      }
    }
  }

  it('shared bias, frozen first-layer weight, three layers', () => {
    expectAgree(randomNet({ widths: [2, 3, 2, 2], hidden: { type: 'tanh' }, loss: { type: 'mse', reduction: 'mean' }, batch: 3, seed: 3, bias: 'shared', freeze: ['weight'] }));
  });
});
