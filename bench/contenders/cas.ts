/**
 * The computer-algebra peers, for the 2-2-1 network (a) only: mathjs (`derivative` then
 * `compile().evaluate`) and nerdamer (`diff` then `buildFunction`). Both get the loss as one
 * formula in the tutorial's symbols and differentiate it once per parameter; a gradient is then
 * nine evaluations. exp is written as exp(…) because nerdamer's buildFunction mishandles `e`.
 */
import { derivative, type EvalFunction } from 'mathjs';
import nerdamer from 'nerdamer';
import 'nerdamer/Calculus.js';
import type { Workload } from '../workloads.js';
import { skippedBecause, type Contender, type Entry, type Factory } from './types.js';

/** The tutorial's names for the canonical parameter slots, then the inputs. */
export const PARAM_SYMBOLS = ['W1', 'W2', 'W3', 'W4', 'b1', 'b2', 'W5', 'W6', 'b3'] as const;
export const INPUT_SYMBOLS = ['x1', 'x2', 'y'] as const;

/** L = −(y log ŷ + (1 − y) log(1 − ŷ)), ŷ = σ(W5 h1 + W6 h2 + b3), h_j = σ(W·x + b)_j, σ(u) = 1/(1 + exp(−u)). */
export function lossFormula221(): string {
  const sigma = (u: string) => `1/(1+exp(-(${u})))`;
  const h1 = sigma('W1*x1+W2*x2+b1');
  const h2 = sigma('W3*x1+W4*x2+b2');
  const yh = sigma(`W5*(${h1})+W6*(${h2})+b3`);
  return `-(y*log(${yh})+(1-y)*log(1-(${yh})))`;
}

/**
 * mathjs simplifies each derivative by default, which takes it 10–20 s here for the nine
 * derivatives; `simplify: false` (used by --quick) derives in milliseconds but evaluates slower.
 */
function mathjsContender(w: Workload, simplify: boolean): Contender {
  const t0 = performance.now();
  const formula = lossFormula221();
  const compiled: EvalFunction[] = PARAM_SYMBOLS.map((s) => derivative(formula, s, { simplify }).compile());
  const setupSeconds = (performance.now() - t0) / 1000;
  const scope: Record<string, number> = {};
  const p = w.params.slice(), out = new Float64Array(p.length);
  const once = (): void => {
    PARAM_SYMBOLS.forEach((s, i) => (scope[s] = p[i]!));
    INPUT_SYMBOLS.forEach((s, i) => (scope[s] = i < 2 ? w.x[i]! : w.y[0]!));
    for (let i = 0; i < compiled.length; i++) out[i] = compiled[i]!.evaluate(scope) as number;
  };
  return {
    name: 'mathjs',
    kind: 'peer',
    dtype: 'f64',
    setupSeconds,
    note: `derivative${simplify ? '' : ' (simplify: false)'} + compile().evaluate, 9 formulas`,
    run(reps) {
      for (let r = 0; r < reps; r++) once();
    },
    async gradient() {
      once();
      return out.slice();
    },
  };
}

function nerdamerContender(w: Workload): Contender {
  const t0 = performance.now();
  const formula = lossFormula221();
  const args = [...PARAM_SYMBOLS, ...INPUT_SYMBOLS];
  const fns = PARAM_SYMBOLS.map((s) => nerdamer.diff(formula, s).buildFunction(args) as (...v: number[]) => number);
  const setupSeconds = (performance.now() - t0) / 1000;
  const values = new Float64Array(args.length);
  const p = w.params.slice(), out = new Float64Array(p.length);
  const once = (): void => {
    values.set(p, 0);
    values[9] = w.x[0]!; values[10] = w.x[1]!; values[11] = w.y[0]!;
    for (let i = 0; i < fns.length; i++) {
      out[i] = fns[i]!(values[0]!, values[1]!, values[2]!, values[3]!, values[4]!, values[5]!,
        values[6]!, values[7]!, values[8]!, values[9]!, values[10]!, values[11]!);
    }
  };
  return {
    name: 'nerdamer',
    kind: 'peer',
    dtype: 'f64',
    setupSeconds,
    note: 'diff + buildFunction, 9 functions',
    run(reps) {
      for (let r = 0; r < reps; r++) once();
    },
    async gradient() {
      once();
      return out.slice();
    },
  };
}

export type CasLibrary = 'mathjs' | 'nerdamer';

/** nerdamer's nine `diff` calls take about 8 s here, so a caller in a hurry may leave it out. */
export function casFactory(opts: { mathjsSimplify: boolean; libraries?: readonly CasLibrary[] }): Factory {
  const libraries = opts.libraries ?? ['mathjs', 'nerdamer'];
  return async (w) => {
    if (w.id !== 'a') return [];
    const entries: Entry[] = [];
    const makers = [['mathjs', () => mathjsContender(w, opts.mathjsSimplify)], ['nerdamer', () => nerdamerContender(w)]] as const;
    for (const [name, make] of makers) {
      if (!libraries.includes(name)) continue;
      try {
        entries.push(make());
      } catch (e) {
        entries.push(skippedBecause(name, 'peer', e));
      }
    }
    return entries;
  };
}
