/**
 * The benchmark harness in smoke mode on workload (a): every contender is built, its gradient is
 * checked against symgrad's, and a contender with a wrong gradient is flagged. No timing is
 * asserted — only that timings exist and the agreement logic, the targets' judging behave.
 */
import { describe, expect, it } from 'vitest';
import { runWorkload } from '../../bench/bench.js';
import { casFactory } from '../../bench/contenders/cas.js';
import { REFERENCE_NAME, referenceFactory, referenceGrad } from '../../bench/contenders/reference.js';
import { symgradFactory } from '../../bench/contenders/symgrad.js';
import { tfjsFactory } from '../../bench/contenders/tfjs.js';
import type { Contender, Factory } from '../../bench/contenders/types.js';
import { compareGradients, summarize } from '../../bench/harness.js';
import { renderMarkdown } from '../../bench/report.js';
import { judgeTargets, type WorkloadResult } from '../../bench/results.js';
import { flattenSeed, readSeedReference, workloadA, workloadB, workloadC, type Workload } from '../../bench/workloads.js';

/** The hand-written gradient with one entry changed by `delta`, rounded to `dtype`. */
function doctored(name: string, delta: number, dtype: 'f64' | 'f32'): Factory {
  return async (w: Workload) => {
    const f = referenceGrad(w);
    const out = new Float64Array(w.params.length);
    const c: Contender = {
      name, kind: 'peer', dtype,
      run: (reps) => { for (let i = 0; i < reps; i++) f(w.params, w.x, w.y, out); },
      gradient: async () => {
        f(w.params, w.x, w.y, out);
        const g = dtype === 'f32' ? Float64Array.from(Float32Array.from(out)) : out.slice();
        g[3]! += delta;
        return g;
      },
    };
    return [c];
  };
}

describe('bench harness (smoke, workload a)', () => {
  it('checks every gradient against symgrad and flags the one that disagrees', async () => {
    // the default contenders but nerdamer (its derivation alone takes ~8 s) and GPU.js
    const factories = [
      referenceFactory, symgradFactory({ gpu: false }), tfjsFactory, casFactory({ mathjsSimplify: false, libraries: ['mathjs'] }),
      doctored('wrong by 1e-3', 1e-3, 'f64'),
      doctored('float32 rounding', 0, 'f32'),
    ];
    const r = await runWorkload(workloadA(), { quick: true, workloads: ['a'], gpu: false, factories });
    expect(r.baseline).toBe('symgrad js f64');
    expect(r.pytorchCheck?.agrees).toBe(true);
    const byName = new Map(r.contenders.map((c) => [c.name, c]));
    for (const name of [REFERENCE_NAME, 'symgrad js f64', 'symgrad js f32', 'TF.js cpu variableGrads', 'TF.js cpu manual backward', 'TF.js wasm variableGrads', 'mathjs', 'float32 rounding']) {
      const c = byName.get(name);
      expect(c?.skipped, name).toBeUndefined();
      expect(c?.agreement?.agrees, name).toBe(true);
      expect(c?.timing?.samples.length, name).toBeGreaterThanOrEqual(2);
    }
    // the baseline is compared with the hand-written reference, to float64 rounding
    expect(byName.get('symgrad js f64')!.agreement!.maxAbsDiff).toBeLessThan(1e-12);
    const wrong = byName.get('wrong by 1e-3')!;
    expect(wrong.agreement?.agrees).toBe(false);
    expect(wrong.agreement?.maxAbsDiff).toBeCloseTo(1e-3, 9);
    const md = renderMarkdown({ date: new Date(0).toISOString(), quick: true, clock: 'cpu', machine: { node: 'v', cpu: 'c', cores: 1, loadavg: [0] }, seconds: 1, workloads: [r], targets: judgeTargets([r]) });
    expect(md).toMatch(/\| wrong by 1e-3 \|.*✗ 1\.0e-3 \*\*disagrees\*\*/);
    expect(md).not.toMatch(/\| mathjs \|.*disagrees/);
  });
});

describe('agreement and statistics', () => {
  it('treats NaN and a length mismatch as disagreement, and scales the tolerance', () => {
    const want = Float64Array.of(1, -2, 300);
    expect(compareGradients(Float64Array.of(1, -2, 300), want, 'f64').agrees).toBe(true);
    expect(compareGradients(Float64Array.of(1, NaN, 300), want, 'f64').agrees).toBe(false);
    expect(compareGradients(Float64Array.of(1, -2), want, 'f64').agrees).toBe(false);
    // 300 · 2e-5 = 6e-3: an f32 result off by 1e-3 passes, an f64 one does not
    expect(compareGradients(Float64Array.of(1, -2, 300.001), want, 'f32').agrees).toBe(true);
    expect(compareGradients(Float64Array.of(1, -2, 300.001), want, 'f64').agrees).toBe(false);
  });

  it('summarizes samples by median and quartiles', () => {
    const t = summarize(10, [5, 1, 4, 2, 3]);
    expect([t.q1, t.median, t.q3]).toEqual([2, 3, 4]);
  });

  it('the hand-written references match the tutorial and finite differences', () => {
    const a = workloadA();
    const g = new Float64Array(a.params.length);
    referenceGrad(a)(a.params, a.x, a.y, g);
    expect(compareGradients(g, flattenSeed(readSeedReference().grad), 'f64').maxAbsDiff).toBeLessThan(1e-15);
    // central differences on a few weights and biases of every layer: tanh (b) and ReLU (c)
    const probes = { b: [0, 777, 8192 + 5, 8320 + 16000, 24832 + 1279, 26121], c: [3, 200704 + 7, 200960 + 2000, 203529] };
    for (const w of [workloadB(), workloadC()]) {
      const f = referenceGrad(w), g = new Float64Array(w.params.length), scratch = new Float64Array(w.params.length);
      f(w.params, w.x, w.y, g);
      const p = w.params.slice();
      for (const i of probes[w.id as 'b' | 'c']) {
        const h = 1e-6, v = p[i]!;
        p[i] = v + h; const up = f(p, w.x, w.y, scratch);
        p[i] = v - h; const down = f(p, w.x, w.y, scratch);
        p[i] = v;
        expect(Math.abs((up - down) / (2 * h) - g[i]!), `(${w.id}) param ${i}`).toBeLessThan(1e-8);
      }
    }
  });
});

describe('targets and README section', () => {
  const result = (median: Record<string, number>, agrees = true): WorkloadResult => ({
    id: 'b', title: 't', flops: 1, baseline: 'symgrad js f64', compile: {},
    contenders: Object.entries(median).map(([name, m]) => ({
      name, kind: 'peer' as const, timing: summarize(1, [m]),
      agreement: { maxAbsDiff: 0, tolerance: 1, agrees: name === 'symgrad js f64' ? agrees : true },
    })),
  });

  it('judges met, missed and not judged', () => {
    const [within, faster] = judgeTargets([result({ 'hand-written JS': 1, 'symgrad js f64': 1.3, 'TF.js cpu variableGrads': 2 })]);
    expect(within?.met).toBe(false);
    expect(faster?.met).toBe(true);
    expect(judgeTargets([result({ 'hand-written JS': 1, 'symgrad js f64': 1.1 }, false)])[0]?.met).toBeNull();
    expect(judgeTargets([result({ 'symgrad js f64': 1.1 })])[1]?.met).toBeNull();
  });
});
