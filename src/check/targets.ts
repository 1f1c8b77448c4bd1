/**
 * The wrong target or sample: a loss, output or derivative whose printed value is the true value
 * of that quantity computed with another target (the other output's target, a 0/1 label
 * flipped, another sample's target) or with another sample's inputs and target together. `f` is
 * the quantity's formula in the network's symbols (x_i, y_k, x_i^{(s)}, y^{(s)}, parameters),
 * `env` their values; the first alternative that reproduces the claim within `tol` is the cause.
 */
import { evaluate } from '../expr/eval.js';
import { freeSymbols, type Expr } from '../expr/node.js';
import type { Diagnosis } from './diagnose.js';
import { displayName } from './names.js';
import { fmt } from './values.js';

const TARGET = /^y(?:_\{?\d+\}?)?(?:\^\{\((\d+)\)\})?$/;
const SAMPLE = /^([xy](?:_\{?\d+\}?)?)\^\{\((\d+)\)\}$/;

export function wrongTarget(f: Expr, env: Readonly<Record<string, number>>, claimed: number, tol: number): Diagnosis | undefined {
  const near = (e: Record<string, number>) => Math.abs(evaluate(f, e) - claimed) <= tol + 1e-12;
  const free = freeSymbols(f).map((s) => s.name);
  const targets = Object.keys(env).filter((k) => TARGET.test(k));
  for (const t of free.filter((n) => TARGET.test(n))) {
    const own = env[t]!;
    const alts: [number, string][] = targets.filter((o) => o !== t && env[o] !== own).map((o) => [env[o]!, ` (the target of ${displayName(o)})`]);
    if (own === 0 || own === 1) alts.push([1 - own, ' (the label flipped)']);
    for (const [alt, why] of alts) {
      if (near({ ...env, [t]: alt })) {
        return { cause: 'wrong-target', severity: 'error', explain: `wrong target: the value fits ${displayName(t)} = ${fmt(alt)}${why} instead of ${fmt(own)}` };
      }
    }
  }
  // another sample: every x and y of sample s replaced by those of sample r
  const samples = new Set(Object.keys(env).map((k) => SAMPLE.exec(k)?.[2]).filter((s): s is string => s !== undefined));
  const used = new Set(free.map((n) => SAMPLE.exec(n)?.[2]).filter((s): s is string => s !== undefined));
  for (const s of used) {
    for (const r of samples) {
      if (r === s) continue;
      const swapped: Record<string, number> = { ...env };
      for (const n of free) {
        const m = SAMPLE.exec(n);
        if (m?.[2] === s && env[`${m[1]}^{(${r})}`] !== undefined) swapped[n] = env[`${m[1]}^{(${r})}`]!;
      }
      if (near(swapped) && !near(env)) {
        return { cause: 'wrong-sample', severity: 'error', explain: `wrong sample: the value fits the inputs and target of sample ${r} in place of sample ${s}` };
      }
    }
  }
  return undefined;
}
