/**
 * The document's scalar program (src/render/doc/network.ts) agrees with the nn helper's scalar
 * view (src/nn/scalar.ts) on every gallery network of batch one: the same symbol for the same
 * state_dict entry (W_1 = 0.weight[0][0], …), the same value for every symbol both define, and
 * the same loss. The document only renames the last activation (σ_3 where the view says ŷ).
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/nn/evaluate.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { scalarView } from '../../src/nn/scalar.js';
import { scalarNet } from '../../src/render/doc/network.js';
import { readGallery } from '../../src/render/doc/gallery-node.js';
import { networkFromObject } from '../../src/nn/load.js';

const nets = readGallery('derivations').documents.map((d) => d.dir).filter((d) => loadNetworkFile(`derivations/${d}/network.yaml`).data.x.length === 1);

describe('document program vs nn scalar view', () => {
  it('covers the batch-one gallery networks', () => expect(nets.length).toBeGreaterThanOrEqual(5));

  it.each(nets)('%s: same parameters, values and loss', (dir) => {
    const spec = loadNetworkFile(`derivations/${dir}/network.yaml`);
    const net = scalarNet(spec);
    const view = scalarView(spec);
    const mine = net.params.map((p) => `${p.sym.name}=${p.key}[${p.index.join(',')}]`).sort();
    const theirs = view.params.map((p) => `${p.symbol.name}=${p.key}[${p.index.join(',')}]`).sort();
    expect(mine).toEqual(theirs);
    const ref = train(spec, { steps: 0 });
    let shared = 0;
    for (const [s, v] of net.values) {
      const r = ref.symbols[s.name];
      if (r === undefined) continue;
      expect(Math.abs(v - r), s.name).toBeLessThan(1e-12 * Math.max(1, Math.abs(r)));
      shared += 1;
    }
    expect(shared).toBeGreaterThan(3);
    expect(Math.abs(net.values.get(net.loss)! - ref.loss)).toBeLessThan(1e-12);
  });

  it('spells a hand calculation: σ numbered per base, the output keeps its name, the loss term by term', () => {
    const spec = networkFromObject({
      layers: [{ type: 'linear', in: 1, out: 2, weight: [[0.3], [0.4]], bias: [0.1, -0.1] }, 'relu',
        { type: 'linear', in: 2, out: 2, weight: [[0.6, -0.8], [0.1, 0.2]], bias: [0.05, 0.1] }, 'sigmoid'],
      loss: 'bce', optimizer: 'sgd', data: { x: [[0.5]], y: [[1, 0]] },
    });
    const net = scalarNet(spec);
    expect(net.program.targets.map((s) => s.name)).toEqual(['z_1', 'z_2', 'a_1', 'a_2', 'z_3', 'z_4', '\\sigma_1', '\\sigma_2', '\\mathcal{L}']);
    expect(net.inputs.map((s) => s.name)).toEqual(['x']);
    expect(net.hats.map((s) => s.name)).toEqual(['\\hat{y}_1', '\\hat{y}_2']);
    expect(net.params.map((p) => p.entry)).toEqual(['0.weight[0][0]', '0.weight[1][0]', '0.bias[0]', '0.bias[1]', '2.weight[0][0]', '2.weight[0][1]', '2.weight[1][0]', '2.weight[1][1]', '2.bias[0]', '2.bias[1]']);
    expect(net.stages.map((s) => s.outs.length)).toEqual([2, 2, 2, 2]);
    // ℓ_1 + ℓ_2 as written (each BCE term −(…) stays a term of its own), over 2 outputs
    const L = net.lossAssignment.expr;
    expect([L.op, L.args[0]!.op, L.args[0]!.args[1]!.op]).toEqual(['div', 'add', 'neg']);
    expect(Math.abs(net.values.get(net.loss)! - train(spec, { steps: 0 }).loss)).toBeLessThan(1e-12);
  });
});
