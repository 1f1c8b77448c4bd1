/**
 * nn.CrossEntropyLoss with class-probability targets (`targets: probabilities`, y rows of the
 * logits' shape): the label-smoothed variant through train, both views (closed and chain) and both
 * compiled views against soft_ce_reference.py (network.test.ts runs the plain soft-ce network), the
 * loader's located lines, the documents (en/ko, both views) and the API.
 */
import '../../src/derive/katex-node.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseNetwork } from '../../src/nn/load.js';
import { close, compiledMatches, reference, trainMatches } from './reference-check.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';
import { nn } from '../../src/nn/api.js';
import { derive, render } from '../../src/derive/index.js';
import { SymgradError } from '../../src/errors.js';

const text = readFileSync('test/ops/fixtures/soft-ce.yaml', 'utf8');
const smooth = parseNetwork(text.replace('{type: cross_entropy, targets: probabilities}', '{type: cross_entropy, targets: probabilities, label_smoothing: 0.2}'), 'smooth.yaml');
const ref = reference('soft-ce-smooth');
// with a class weight: ℓ_n = −Σ_c w_c q̃_c log p_c, mean ÷ the batch (not Σ w, as with class indices)
const weighted = parseNetwork(text.replace('{type: cross_entropy, targets: probabilities}', '{type: cross_entropy, targets: probabilities, label_smoothing: 0.2, weight: [0.5, 2.0, 1.0]}'), 'weighted.yaml');

function refusal(yaml: string): string {
  try { parseNetwork(yaml, 'net.yaml'); } catch (e) { if (e instanceof SymgradError) return e.format(); throw e; }
  return 'accepted';
}

describe('cross_entropy with probability targets', () => {
  it.each([['label-smoothed', smooth, ref], ['smoothed and class-weighted', weighted, reference('soft-ce-weighted')]] as const)('%s: train (two steps) and both compiled views reproduce the float64 reference', (_what, spec, expected) => {
    expect(spec.loss).toMatchObject({ type: 'cross_entropy', targets: 'probabilities', label_smoothing: 0.2 });
    trainMatches(spec, expected);
    compiledMatches(spec, expected, 'scalar');
    compiledMatches(spec, expected, 'matrix');
  });

  it.each([['label-smoothed', smooth, ref], ['smoothed and class-weighted', weighted, reference('soft-ce-weighted')]] as const)('%s: the matrix view (Y of the logits\' shape), closed form and chain', (_what, spec, expected) => {
    const v = matrixView(spec);
    expect(v.Y.shape).toEqual(['B', 3]);
    for (const derivation of ['closed', 'chain'] as const) {
      const r = evaluateView(v, { derivation });
      close(r.loss, expected.loss);
      for (const [k, g] of Object.entries(r.gradByKey)) close([...g.data], expected.grad[k]);
    }
  });

  const net = (loss: string, y: string) => ['layers: [{type: linear, in: 2, out: 3}]', `loss: ${loss}`, 'optimizer: sgd', `data: {x: [[1, 2], [0, 1]], y: ${y}}`].join('\n');
  it.each([
    ['{type: cross_entropy, targets: soft}', '[[0.5, 0.5, 0], [0, 0, 1]]', /net\.yaml:2: loss\.targets: .*soft/],
    ['{type: cross_entropy, targets: probabilities}', '[[0.5, 0.5], [0, 1]]', /net\.yaml:4: data\.y.*3/],
    ['{type: cross_entropy, targets: probabilities, weight: [1, 2]}', '[[0.5, 0.5, 0], [0, 0, 1]]', /net\.yaml:2: loss\.weight: expected 3 numbers \(one per class\), got 2/],
    ['{type: cross_entropy}', '[[0.5, 0.5, 0], [0, 0, 1]]', /net\.yaml:4: data\.y\[0\]: expected one class index, got 3 numbers \(for rows of class probabilities write loss\.targets: probabilities\)/],
    ['{type: nll, targets: probabilities}', '[[1], [2]]', /net\.yaml:2: loss\.targets: unknown key 'targets'/],
  ])('refuses %s with y %s in a located line', (loss, y, message) => {
    expect(refusal(net(loss, y))).toMatch(message);
  });

  it('documents (en/ko, both views) and the API', () => {
    const spec = parseNetwork(text, 'soft-ce.yaml');
    const one = parseNetwork(text.replace(/ {2}x: .*\n {2}y: .*\n/, '  x: [[1.0, -2.0, 0.5]]\n  y: [[0.7, 0.2, 0.1]]\n'), 'one.yaml');
    for (const lang of ['en', 'ko'] as const) {
      const md = render(derive(one, { view: 'scalar' }), 'md', lang).get('derivation.md')!;
      expect(md).toContain('nn.CrossEntropyLoss');
      expect(md).toContain('y_{1} = 0.7000, \\; y_{2} = 0.2000, \\; y_{3} = 0.1000');
      expect(md).not.toMatch(/NaN|undefined/);
      const mx = render(derive(spec, { view: 'matrix' }), 'md', lang).get('derivation.md')!;
      expect(mx).toContain('Y \\odot \\log\\left(\\operatorname{softmax}');
      expect(mx).not.toMatch(/NaN|undefined|onehot/);
    }
    expect(nn.CrossEntropyLoss({ targets: 'probabilities', label_smoothing: 0.1 })).toEqual({ type: 'cross_entropy', targets: 'probabilities', label_smoothing: 0.1 });
  });
});
