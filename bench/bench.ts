/**
 * One benchmark run: for each workload, time symgrad's derive+compile, build every contender,
 * check each one's gradient against the baseline (symgrad js f64, itself checked against the
 * hand-written reference; for (a) the reference is also checked against the tutorial's PyTorch
 * numbers), then time them all side by side (harness.ts) and judge the targets.
 */
import os from 'node:os';
import { casFactory } from './contenders/cas.js';
import { REFERENCE_NAME, referenceFactory } from './contenders/reference.js';
import { symgradFactory, timeCompile } from './contenders/symgrad.js';
import { tfjsFactory } from './contenders/tfjs.js';
import { jaxjsFactory } from './contenders/jaxjs.js';
import type { CompileOptions } from '../src/compile/index.js';
import { isSkipped, skippedBecause, type Contender, type Entry, type Factory } from './contenders/types.js';
import { compareGradients, measure, quantile, type Agreement, type Clock, type MeasureOptions } from './harness.js';
import { judgeTargets, type BenchResults, type CompileResult, type ContenderResult, type WorkloadResult } from './results.js';
import { flattenSeed, readSeedReference, workload, type Workload, type WorkloadId } from './workloads.js';

export interface BenchOptions {
  /** A short smoke run: tiny sample counts, no mathjs simplification. */
  readonly quick: boolean;
  readonly workloads: readonly WorkloadId[];
  /** Include the GPU.js backend. */
  readonly gpu: boolean;
  /** The clock of the verdict (default cpu: this process's CPU time). */
  readonly clock?: Clock;
  /** Replaces the default contenders (tests inject their own). */
  readonly factories?: readonly Factory[];
  readonly log?: (message: string) => void;
}

export const BASELINE_NAME = 'symgrad js f64';

export function defaultFactories(opts: Pick<BenchOptions, 'quick' | 'gpu'>): Factory[] {
  return [referenceFactory, symgradFactory({ gpu: opts.gpu }), tfjsFactory, jaxjsFactory, casFactory({ mathjsSimplify: !opts.quick })];
}

/** Sampling per workload: more rounds where a gradient is cheap, a larger budget where it is not. */
export function measureOptions(id: WorkloadId, quick: boolean): MeasureOptions {
  if (quick) return { warmupMs: 20, sampleMs: 2, maxRounds: 3, minRounds: 2, budgetMs: 1_000 };
  const common = { warmupMs: 300, minRounds: 5 };
  if (id === 'a') return { ...common, sampleMs: 10, maxRounds: 40, budgetMs: 12_000 };
  if (id === 'b') return { ...common, sampleMs: 30, maxRounds: 30, budgetMs: 20_000 };
  return { ...common, sampleMs: 0, maxRounds: 15, budgetMs: 50_000 };
}

const COMPILE_REPEATS: Record<WorkloadId, number> = { a: 10, b: 5, c: 5 };

const median = (xs: readonly number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);

async function compileTiming(w: Workload, quick: boolean, clock: Clock, opts?: CompileOptions): Promise<CompileResult> {
  try {
    const t = await timeCompile(w, quick ? 1 : COMPILE_REPEATS[w.id], clock, opts);
    return { first: t.first, median: median(t.repeats), otherMedian: median(t.otherRepeats), repeats: t.repeats.length, mode: t.mode };
  } catch (e) {
    return { skipped: skippedBecause('compile', 'symgrad', e).skipped };
  }
}

async function buildEntries(w: Workload, factories: readonly Factory[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const f of factories) {
    try {
      entries.push(...(await f(w)));
    } catch (e) {
      entries.push(skippedBecause(f.name || 'contender', 'peer', e));
    }
  }
  return entries;
}

/** Every contender's gradient against the baseline's; the baseline's against the reference. */
async function agreements(contenders: readonly Contender[]): Promise<{ baseline: string; byName: Map<string, Agreement> }> {
  const ref = contenders.find((c) => c.name === REFERENCE_NAME);
  const base = contenders.find((c) => c.name === BASELINE_NAME) ?? ref;
  const byName = new Map<string, Agreement>();
  if (!base) return { baseline: 'none', byName };
  const want = await base.gradient();
  for (const c of contenders) {
    const other = c === base && ref && ref !== base ? await ref.gradient() : want;
    if (c === base && other === want) continue;
    // a contender that fails to produce a gradient at all counts as disagreeing
    const got = await c.gradient().catch(() => new Float64Array(0));
    byName.set(c.name, compareGradients(got, other, c.dtype));
  }
  return { baseline: base.name, byName };
}

export async function runWorkload(w: Workload, opts: BenchOptions): Promise<WorkloadResult> {
  const log = opts.log ?? (() => {});
  log(`(${w.id}) ${w.title}`);
  const compile = await compileTiming(w, opts.quick, opts.clock ?? 'cpu');
  const compileWasm = w.id === 'a' ? undefined : await compileTiming(w, opts.quick, opts.clock ?? 'cpu', { backend: 'wasm', dtype: 'float32', threads: 1 });
  const entries = await buildEntries(w, opts.factories ?? defaultFactories(opts));
  const contenders = entries.filter((e): e is Contender => !isSkipped(e));
  const { baseline, byName } = await agreements(contenders);
  for (const [name, a] of byName) if (!a.agrees) log(`    ✗ ${name} disagrees with ${baseline}: max |Δ| ${a.maxAbsDiff.toExponential(2)}`);
  let pytorchCheck: Agreement | undefined;
  const ref = contenders.find((c) => c.name === REFERENCE_NAME);
  if (w.id === 'a' && ref) pytorchCheck = compareGradients(await ref.gradient(), flattenSeed(readSeedReference().grad), 'f64');
  log(`    timing ${contenders.length} contenders`);
  const timings = await measure(contenders, { ...measureOptions(w.id, opts.quick), clock: opts.clock ?? 'cpu' }, log);
  const refMedian = ref ? timings[contenders.indexOf(ref)]!.median : NaN;
  const results: ContenderResult[] = entries.map((e) => {
    if (isSkipped(e)) return { name: e.name, kind: e.kind, skipped: e.skipped };
    const timing = timings[contenders.indexOf(e)]!;
    const agreement = byName.get(e.name);
    return {
      name: e.name, kind: e.kind, dtype: e.dtype,
      ...(e.note ? { note: e.note } : {}),
      ...(e.setupSeconds !== undefined ? { setupSeconds: e.setupSeconds } : {}),
      ...(agreement ? { agreement } : {}),
      timing,
      ratio: timing.median / refMedian,
      ...(w.id !== 'a' ? { gflops: w.flops / timing.median / 1e9 } : {}),
    };
  });
  for (const c of contenders) c.dispose?.();
  return { id: w.id, title: w.title, flops: w.flops, baseline, ...(pytorchCheck ? { pytorchCheck } : {}), contenders: results, compile, ...(compileWasm ? { compileWasm } : {}) };
}

export async function runBench(opts: BenchOptions): Promise<BenchResults> {
  const t0 = performance.now();
  const workloads: WorkloadResult[] = [];
  for (const id of opts.workloads) workloads.push(await runWorkload(workload(id), opts));
  return {
    date: new Date().toISOString(),
    quick: opts.quick,
    clock: opts.clock ?? 'cpu',
    machine: { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    seconds: (performance.now() - t0) / 1000,
    workloads,
    targets: judgeTargets(workloads),
  };
}
