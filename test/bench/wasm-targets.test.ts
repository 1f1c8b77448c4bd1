/**
 * Issue 13's targets: the wasm backend against the best peer by wall time (CPU ratio beside it),
 * float64 against float32, the (a) ratio and the wasm compile time — met, missed, or not judged
 * when a side is missing or its gradient disagrees.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/harness.js';
import { judgeTargets, type ContenderResult, type WorkloadResult } from '../../bench/results.js';

type Row = [name: string, kind: ContenderResult['kind'], cpu: number, wall: number, agrees?: boolean];

const workload = (id: 'a' | 'c', rows: Row[], compileWasm?: WorkloadResult['compileWasm']): WorkloadResult => ({
  id, title: 't', flops: 1, baseline: 'symgrad js f64', compile: {}, ...(compileWasm ? { compileWasm } : {}),
  contenders: rows.map(([name, kind, cpu, wall, agrees = true]) => ({
    name, kind, timing: summarize(1, [cpu], [wall]), agreement: { maxAbsDiff: 0, tolerance: 1, agrees },
  })),
});

const byTarget = (w: WorkloadResult) => new Map(judgeTargets([w]).map((t) => [t.target.replace(/^\(\w\) /, ''), t]));

describe('issue 13 targets', () => {
  it('judges (c) against the fastest agreeing peer by wall time', () => {
    const t = byTarget(workload('c', [
      ['symgrad wasm f32 2 threads', 'symgrad', 4, 2], ['symgrad wasm f32 1 thread', 'symgrad', 3, 3.2],
      ['symgrad wasm f64 1 thread', 'symgrad', 7, 7], ['jax-js wasm jit(grad)', 'peer', 6, 3],
      ['TF.js wasm manual backward fast layout', 'peer', 5, 2.5, false], ['mathjs', 'peer', 1, 1],
    ], { median: 0.01, first: 0.02, repeats: 3 }));
    const all = t.get('symgrad wasm f32, all cores ≤ 0.77× the best peer (wall time)')!;
    expect(all.met).toBe(true); // 2 / 3 against jax-js (TF.js disagrees, mathjs is not a peer here)
    expect(all.measured).toMatch(/^0\.67× the wall time of jax-js/);
    expect(all.measured).toMatch(/CPU time 0\.67×/);
    expect(t.get('symgrad wasm f32, 1 thread ≤ 1.0× the best peer (wall time, the peer on all its threads)')!.met).toBe(false);
    expect(t.get('symgrad wasm f64 ≤ 2.2× f32 (1 thread)')!.met).toBe(false); // 7 / 3
    expect(t.get('derive + compile + instantiate (wasm f32) under 50 ms')!.met).toBe(true);
  });

  it('does not judge without a peer or a wasm row, and checks (a) against 1.15×', () => {
    const t = byTarget(workload('c', [['symgrad wasm f32 1 thread', 'symgrad', 3, 3]]));
    expect(t.get('symgrad wasm f32, 1 thread ≤ 1.0× the best peer (wall time, the peer on all its threads)')!.met).toBeNull();
    expect(t.get('symgrad wasm f32, all cores ≤ 0.77× the best peer (wall time)')!.met).toBeNull();
    expect(t.get('derive + compile + instantiate (wasm f32) under 50 ms')!.met).toBeNull();
    const a = byTarget(workload('a', [['symgrad js f64', 'symgrad', 1.1, 1.1], ['hand-written JS', 'reference', 1, 1]]));
    expect(a.get('symgrad (auto: js straight line) ≤ 1.15× hand-written straight-line JS')!.met).toBe(true);
  });
});
