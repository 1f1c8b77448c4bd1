/**
 * What the harness times. A contender computes one gradient of a workload per call of `run`,
 * and can hand that gradient back in the canonical layout (workloads.ts) for the agreement
 * check. A contender that cannot run here (a missing backend, a failed compile) is `Skipped`
 * with the reason, and the table says so instead of leaving it out silently.
 */
import type { Workload } from '../workloads.js';

export type Dtype = 'f64' | 'f32';

export interface Contender {
  readonly name: string;
  /** Which group the row belongs to: symgrad itself, the hand-written yardstick, or a peer library. */
  readonly kind: 'symgrad' | 'reference' | 'peer';
  /** Arithmetic precision, which sets the tolerance of the agreement check. */
  readonly dtype: Dtype;
  /** Untimed preparation before each sample (e.g. switching the TF.js backend). */
  enter?(): Promise<void>;
  /**
   * Computes `reps` gradients back to back (timed). Returns something derived from every result
   * (e.g. the sum of the losses), which the harness keeps, so no part can be optimized away.
   */
  run(reps: number): unknown;  // may be a Promise (asynchronous backends); the harness awaits it
  /** Computes one gradient and returns it in the canonical layout. */
  gradient(): Promise<Float64Array>;
  /**
   * 'wall': the work runs outside this process (a browser, a GPU), so its CPU time would
   * undercount it; its samples use the wall clock whatever the harness's clock is.
   */
  readonly clock?: 'wall';
  /** Extra facts for the report (a backend mode, a library flag). */
  readonly note?: string;
  /** Time to build it (derive, compile, upload), seconds. */
  readonly setupSeconds?: number;
  dispose?(): void;
}

export interface Skipped {
  readonly name: string;
  readonly kind: Contender['kind'];
  readonly skipped: string;
}

export type Entry = Contender | Skipped;

export function isSkipped(e: Entry): e is Skipped {
  return 'skipped' in e;
}

/** A factory makes the contenders of one library for one workload (none when it does not apply). */
export type Factory = (w: Workload) => Promise<Entry[]>;

export type GradCall<P, X> = (p: P, x: X, y: X, out: P) => number;

/**
 * A loop `for (i < reps) f(p, x, y, out)` with a call site of its own. Built with `new Function`
 * from constant text (no data reaches it), so that every contender's inner call is monomorphic
 * and none pays for the harness calling many different functions from one place.
 *
 * With `alternate`, the loop passes two equal copies of p and x in turn. A small gradient
 * function gets inlined into the loop, and with the very same inputs every time TurboFan may
 * then compute parts of it once for all iterations — a benchmark artefact that a training loop
 * (new data every step) never sees. Alternating the arrays makes every load loop-variant.
 * The returned losses are summed and the sum returned, so that computing the loss is never dead
 * code (an inlined function whose result is dropped may lose it).
 */
export function makeLoop<P extends Copyable, X extends Copyable>(f: GradCall<P, X>, p: P, x: X, y: X, out: P, alternate = false): (reps: number) => number {
  if (!alternate) {
    const make = new Function('f', 'p', 'x', 'y', 'out',
      'return function run(reps) { let s = 0; for (let i = 0; i < reps; i++) s += f(p, x, y, out); return s; };');
    return make(f, p, x, y, out) as (reps: number) => number;
  }
  const make = new Function('f', 'p0', 'p1', 'x0', 'x1', 'y', 'out',
    'return function run(reps) { let s = 0; for (let i = 0; i < reps; i++) { const odd = (i & 1) === 1; s += f(odd ? p1 : p0, odd ? x1 : x0, y, out); } return s; };');
  return make(f, p, p.slice(), x, x.slice(), y, out) as (reps: number) => number;
}

interface Copyable {
  slice(): this;
}

/** Turns a factory's failure into a Skipped row carrying the error's first line. */
export function skippedBecause(name: string, kind: Contender['kind'], e: unknown): Skipped {
  const msg = e instanceof Error ? e.message : String(e);
  return { name, kind, skipped: msg.split('\n')[0]!.slice(0, 160) };
}
