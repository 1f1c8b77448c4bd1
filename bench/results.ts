/**
 * The shape of a benchmark run's results (what bench/results.json holds) and the targets of
 * issue 4, judged from the measured medians. A target compares symgrad's js float64 closure with
 * a yardstick; it is met, missed (with the measured numbers that say by how much), or not judged
 * when a side did not run or its gradient disagreed.
 */
import type { Agreement, Clock, Timing } from './harness.js';
import type { Dtype } from './contenders/types.js';
import type { WorkloadId } from './workloads.js';

export interface ContenderResult {
  readonly name: string;
  readonly kind: 'symgrad' | 'reference' | 'peer';
  readonly dtype?: Dtype;
  readonly note?: string;
  /** Why it did not run (then nothing else is set). */
  readonly skipped?: string;
  /** Construction time (derive, compile, kernel build, variable upload), seconds. */
  readonly setupSeconds?: number;
  readonly agreement?: Agreement;
  readonly timing?: Timing;
  /** median / the hand-written reference's median (lower is faster). */
  readonly ratio?: number;
  readonly gflops?: number;
}

export interface CompileResult {
  readonly first?: number;
  readonly median?: number;
  readonly repeats?: number;
  readonly mode?: string;
  /** The median on the other clock (wall when the verdict is CPU time). */
  readonly otherMedian?: number;
  readonly skipped?: string;
}

export interface WorkloadResult {
  readonly id: WorkloadId;
  readonly title: string;
  readonly flops: number;
  /** Whose gradient the others were compared with. */
  readonly baseline: string;
  /** For (a): the hand-written gradient against the tutorial's PyTorch numbers. */
  readonly pytorchCheck?: Agreement;
  readonly contenders: readonly ContenderResult[];
  readonly compile: CompileResult;
  /** derive + compile + instantiate with the wasm backend (float32, one thread). */
  readonly compileWasm?: CompileResult;
}

export interface TargetResult {
  readonly workload: WorkloadId;
  readonly target: string;
  readonly met: boolean | null;
  readonly measured: string;
}

export interface BenchResults {
  readonly date: string;
  readonly quick: boolean;
  readonly clock: Clock;
  readonly machine: { readonly node: string; readonly cpu: string; readonly cores: number; readonly loadavg: readonly number[] };
  readonly seconds: number;
  readonly workloads: readonly WorkloadResult[];
  readonly targets: readonly TargetResult[];
}

const SYMGRAD = 'symgrad js f64';

function timed(w: WorkloadResult, name: string): ContenderResult | undefined {
  return w.contenders.find((c) => c.name === name && c.timing);
}

/** The fastest timed contender whose name starts with `prefix`. */
function fastest(w: WorkloadResult, prefix: string): ContenderResult | undefined {
  return w.contenders
    .filter((c) => c.name.startsWith(prefix) && c.timing)
    .sort((a, b) => a.timing!.median - b.timing!.median)[0];
}

function unusable(c: ContenderResult | undefined, role: string): string | null {
  if (!c) return `${role} did not run`;
  if (c.agreement && !c.agreement.agrees) return `${role}'s gradient disagrees`;
  return null;
}

/** symgrad's median within `limit` × the other's median. */
function within(w: WorkloadResult, other: ContenderResult | undefined, limit: number, target: string): TargetResult {
  const s = timed(w, SYMGRAD);
  const why = unusable(s, SYMGRAD) ?? unusable(other, 'the yardstick');
  if (why) return { workload: w.id, target, met: null, measured: why };
  const r = s!.timing!.median / other!.timing!.median;
  return { workload: w.id, target, met: r <= limit, measured: `${r.toFixed(2)}× the time of ${other!.name}` };
}

/** symgrad at least `factor` × faster than the other (the factor against `also` is shown for context). */
function faster(w: WorkloadResult, other: ContenderResult | undefined, factor: number, target: string, also?: ContenderResult): TargetResult {
  const s = timed(w, SYMGRAD);
  const why = unusable(s, SYMGRAD) ?? unusable(other, 'the peer');
  if (why) return { workload: w.id, target, met: null, measured: why };
  const x = other!.timing!.median / s!.timing!.median;
  const context = also && also !== other && also.timing ? `; ${compared(also.timing.median / s!.timing!.median, also.name)}` : '';
  return { workload: w.id, target, met: x >= factor, measured: `${formatFactor(x)} faster than ${other!.name}${context}` };
}

/** "3.2× faster than X", or "X is 1.5× faster" when symgrad is the slower one. */
function compared(x: number, name: string): string {
  return x >= 1 ? `${formatFactor(x)} faster than ${name}` : `${name} is ${formatFactor(1 / x)} faster`;
}

export function formatFactor(x: number): string {
  return x >= 100 ? `${Math.round(x).toLocaleString('en-US')}×` : `${x.toFixed(2)}×`;
}

export const COMPILE_LIMIT_S = 0.05;

/** Wall-clock median (the other clock's when the verdict is CPU time). */
function wall(c: ContenderResult): number {
  return c.timing!.clock === 'wall' ? c.timing!.median : c.timing!.otherMedian;
}

