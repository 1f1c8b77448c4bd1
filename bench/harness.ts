/**
 * The measuring harness. All contenders of a workload run in one process, in interleaved rounds:
 * each round takes one sample of every contender, in an order rotated from round to round, so
 * that drift on a shared machine (other jobs, thermal changes, GC) falls on all of them alike.
 * Each contender is first warmed up (the JIT compiles its hot paths) and calibrated: a sample
 * repeats the gradient `reps` times so that it lasts about `sampleMs`. The verdict is the median
 * of the per-gradient sample times; the quartiles show the spread. Ratios, not absolute times,
 * are what the report compares. The agreement check compares every gradient with a baseline.
 *
 * The default clock is this process's CPU time (user + system, process.cpuUsage, 1 µs
 * resolution), not wall time: on a machine shared with other jobs, wall time also counts the
 * stretches when the scheduler runs someone else, which is noise of the neighbours' making.
 * CPU time includes V8's own helper threads (GC, compiler), so a contender that allocates pays
 * for its garbage collection. Wall-clock medians are recorded alongside.
 */
import type { Contender, Dtype } from './contenders/types.js';

export interface MeasureOptions {
  /** Warm-up time per contender before calibration. */
  readonly warmupMs: number;
  /** Target duration of one sample. */
  readonly sampleMs: number;
  /** Rounds to run at most, and at least (the budget may stop earlier, never below minRounds). */
  readonly maxRounds: number;
  readonly minRounds: number;
  /** Time budget (wall clock) for the timed rounds of one workload. */
  readonly budgetMs: number;
  /** Which clock the samples and the verdict use (default: cpu). */
  readonly clock?: Clock;
}

export type Clock = 'cpu' | 'wall';

export interface Timing {
  readonly clock: Clock;
  /** Gradients per sample. */
  readonly reps: number;
  /** Seconds per gradient on `clock`, one entry per sample. */
  readonly samples: readonly number[];
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  /** Median seconds per gradient on the other clock (wall when clock is cpu and vice versa). */
  readonly otherMedian: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const median = (xs: readonly number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);

export function summarize(reps: number, samples: readonly number[], other: readonly number[] = samples, clock: Clock = 'cpu'): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { clock, reps, samples, median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), otherMedian: median(other) };
}

const now = (): number => performance.now();
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

/** Where every run's result goes, so that none of its work is dead code. */
export let sink: unknown;

/** Seconds per gradient, on both clocks, of one sample of `reps` gradients. */
async function sample(c: Contender, reps: number): Promise<Sample> {
  if (c.enter) await c.enter();
  const c0 = cpuSeconds(), t0 = now();
  sink = await c.run(reps);
  const t1 = now(), c1 = cpuSeconds();
  const wall = (t1 - t0) / 1000 / reps;
  return { wall, cpu: c.clock === 'wall' ? wall : (c1 - c0) / reps };
}

/** Warms a contender up for about warmupMs and returns reps so that a sample lasts about sampleMs. */
async function calibrate(c: Contender, opts: MeasureOptions): Promise<number> {
  let reps = 1, spent = 0, perCall = Infinity;
  const start = now();
  // double the batch until one batch takes a measurable time, then keep warming
  while (now() - start < opts.warmupMs || spent === 0) {
    const s = (await sample(c, reps)).wall;
    perCall = Math.min(perCall, s);
    spent = s * reps * 1000;
    if (spent < 1) reps *= 2;
  }
  return Math.max(1, Math.round(opts.sampleMs / 1000 / perCall));
}

/** Times every contender; returns one Timing per contender, in the order given. */
export async function measure(contenders: readonly Contender[], opts: MeasureOptions, log: (m: string) => void = () => {}): Promise<Timing[]> {
  const reps: number[] = [];
  for (const c of contenders) reps.push(await calibrate(c, opts));
  const samples: Sample[][] = contenders.map(() => []);
  const start = now();
  let round = 0;
  for (; round < opts.maxRounds; round++) {
    if (round >= opts.minRounds && now() - start > opts.budgetMs) break;
    // rotate the starting contender and alternate the direction from round to round
    const n = contenders.length;
    for (let k = 0; k < n; k++) {
      const idx = round % 2 === 0 ? (k + round) % n : (n - 1 - k + round) % n;
      samples[idx]!.push(await sample(contenders[idx]!, reps[idx]!));
    }
  }
  log(`    ${round} rounds in ${((now() - start) / 1000).toFixed(1)} s`);
  const clock = opts.clock ?? 'cpu';
  const other: Clock = clock === 'cpu' ? 'wall' : 'cpu';
  return contenders.map((_, i) => summarize(reps[i]!, samples[i]!.map((s) => s[clock]), samples[i]!.map((s) => s[other]), clock));
}

export interface Agreement {
  /** max_i |got_i − want_i| */
  readonly maxAbsDiff: number;
  /** The tolerance applied: rel(dtype) · max(1, max_i |want_i|). */
  readonly tolerance: number;
  readonly agrees: boolean;
}

/** Relative tolerance by precision: float64 results must agree to rounding, float32 ones to its epsilon. */
export const REL_TOLERANCE: Record<Dtype, number> = { f64: 1e-10, f32: 2e-5 };

export function compareGradients(got: Float64Array, want: Float64Array, dtype: Dtype): Agreement {
  let maxAbsDiff = got.length === want.length ? 0 : Infinity;
  let scale = 1;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]!));
    const d = Math.abs((got[i] ?? NaN) - want[i]!);
    // NaN anywhere must count as disagreement, so compare with !(d <= …)
    if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
  }
  const tolerance = REL_TOLERANCE[dtype] * scale;
  return { maxAbsDiff, tolerance, agrees: maxAbsDiff <= tolerance };
}
