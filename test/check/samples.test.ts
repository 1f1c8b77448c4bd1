/**
 * Per-sample sections of a batch document (samples.ts): the same names (z, ŷ, L) in each sample's
 * section are that sample's. The network is the CSDN batch-of-4 corpus network (σ(Wx + b),
 * W = [0.1, 0.2], b = 0.05); expected values from its oracle (oracle/csdn-batch4-zh.py):
 * sample 1: z = 0.15, ŷ = 0.537430, L = ½(ŷ − 1)² = 0.107146; sample 2: z = 0.16, ŷ = 0.539915,
 * L = ½ŷ² = 0.145754. Also: operators written as text, `→` between equations, a short number put in.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const spec = loadNetworkFile('test/check/corpus/csdn-batch4-zh/network.yaml');
const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');

const doc = (first: string, second: string, l2 = '0.146') => [
  `## ${first}`,
  '',
  '$$z = 0.1 \\times 0.2 + 0.2 \\times 0.4 + 0.05 = 0.15$$',
  '$$\\hat{y} = \\sigma(0.15) = 0.537$$',
  '$$L = \\frac{1}{2}(0.537 - 1)^2 = 0.107$$',
  '',
  `## ${second}`,
  '',
  '$$z = 0.1 \\times 0.1 + 0.2 \\times 0.5 + 0.05 = 0.16$$',
  '$$\\hat{y} = \\sigma(0.16) = 0.540$$',
  `$$L = \\frac{1}{2}(0.540 - 0)^2 = ${l2}$$`,
].join('\n');

describe('per-sample sections', () => {
  it.each([['Sample 1', 'Sample 2'], ['첫 번째 데이터', '두 번째 데이터'], ['第一个样本', '第二个样本']])('binds %s / %s to their samples: no inconsistency, every value checked', (a, b) => {
    const r = checkDocument(doc(a, b), 'b.md', { spec });
    expect(flagged(r)).toEqual([]);
    expect(r.summary).toMatchObject({ passed: 6, failed: 0 });
    // Sample 2's loss is compared with sample 2's own loss (0.145754), not the batch's.
    expect(r.equations.find((e) => e.line === 11)!.status).toBe('passed');
  });

  it('finds a wrong loss in sample 2 against sample 2\'s own loss', () => {
    const r = checkDocument(doc('Sample 1', 'Sample 2', '0.156'), 'b.md', { spec });
    const f = flagged(r);
    expect(f.map((x) => x.line)).toEqual([11]);
    expect(f[0]!.message).toContain('0.145');
  });

});

describe('spellings of published notes', () => {
  it('reads \\text{×} as the multiplication and a → b = c as two statements', () => {
    const r = checkDocument('$a = 0.3 \\text{×} 0.1 + 0.25 \\text{×} 0.2 = 0.08$ and $b = 2 \\times 3 = 6 → c = b + 1 = 7$', 'k.md');
    expect(flagged(r)).toEqual([]);
    expect(r.summary.not_checked).toBe(0);
  });

  it('names the input whose short value was put in for a weight (wikidocs: 0.1 for W_1)', () => {
    const text = '$$W_{1}^{+}=W_{1}-α\\frac{∂E_{total}}{∂W_{1}}=0.1- 0.5 \\text{×} 0.00080888=0.29959556$$';
    const r = checkDocument(text, 'k.md', { spec: loadNetworkFile('test/check/corpus/kdelphinus-ko/network.yaml') });
    const f = flagged(r);
    expect(f.map((x) => x.cause)).toEqual(['wrong-operand']);
    expect(f[0]!.message).toContain('0.1 (the value of x_1) is put in');
  });
});
