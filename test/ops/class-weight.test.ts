/**
 * Tensor options of losses — class weights of nn.CrossEntropyLoss / nn.NLLLoss, nn.BCELoss's
 * per-output weight, nn.BCEWithLogitsLoss's pos_weight — beyond the reference networks (network.test.ts
 * runs weighted-ce, weighted-nll, bce-weights and bce-pos-weight through train, both compiled views and GPU.js): with label
 * smoothing too (train, both views — the matrix view's class weights a constant row — and their
 * compiled closures, against the same float64 reference), the per-output options in the matrix
 * view's interpreter, the loader's located errors, the documents' PyTorch call, the API and the
 * checker's PyTorch reader.
 */
import '../../src/derive/katex-node.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { parseNetwork } from '../../src/nn/load.js';
import { train } from '../../src/nn/evaluate.js';
import { compileGradient } from '../../src/compile/index.js';
import { evaluateView, matrixView } from '../../src/nn/matrix/index.js';
import { nn } from '../../src/nn/api.js';
import { readPytorch } from '../../src/check/pytorch.js';
import { derive, render } from '../../src/derive/index.js';
import { SymgradError } from '../../src/errors.js';

interface Reference { loss: number; grad: Record<string, unknown>; losses: number[]; params_after: Record<string, unknown> }
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
const close = (a: unknown, e: unknown) => flat(e).forEach((v, i) => expect(Math.abs(flat(a)[i]! - v)).toBeLessThanOrEqual(1e-12));
const text = readFileSync('test/ops/fixtures/weighted-ce.yaml', 'utf8');
const smooth = parseNetwork(text.replace('{type: cross_entropy, weight: [0.5, 2.0, 1.0]}', '{type: cross_entropy, weight: [0.5, 2.0, 1.0], label_smoothing: 0.1}'), 'smooth.yaml');
const ref = JSON.parse(readFileSync('test/ops/fixtures/weighted-ce-smooth.reference.json', 'utf8')) as Reference;

function refusal(yaml: string): string {
  try { parseNetwork(yaml, 'net.yaml'); } catch (e) { if (e instanceof SymgradError) return e.format(); throw e; }
  return 'accepted';
}

