/**
 * Per-sample gradients in a batch document: inside sample k's section ∂L/∂W is sample k's own
 * gradient; outside, the batch's (the spec's reduction, here the mean over 4). A sample's gradient
 * printed for the batch's, the batch's for a sample's, or another sample's, is a wrong sample; the
 * sum printed for the mean leaves out 1/N. Network: the CSDN batch-of-4 corpus network (σ(Wx + b),
 * W = [0.1, 0.2], b = 0.05, ½(ŷ − y)² averaged). Expected values from a plain Python float64
 * computation written before these tests: sample 1 ∂L/∂W_1 = −0.022999, ∂L/∂W_2 = −0.045998;
 * sample 2 ∂L/∂W_1 = 0.013412, ∂L/∂W_2 = 0.067059; batch mean ∂L/∂W_1 = 0.010361,
 * ∂L/∂W_2 = 0.017528; batch sum ∂L/∂W_1 = 0.041443.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const spec = loadNetworkFile('test/check/corpus/csdn-batch4-zh/network.yaml');
const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');

const doc = (g1 = '-0.0230', g2 = '0.0671', batch = '0.0104') => [
  '## Sample 1',
  '',
  '$$\\hat{y} = \\sigma(0.15) = 0.537$$',
  `$$\\frac{\\partial L}{\\partial W_1} = (0.537 - 1) \\times 0.537 \\times (1 - 0.537) \\times 0.2 = ${g1}$$`,
  '',
  '## Sample 2',
  '',
  '$$\\hat{y} = \\sigma(0.16) = 0.540$$',
  `$$\\frac{\\partial L}{\\partial W_2} = ${g2}$$`,
  '',
  '## The batch (mean over the 4 samples)',
  '',
  `$$\\frac{\\partial L}{\\partial W_1} = ${batch}$$`,
].join('\n');

describe('per-sample gradients', () => {
  it('checks each sample\'s gradient against its own and the batch gradient against the mean', () => {
    const r = checkDocument(doc(), 'g.md', { spec });
    expect(flagged(r)).toEqual([]);
    expect(r.summary).toMatchObject({ passed: 5, failed: 0, not_checked: 0 });
  });

  it('finds the batch gradient printed in a sample\'s section (wrong sample)', () => {
    const f = flagged(checkDocument(doc('-0.0230', '0.0175'), 'g.md', { spec }));
    expect(f.map((x) => [x.line, x.cause])).toEqual([[9, 'wrong-sample']]);
    expect(f[0]!.message).toContain("not sample 2's own");
  });

  it('finds another sample\'s gradient in a sample\'s section', () => {
    const f = flagged(checkDocument(doc('-0.0230', '-0.0460'), 'g.md', { spec }));
    expect(f.map((x) => [x.line, x.cause])).toEqual([[9, 'wrong-sample']]);
    expect(f[0]!.message).toContain("sample 1's");
  });

  it('finds a sample\'s gradient printed as the batch gradient (wrong sample)', () => {
    const f = flagged(checkDocument(doc('-0.0230', '0.0671', '-0.0230'), 'g.md', { spec }));
    expect(f.map((x) => [x.line, x.cause])).toEqual([[13, 'wrong-sample']]);
    expect(f[0]!.message).toContain("sample 1's own");
  });

  it('finds the sum printed for the mean (the 1/N left out)', () => {
    const f = flagged(checkDocument(doc('-0.0230', '0.0671', '0.0414'), 'g.md', { spec }));
    expect(f.map((x) => [x.line, x.cause])).toEqual([[13, 'dropped-factor']]);
    expect(f[0]!.message).toContain('1/N');
  });

  it('with a summed loss, the mean printed for the batch gradient is an extra 1/N', () => {
    const summed = { ...spec, loss: { ...spec.loss, reduction: 'sum' } } as typeof spec;
    const ok = checkDocument(doc('-0.0230', '0.0671', '0.0414'), 'g.md', { spec: summed });
    expect(flagged(ok)).toEqual([]);
    const f = flagged(checkDocument(doc(), 'g.md', { spec: summed }));
    expect(f.map((x) => [x.line, x.cause])).toEqual([[13, 'extra-factor']]);
  });
});