/** The fastest peer library (TF.js, jax-js …) whose gradient agrees, by wall time (as it ran, all its threads). */
function bestPeer(w: WorkloadResult): ContenderResult | undefined {
  return w.contenders
    .filter((c) => c.kind === 'peer' && c.timing && (!c.agreement || c.agreement.agrees) && !/mathjs|nerdamer/.test(c.name))
    .sort((a, b) => wall(a) - wall(b))[0];
}

/** `a` / `b` ≤ limit, on the clock given; not judged when either is missing or disagrees. */
function ratioTarget(w: WorkloadResult, a: ContenderResult | undefined, b: ContenderResult | undefined, limit: number, target: string, clock: (c: ContenderResult) => number, how: string): TargetResult {
  const why = unusable(a, 'symgrad') ?? unusable(b, 'the yardstick');
  if (why) return { workload: w.id, target, met: null, measured: why };
  const r = clock(a!) / clock(b!);
  // Beside a wall-clock verdict, the CPU-time ratio: on a loaded machine wall time is mostly waiting.
  const cpu = how === 'wall time' && a!.timing!.clock === 'cpu' ? `; CPU time ${(a!.timing!.median / b!.timing!.median).toFixed(2)}×` : '';
  return { workload: w.id, target, met: r <= limit, measured: `${r.toFixed(2)}× the ${how} of ${b!.name} (${a!.name})${cpu}` };
}

/** Issue 13's targets: the wasm backend against the best peer, float64 against float32, compile time. */
function wasmTargets(w: WorkloadResult): TargetResult[] {
  const out: TargetResult[] = [];
  if (w.id === 'a') {
    out.push(ratioTarget(w, timed(w, SYMGRAD), timed(w, 'hand-written JS'), 1.15, '(a) symgrad (auto: js straight line) ≤ 1.15× hand-written straight-line JS', (c) => c.timing!.median, 'time'));
    return out;
  }
  const all = w.contenders.filter((c) => /^symgrad wasm f32 \d+ threads$/.test(c.name) && c.timing).sort((a, b) => wall(a) - wall(b))[0];
  const one = timed(w, 'symgrad wasm f32 1 thread');
  const peer = bestPeer(w);
  out.push(ratioTarget(w, all, peer, 0.77, `(${w.id}) symgrad wasm f32, all cores ≤ 0.77× the best peer (wall time)`, wall, 'wall time'));
  out.push(ratioTarget(w, one, peer, 1.0, `(${w.id}) symgrad wasm f32, 1 thread ≤ 1.0× the best peer (wall time, the peer on all its threads)`, wall, 'wall time'));
  out.push(ratioTarget(w, timed(w, 'symgrad wasm f64 1 thread'), one, 2.2, `(${w.id}) symgrad wasm f64 ≤ 2.2× f32 (1 thread)`, (c) => c.timing!.median, 'time'));
  if (w.id === 'c') {
    const c = w.compileWasm;
    const target = '(c) derive + compile + instantiate (wasm f32) under 50 ms';
    if (c?.median === undefined) out.push({ workload: w.id, target, met: null, measured: c?.skipped ?? 'not measured' });
    else out.push({ workload: w.id, target, met: c.median < COMPILE_LIMIT_S, measured: `median ${(c.median * 1000).toFixed(1)} ms over ${c.repeats} repeats; first call ${((c.first ?? NaN) * 1000).toFixed(1)} ms` });
  }
  return out;
}

/** The issues' targets, judged on the measured results. */
export function judgeTargets(workloads: readonly WorkloadResult[]): TargetResult[] {
  const out: TargetResult[] = [];
  for (const w of workloads) {
    const ref = timed(w, 'hand-written JS');
    if (w.id === 'a') {
      out.push(within(w, ref, 1.2, '(a) symgrad js f64 within 1.2× of hand-written straight-line JS'));
      out.push(faster(w, fastest(w, 'TF.js'), 1000, '(a) symgrad js f64 ≥ 1,000× faster than TensorFlow.js (its fastest variant)', fastest(w, 'TF.js cpu variableGrads')));
    } else {
      out.push(within(w, ref, 1.2, `(${w.id}) symgrad js f64 within 1.2× of hand-written register-blocked JS`));
      out.push(faster(w, fastest(w, 'TF.js cpu'), 1, `(${w.id}) symgrad js f64 faster than TF.js-cpu (its fastest variant)`, fastest(w, 'TF.js wasm')));
    }
    if (w.id === 'c') {
      const c = w.compile;
      const target = '(c) derive+compile under 50 ms';
      if (c.median === undefined) out.push({ workload: w.id, target, met: null, measured: c.skipped ?? 'not measured' });
      else {
        const measured = `median ${(c.median * 1000).toFixed(1)} ms over ${c.repeats} repeats; first call ${((c.first ?? NaN) * 1000).toFixed(1)} ms`;
        out.push({ workload: w.id, target, met: c.median < COMPILE_LIMIT_S, measured });
      }
    }
  }
  for (const w of workloads) out.push(...wasmTargets(w));
  return out;
}
