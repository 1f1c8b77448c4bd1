/**
 * Planted "wrong target or sample" slips: a loss or derivative printed with the true value the
 * quantity has for another target, and a per-sample output computed from another sample.
 * Expected values from a plain-float Python computation (Mazur's 2-2-2 net: out_o1 = 0.75136507,
 * out_o2 = 0.77292847; E with y_1 = 0.99 = 0.0520333, true 0.2983711; ∂E/∂w5 with y_1 = 0.99 =
 * −0.0264484, true 0.0821670; csdn batch: ŷ of sample 2 = σ(0.16) = 0.539915, of sample 3 = σ(0.22) = 0.554779).
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const spec = (id: string) => loadNetworkFile(`test/check/corpus/${id}/network.yaml`);
const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');

describe('the wrong target or sample', () => {
  const mazur = spec('mazur-en');

  it('names a loss computed with another output\'s target', () => {
    const r = checkDocument('$$ L = 0.0520 $$\n', 't.md', { spec: mazur });
    const f = flagged(r);
    expect(f.map((x) => x.cause)).toEqual(['wrong-target']);
    expect(f[0]!.message).toContain('y_1 = 0.99 (the target of y_2) instead of 0.01');
  });

  it('names a derivative computed with another target, and passes the right one', () => {
    const r = checkDocument('$$ \\frac{\\partial L}{\\partial W_5} = -0.0264 $$\n\n$$ \\frac{\\partial L}{\\partial W_6} = 0.0827 $$\n', 't.md', { spec: mazur });
    expect(r.equations.map((e) => e.status)).toEqual(['failed', 'passed']);
    expect(flagged(r).map((x) => x.cause)).toEqual(['wrong-target']);
  });

  it('names a per-sample output computed from another sample of the batch', () => {
    const r = checkDocument('$$ \\hat{y}^{(2)} = 0.5548 $$\n\n$$ \\hat{y}^{(3)} = 0.5548 $$\n', 't.md', { spec: spec('csdn-batch4-zh') });
    expect(r.equations.map((e) => e.status)).toEqual(['failed', 'passed']);
    const f = flagged(r);
    expect(f.map((x) => x.cause)).toEqual(['wrong-sample']);
    expect(f[0]!.message).toContain('sample 3 in place of sample 2');
  });
});
