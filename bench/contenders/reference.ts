/**
 * The hand-written JavaScript yardstick as a contender: straight-line code for the 2-2-1 network
 * (a), register-blocked matrix loops for the dense networks (b) and (c). Same call shape as
 * symgrad's compiled closure: grad(params, x, y, out) over Float64Arrays.
 */
import { makeMlpGrad } from '../reference/mlp.js';
import { grad221 } from '../reference/straight221.js';
import type { Workload } from '../workloads.js';
import { makeLoop, type Contender, type Factory } from './types.js';

export const REFERENCE_NAME = 'hand-written JS';

export function referenceGrad(w: Workload): (p: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array) => number {
  return w.id === 'a' ? grad221 : makeMlpGrad(w.sizes, w.hidden, w.batch);
}

export const referenceFactory: Factory = async (w) => {
  const f = referenceGrad(w);
  const p = w.params.slice(), x = w.x.slice(), y = w.y.slice(), out = new Float64Array(p.length);
  const contender: Contender = {
    name: REFERENCE_NAME,
    kind: 'reference',
    dtype: 'f64',
    note: w.id === 'a' ? 'straight-line' : 'register-blocked 4×4 loops',
    run: makeLoop(f, p, x, y, out, w.id === 'a'),
    gradient: async () => {
      f(p, x, y, out);
      return out.slice();
    },
  };
  return [contender];
};
