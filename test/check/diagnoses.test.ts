/**
 * Planted slips for the diagnoses and readings added for published documents (issue 10): a
 * dropped or extra factor, a label slip, a value carried over from a wrong printed number,
 * update phases, bindings by meaning (weight numbering per layer, ŷ as probabilities, per-output
 * losses). Each document is either a corpus document with one number changed, or a few lines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const corpus = (id: string) => ({
  text: readFileSync(`test/check/corpus/${id}/doc.md`, 'utf8'),
  spec: loadNetworkFile(`test/check/corpus/${id}/network.yaml`),
});
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');

describe('a dropped or extra constant factor', () => {
  it('names the ½ of a squared error dropped', () => {
    const r = checkDocument('$L = 1/2 * (1 * 2 - 4)^2 = 4$', 'f.md');
    expect(flagged(r).map((f) => [f.cause, f.severity])).toEqual([['dropped-factor', 'error']]);
    expect(flagged(r)[0]!.message).toContain('the ½ of the squared error dropped');
  });

  it('names the ½ applied twice', () => {
    const r = checkDocument('$L = 1/2 * (1.64 * 2 - 4)^2 = 0.13$', 'f.md');
    expect(flagged(r).map((f) => f.cause)).toEqual(['extra-factor']);
  });

  it('names the learning rate left out', () => {
    const r = checkDocument('$\\eta = 0.1$ and $\\Delta = \\eta \\cdot g = 0.1 \\cdot 4 = 4$', 'f.md');
    const f = flagged(r);
    expect(f.map((x) => x.cause)).toEqual(['dropped-factor']);
    expect(f[0]!.message).toContain('the learning rate α = 0.1 left out');
  });
});

describe('label slips: the number or formula of a sibling quantity under another name', () => {
  it('warns when ∂E/∂w_5 is given the value of ∂E/∂w_6', () => {
    const { text, spec } = corpus('mazur-en');
    const from = '0.74136507 \\times 0.186815602 \\times 0.593269992 = 0.082167041';
    expect(text).toContain(from);
    const planted = text.replace(from, '0.082667628');
    const r = checkDocument(planted, 'mazur.md', { spec });
    const f = flagged(r).filter((x) => x.line === lineOf(planted, '0.082667628'));
    expect(f.map((x) => [x.cause, x.severity])).toEqual([['label-slip', 'warning']]);
    expect(f[0]!.message).toContain('∂E_total/∂w_6');
    expect(flagged(r).filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('finds the formula of ∂L/∂w_9 written for ∂L/∂w_8 (column-wise numbering)', () => {
    const { text, spec } = corpus('postnetwork-en');
    const r = checkDocument(text, 'post.md', { spec });
    const f = flagged(r).filter((x) => x.line === lineOf(text, 'partial w_8} = '));
    expect(f.map((x) => x.cause)).toEqual(['label-slip']);
    expect(f[0]!.message).toContain('is ∂L/∂w_9');
  });
});

describe('one learning rate for a set of updates', () => {
  it('reports w_6⁺, w_7⁺, w_8⁺ that all fit α = 0.65 (lr 0.5) as one learning-rate slip', () => {
    const { text, spec } = corpus('mazur-en');
    const planted = text.replace('w_6^{+} = 0.408666186', 'w_6^{+} = 0.396266042').replace('w_7^{+} = 0.511301270', 'w_7^{+} = 0.514691651').replace('w_8^{+} = 0.561370121', 'w_8^{+} = 0.564781157');
    const r = checkDocument(planted, 'mazur.md', { spec });
    const f = flagged(r).filter((x) => x.severity === 'error');
    expect(f.map((x) => x.cause)).toEqual(['wrong-learning-rate', 'wrong-learning-rate', 'wrong-learning-rate']);
    expect(f[0]!.message).toContain('the 3 updates on lines 60, 61 all fit α = 0.65, but the optimizer\'s lr is 0.5');
  });

  it('leaves a single wrong update to its own diagnosis', () => {
    const { text, spec } = corpus('mazur-en');
    const r = checkDocument(text.replace('w_6^{+} = 0.408666186', 'w_6^{+} = 0.396266042'), 'mazur.md', { spec });
    expect(flagged(r).filter((x) => x.severity === 'error').map((x) => x.cause)).toEqual(['wrong-value']);
  });
});

describe('binding by meaning', () => {
  const { text, spec } = corpus('postnetwork-en');
  const r = checkDocument(text, 'post.md', { spec });

  it('infers one weight numbering per layer and says so', () => {
    expect(r.model.notes.some((n) => n.startsWith("w_1…w_6: read as layer 0's weights numbered by output unit"))).toBe(true);
    expect(r.model.notes.some((n) => n.startsWith("w_7…w_10: read as layer 2's weights numbered by input unit"))).toBe(true);
  });

  it('reads ŷ_k as softmax probabilities when they sum to 1, and z^{(4)} by its family', () => {
    expect(r.model.notes).toContain("ŷ_k: read as the softmax probabilities (the network's outputs are logits)");
    const z4 = flagged(r).find((f) => f.line === lineOf(text, 'z^{(4)} = -0.1'))!;
    expect(z4.message).toContain('the network gives z^{(4)} = 0.157444');
  });

  it('charges a later line that reuses the wrong 0.185 as carried over, not as a new slip', () => {
    const f = flagged(r).filter((x) => x.line === lineOf(text, 'approx 0.561'));
    expect(f.map((x) => [x.cause, x.severity])).toEqual([['carried-over', 'warning']]);
    expect(f[0]!.message).toContain('carried over from z^{(4)} = 0.185 (line 37');
  });

  it('binds nothing when both numberings fit, and raises no error', () => {
    const same = { ...spec, layers: spec.layers.map((l) => (l.type === 'linear' ? { ...l, weight: l.weight!.map((row) => row.map(() => 0.25)) } : l)) };
    const doc = '$w_1 = 0.25$, $w_2 = 0.25$, $w_3 = 0.25$, $w_4 = 0.25$, $w_5 = 0.25$, $w_6 = 0.25$';
    const rr = checkDocument(doc, 'same.md', { spec: same as typeof spec });
    expect(rr.model.notes.some((n) => n.includes('fit both numberings'))).toBe(true);
    expect(flagged(rr)).toEqual([]);
  });

  it("checks Mazur's per-output derivative ∂E_o2/∂out_h1 (rounding drift in the 9th decimal)", () => {
    const m = corpus('mazur-en');
    const rr = checkDocument(m.text, 'mazur.md', { spec: m.spec });
    expect(flagged(rr).map((f) => [f.line, f.cause])).toEqual([[lineOf(m.text, '= -0.019049119'), 'rounding-drift']]);
  });
});

describe('update phases', () => {
  const { text, spec } = corpus('zhanghuiwan-zh');

  it('reads three one-sample steps without calling the new values inconsistent', () => {
    const r = checkDocument(text, 'z.md', { spec });
    expect(flagged(r)).toEqual([]);
    expect(r.summary.passed).toBeGreaterThan(15);
  });

  it('still catches a slip in a later step', () => {
    const planted = text.replace('2 - 1 \\cdot 2 = 0 $', '2 - 1 \\cdot 2 = 3 $');
    const r = checkDocument(planted, 'z.md', { spec });
    expect(flagged(r).map((f) => [f.line, f.cause])).toEqual([[lineOf(planted, '2 - 1 \\cdot 2 = 3 $'), 'arithmetic']]);
  });

  it('reads w1 = 0.19 under "更新后的权值" as the weight after the step', () => {
    const w = corpus('weizhi-zh');
    const r = checkDocument(w.text, 'w.md', { spec: w.spec });
    const line = lineOf(w.text, '$w1 = 0.19$');
    expect(flagged(r).filter((f) => f.line === line && f.severity === 'error').map((f) => f.message)).toEqual([
      expect.stringContaining('w_1(t+1) = 0.19, but the network gives 0.208421'),
      expect.stringContaining('w_3(t+1) = 0.49, but the network gives 0.505053'),
    ]);
  });
});

describe('spellings', () => {
  it('reads {a \\over b}, Unicode subscripts, w5 without underscore and displays continued with =', () => {
    const doc = ['$$net_{h1} = (w₁ · x₁) + b$$', '$$= (0.15 × 0.05) + 0.35$$', '$$= 0.3575$$', '', '$w5 = 2$ so $y = {1 \\over w5} = 0.5$'].join('\n');
    const r = checkDocument(doc, 's.md');
    expect(r.summary.failed).toBe(0);
    expect(r.equations.find((e) => e.line === 1)!.status).toBe('passed');
    expect(r.equations.find((e) => e.subject === 'y')!.status).toBe('passed');
  });
});
