/**
 * The document's scalar program (src/render/doc/network.ts) agrees with the nn helper's scalar
 * view (src/nn/scalar.ts) on every gallery network of batch one: the same symbol for the same
 * state_dict entry (W_1 = 0.weight[0][0], …), the same value for every symbol both define, and
 * the same loss. The document only renames the last activation (σ_3 where the view says ŷ).
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/nn/evaluate.js';
import { loadNetworkFile } from '../../src/nn/load.js';
import { scalarView } from '../../src/nn/scalar.js';
import { scalarNet } from '../../src/render/doc/network.js';
import { readGallery } from '../../src/render/doc/gallery.js';

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
});