describe('class weights', () => {
  it('with label smoothing: −Σ_c w_c q_c log p_c over Σ w_{y_n}, train and both compiled views', () => {
    const r = train(smooth, { steps: 2 });
    close(r.loss, ref.loss);
    for (const [k, g] of Object.entries(ref.grad)) close(r.grad[k], g);
    for (const [k, p] of Object.entries(ref.params_after)) close(r.params_after[k], p);
    for (const view of ['scalar', 'matrix'] as const) {
      const c = compileGradient(smooth, { view });
      const g = new Float64Array(c.layout.paramCount);
      const { x, y } = c.data();
      close(c.grad(c.initialParams(), x, y, g), ref.loss);
      for (const e of c.layout.params) close([...g.subarray(e.offset, e.offset + e.size)], ref.grad[e.key]);
    }
  });

  it.each([
    ['weighted-ce-smooth', smooth, ref],
    ['bce-weights', loadNetworkFile('test/ops/fixtures/bce-weights.yaml'), JSON.parse(readFileSync('test/ops/fixtures/bce-weights.reference.json', 'utf8')) as Reference],
    ['bce-pos-weight', loadNetworkFile('test/ops/fixtures/bce-pos-weight.yaml'), JSON.parse(readFileSync('test/ops/fixtures/bce-pos-weight.reference.json', 'utf8')) as Reference],
  ])('%s: the matrix view (a constant row) reproduces the reference, closed form and chain', (_name, spec, expected) => {
    const v = matrixView(spec);
    expect(v.loss.shape).toEqual([1, 1]);
    for (const derivation of ['closed', 'chain'] as const) {
      const r = evaluateView(v, { derivation });
      close(r.loss, expected.loss);
      for (const [k, g] of Object.entries(r.gradByKey)) close([...g.data], expected.grad[k]);
    }
  });

  it('a compiled closure reads the weighted mean\'s denominator from the batch it is given', () => {
    const spec = loadNetworkFile('test/ops/fixtures/weighted-ce.yaml');
    for (const view of ['scalar', 'matrix'] as const) {
      const c = compileGradient(spec, { view });
      const g = new Float64Array(c.layout.paramCount);
      const { x } = c.data();
      // every sample class 1 (w = 2): the same loss as the unweighted mean, times nothing
      const other = parseNetwork(text.replace('y: [[2], [0], [1]]', 'y: [[1], [1], [1]]'), 'o.yaml');
      expect(Math.abs(c.grad(c.initialParams(), x, Float64Array.from([1, 1, 1]), g) - train(other, { steps: 0 }).loss)).toBeLessThan(1e-12);
    }
  });

  it.each([
    ['weight: [1, 2]', /net\.yaml:2: loss\.weight: expected 3 numbers \(one per class\), got 2/],
    ['weight: [1, -2, 1]', /net\.yaml:2: loss\.weight\[1\]: .*-2/],
    ['weight: [1, .inf, 1]', /net\.yaml:2: loss\.weight\[1\]/],
    ['weight: [1, 0, 0]', /net\.yaml:2: loss\.weight: the weights of the target classes sum to 0/],
  ])('refuses %s with a located line', (w, message) => {
    const yaml = ['layers: [{type: linear, in: 2, out: 3}]', `loss: {type: cross_entropy, ${w}}`, 'optimizer: sgd', 'data: {x: [[1, 2], [0, 1]], y: [[1], [2]]}'].join('\n');
    expect(refusal(yaml)).toMatch(message);
  });

  it.each([
    ['{type: bce, weight: [1, 2, 3]}', /net\.yaml:2: loss\.weight: expected 2 numbers \(one per output\), got 3/],
    ['{type: bce_with_logits, pos_weight: [1, .nan]}', /net\.yaml:2: loss\.pos_weight\[1\]/],
    ['{type: mse, weight: [1, 2]}', /net\.yaml:2: loss\.weight: unknown key 'weight'/],
  ])('per-output options: refuses %s with a located line', (loss, message) => {
    const yaml = ['layers: [{type: linear, in: 2, out: 2}, sigmoid]', `loss: ${loss}`, 'optimizer: sgd', 'data: {x: [[1, 2]], y: [[1, 0]]}'].join('\n');
    expect(refusal(yaml)).toMatch(message);
  });

  it('BCELoss(weight) and BCEWithLogitsLoss(pos_weight): documents (both views), API and checker', () => {
    const one = parseNetwork(['layers: [{type: linear, in: 2, out: 2, weight: [[0.5, -1], [0.3, 0.2]], bias: [0, 0.1]}, sigmoid]',
      'loss: {type: bce, weight: [0.3, 2.0]}', 'optimizer: sgd', 'data: {x: [[1, 2]], y: [[1, 0]]}'].join('\n'), 'one.yaml');
    const md = render(derive(one), 'md', 'ko').get('derivation.md')!;
    expect(md).toContain('nn.BCELoss(weight=tensor([0.3, 2]))');
    const mx = render(derive(one, { view: 'matrix' }), 'md', 'en').get('derivation.md')!;
    expect(mx).toContain('\\mathbf{w}');
    expect(nn.BCEWithLogitsLoss({ pos_weight: [3, 0.5] })).toEqual({ type: 'bce_with_logits', pos_weight: [3, 0.5] });
    const m = readPytorch('model = nn.Sequential(nn.Linear(2, 2))\ncriterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0, 0.5]), reduction="sum")')!;
    expect(m.loss).toEqual({ type: 'bce_with_logits', reduction: 'sum', pos_weight: [3, 0.5] });
    const b = readPytorch('model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid())\ncriterion = nn.BCELoss(weight=torch.tensor([0.3, 2.0]))')!;
    expect(b.loss).toEqual({ type: 'bce', weight: [0.3, 2] });
  });

  it('multi_margin: p is 1 or 2 (located), the API and the checker read it', () => {
    const yaml = ['layers: [{type: linear, in: 2, out: 3}]', 'loss: {type: multi_margin, p: 3}', 'optimizer: sgd', 'data: {x: [[1, 2]], y: [[1]]}'].join('\n');
    expect(refusal(yaml)).toMatch(/net\.yaml:2: loss\.p: .*3/);
    expect(nn.MultiMarginLoss({ p: 2, margin: 0.5 })).toEqual({ type: 'multi_margin', p: 2, margin: 0.5 });
    const m = readPytorch('model = nn.Sequential(nn.Linear(2, 3))\ncriterion = nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1.0, 2.0, 0.5]))')!;
    expect(m.loss).toEqual({ type: 'multi_margin', p: 2, margin: 0.5, weight: [1, 2, 0.5] });
    const f = readPytorch('model = nn.Sequential(nn.Linear(2, 3))\nloss = F.multi_margin_loss(model(x), y)')!;
    expect(f.loss).toEqual({ type: 'multi_margin' });
    // one sample, scores (0.2, 1.0, 0.1), class 1, p = 1, margin 1: (1 − 1 + 0.2 + 1 − 1 + 0.1)/3
    const one = parseNetwork(['layers: [{type: linear, in: 1, out: 3, weight: [[0.2], [1.0], [0.1]], bias: false}]',
      'loss: multi_margin', 'optimizer: sgd', 'data: {x: [[1]], y: [[1]]}'].join('\n'), 'one.yaml');
    expect(Math.abs(train(one, { steps: 0 }).loss - 0.3 / 3)).toBeLessThan(1e-15);
  });

  it('documents, the API and the checker name weight=tensor([…])', () => {
    const spec = loadNetworkFile('test/ops/fixtures/weighted-nll.yaml');
    const md = render(derive(spec, { view: 'matrix' }), 'md', 'en').get('derivation.md')!;
    expect(md).toContain('nn.NLLLoss(weight=tensor([1.5, 0.2, 0.7]))');
    expect(nn.CrossEntropyLoss({ weight: [1, 2] })).toEqual({ type: 'cross_entropy', weight: [1, 2] });
    const m = readPytorch('model = nn.Sequential(nn.Linear(2, 3))\nloss_fn = nn.CrossEntropyLoss(weight=torch.tensor([0.5, 2.0, 1.0]), label_smoothing=0.1)')!;
    expect(m.loss).toEqual({ type: 'cross_entropy', label_smoothing: 0.1, weight: [0.5, 2, 1] });
    const f = readPytorch('model = nn.Sequential(nn.Linear(2, 3), nn.LogSoftmax(dim=1))\nloss = F.nll_loss(model(x), y, weight=torch.tensor([1., 3., 1.]))')!;
    expect(f.loss).toEqual({ type: 'nll', weight: [1, 3, 1] });
  });
});
