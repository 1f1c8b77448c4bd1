/**
 * Random small networks for the compiler's property tests: every layer kind (linear with vector,
 * shared or no bias and frozen tensors; every catalog activation, softmax, a custom formula),
 * every loss (test/support/nets.ts) and every optimizer with its options, batch 1 to 3.
 * Weights come from the network's seed, data from fast-check; BCE gets a final sigmoid so its
 * inputs stay in (0, 1), cross-entropy gets class indices.
 */
import fc from 'fast-check';
import { networkFromObject } from '../../src/nn/load.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { isClassLoss } from '../../src/nn/catalog/index.js';

/** Every layer and loss kind, from the catalog (test/support/nets.ts). */
export { ACTIVATION_KINDS as ACTIVATIONS, LOSS_KINDS as LOSSES } from '../support/nets.js';
import { ACTIVATION_KINDS as ACTIVATIONS, LOSS_KINDS as LOSSES } from '../support/nets.js';

export const OPTIMIZERS = [
  { type: 'sgd', lr: 0.5 },
  { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, weight_decay: 0.01 },
  { type: 'sgd', lr: 0.1, momentum: 0.8, nesterov: true },
  { type: 'adam', lr: 0.01 },
  { type: 'adam', lr: 0.02, betas: [0.8, 0.99], weight_decay: 0.1 },
  { type: 'adamw', lr: 0.01, weight_decay: 0.05 },
] as const;

const arbLinearOpts = fc.record({
  bias: fc.constantFrom<unknown>(true, false, { shared: 0.25 }),
  freeze: fc.constantFrom<string[]>([], [], ['weight'], ['bias']),
});

/** A plain network object (the file's shape). */
export const arbNetworkObject = fc
  .record({
    seed: fc.integer({ min: 0, max: 10_000 }),
    inputs: fc.integer({ min: 1, max: 3 }),
    hidden: fc.array(fc.record({ width: fc.integer({ min: 1, max: 4 }), act: fc.constantFrom(...ACTIVATIONS), lin: arbLinearOpts }), { minLength: 0, maxLength: 2 }),
    outputs: fc.integer({ min: 1, max: 3 }),
    last: fc.record({ act: fc.constantFrom<unknown>(null, ...ACTIVATIONS), lin: arbLinearOpts }),
    loss: fc.constantFrom(...LOSSES),
    optimizer: fc.constantFrom(...OPTIMIZERS),
    batch: fc.integer({ min: 1, max: 3 }),
    data: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 30, maxLength: 30 }),
  })
  .map((r) => {
    const layers: unknown[] = [];
    let width = r.inputs;
    for (const h of r.hidden) {
      layers.push(linear(width, h.width, h.lin));
      layers.push(h.act);
      width = h.width;
    }
    const isCE = isClassLoss(r.loss.type);
    const outputs = isCE ? Math.max(2, r.outputs) : r.outputs;
    layers.push(linear(width, outputs, r.last.lin));
    if (r.loss.type === 'bce') layers.push({ type: 'sigmoid' });
    else if (r.last.act !== null) layers.push(r.last.act);
    let k = 0;
    const next = () => r.data[k++ % r.data.length]!;
    const x = Array.from({ length: r.batch }, () => Array.from({ length: r.inputs }, next));
    const y = Array.from({ length: r.batch }, (_, b) =>
      isCE ? [b % outputs] : Array.from({ length: outputs }, () => (r.loss.type.startsWith('bce') ? (next() + 2) / 4 : next())),
    );
    return { name: 'random', seed: r.seed, layers, loss: r.loss, optimizer: r.optimizer, data: { x, y } };
  });

function linear(inF: number, out: number, o: { bias: unknown; freeze: string[] }): unknown {
  // A frozen bias needs a bias to freeze.
  const freeze = o.bias === false ? o.freeze.filter((f) => f !== 'bias') : o.freeze;
  return { type: 'linear', in: inF, out, bias: o.bias, freeze };
}

export const arbNetwork: fc.Arbitrary<NetworkSpec> = arbNetworkObject.map((o) => networkFromObject(o));

/** |a − b| ≤ tol·(1 + |b|) for every element. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return a.length === b.length ? worst : Infinity;
}
