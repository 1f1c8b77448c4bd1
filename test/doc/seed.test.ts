/**
 * The tutorial's network (derivations/seed-2-2-1): every number the document prints equals the
 * float64 reference (/work/shared/reference → test copy below) rounded to 4 places, the forward
 * lines read as the tutorial writes them (with the correct +0.0439 on z_2), each gradient is
 * derived through the chain rule with the BCE∘sigmoid cancellation, and the loss after the
 * update is printed and lower than before.
 */
import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { derive, render } from '../../src/render/doc/index.js';

const spec = loadNetworkFile('derivations/seed-2-2-1/network.yaml');
const d = derive(spec);
const md = render(d, 'md', 'en').get('derivation.md')!;
const ko = render(d, 'md', 'ko').get('derivation.md')!;

// PyTorch float64 values for the seed (the same numbers as the shared reference file).
const REF = {
  forward: { z_1: 0.6477999999999999, z_2: 0.7225, '\\sigma_1': 0.6565145265936446, '\\sigma_2': 0.6731572963701318, z_3: -0.3415492970772158, '\\sigma_3': 0.4154331834389303 },
  loss: 0.5368841905553434,
  grad: { W_1: -0.016160061075902833, W_2: -0.016160061075902833, W_3: 0.010319305678560538, W_4: 0.010319305678560538, b_1: -0.016160061075902833, b_2: 0.010319305678560538, W_5: 0.2727379197567001, W_6: 0.27965187858618734, b_3: 0.4154331834389303 },
  after: { W_1: 0.4513600610759028, W_2: 0.3706600610759028, W_3: 0.18478069432143945, W_4: 0.47318069432143944, b_1: -0.12573993892409716, b_2: 0.03358069432143947, W_5: -0.4452379197567001, W_6: -0.16675187858618734, b_3: -0.7197331834389303 },
  lossAfter: 0.2804214083479139,
};
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12);

describe('seed 2-2-1 derivation', () => {
  it('carries the exact reference values (JSON data)', () => {
    for (const [k, v] of Object.entries(REF.forward)) close(d.data.forward[k]!, v);
    close(d.data.loss, REF.loss);
    close(d.data.loss_after, REF.lossAfter);
    for (const p of d.data.parameters) {
      close(p.grad!, REF.grad[p.symbol as keyof typeof REF.grad]);
      close(p.after, REF.after[p.symbol as keyof typeof REF.after]);
    }
    expect(d.data.parameters.map((p) => `${p.symbol}=${p.entry}`)).toContain('W_3=0.weight[1][0]');
  });

  it('writes the forward pass as the tutorial does, with the correct sign of b_2', () => {
    expect(md).toContain('z_{1} = W_{1} x_{1} + W_{2} x_{2} + b_{1} = 0.4352 \\times 1 + 0.3545 \\times 1 - 0.1419 = 0.6478');
    expect(md).toContain('z_{2} = W_{3} x_{1} + W_{4} x_{2} + b_{2} = 0.1951 \\times 1 + 0.4835 \\times 1 + 0.0439 = 0.7225');
    expect(md).toContain('\\frac{1}{1 + e^{-z_{1}}} = \\frac{1}{1 + e^{-0.6478}} = 0.6565');
    expect(md).toContain('\\frac{1}{1 + e^{0.3415}} = 0.4154');
  });

  it('prints every reference number rounded to 4 places', () => {
    const shown = (v: number) => v.toFixed(4);
    for (const v of [...Object.values(REF.forward), REF.loss, REF.lossAfter, ...Object.values(REF.grad), ...Object.values(REF.after)]) {
      expect(md, `missing ${shown(v)}`).toContain(shown(v));
    }
  });

  it('derives the output gradients by the chain rule, naming the rules and the cancellation', () => {
    expect(md).toContain('\\frac{\\partial \\mathcal{L}}{\\partial W_{5}} = \\frac{\\partial \\mathcal{L}}{\\partial \\sigma_{3}} \\, \\frac{\\partial \\sigma_{3}}{\\partial z_{3}} \\, \\frac{\\partial z_{3}}{\\partial W_{5}} = \\delta_{3} \\, \\sigma_{1} = 0.4154 \\times 0.6565 = 0.2727');
    expect(md).toContain('\\frac{\\partial \\sigma_{3}}{\\partial z_{3}} = \\sigma_{3} \\left(1 - \\sigma_{3}\\right) = 0.4154 \\times \\left(1 - 0.4154\\right) = 0.2428');
    expect(md).toContain('the sigmoid derivative');
    expect(md).toContain('\\delta_{3} = \\sigma_{3} - y = 0.4154 - 0 = 0.4154');
    expect(md).toContain('cancelling to');
    // the last factor of each gradient, ∂z/∂θ, is named too
    expect(md).toContain('$\\frac{\\partial z_{3}}{\\partial W_{5}} = \\sigma_{1}$, by the weighted sum being linear in the weight');
    expect(md).toContain('$\\frac{\\partial z_{3}}{\\partial b_{3}} = 1$, by the bias entering the weighted sum with factor 1');
    // the hidden layer reuses δ_3 instead of repeating the chain
    expect(md).toContain('\\delta_{1} = \\frac{\\partial \\mathcal{L}}{\\partial z_{1}} = \\left(\\delta_{3} \\frac{\\partial z_{3}}{\\partial \\sigma_{1}}\\right) \\frac{\\partial \\sigma_{1}}{\\partial z_{1}}');
    expect(md).toContain('= \\delta_{1} \\, x_{1} = \\left(-0.0162\\right) \\times 1 = -0.0162');
  });

  it('writes the update of every parameter and the lower loss after it', () => {
    expect(md).toContain('W_{1}(t+1) = W_{1}(t) - \\alpha \\frac{\\partial \\mathcal{L}}{\\partial W_{1}} = 0.4352 - 1 \\times \\left(-0.0162\\right) = 0.4514');
    expect(md).toContain('b_{3}(t+1) = b_{3}(t) - \\alpha \\frac{\\partial \\mathcal{L}}{\\partial b_{3}} = -0.3043 - 1 \\times 0.4154 = -0.7197');
    expect(md).toContain('$\\mathcal{L} = 0.2804$ (before the update: $0.5369$). The loss went down.');
    expect(d.data.loss_after).toBeLessThan(d.data.loss);
  });

  it('uses the tutorial\'s Korean terms', () => {
    for (const term of ['순전파', '역전파', '가중합', '활성화 함수', '오차', '연쇄법칙', '학습률', '가중치', '편향']) {
      expect(ko, term).toContain(term);
    }
    // the mathematics is the same in both languages
    const maths = (s: string) => s.match(/\$\$[^$]+\$\$/g);
    expect(maths(ko)).toEqual(maths(md));
  });
});
