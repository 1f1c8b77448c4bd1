/**
 * Simplification: `simplify(e)` rewrites an expression with the rule table (rules.ts) until
 * nothing applies, never changing its value where the input has one and never making it larger
 * (by treeSize). `simplifyAll` simplifies several expressions — the gradient with respect to
 * many parameters, say — sharing one memo, so common subexpressions are simplified once.
 * `stabilize` rewrites fragile patterns (log(1 + eˣ), log-sum-exp, …) into stable forms for
 * evaluation.
 */
import { treeSize, type Expr } from '../expr/node.js';
import { Engine } from './engine.js';
import { RULES } from './rules.js';
import { readsThrough } from './forms.js';
import { STABLE_RULES } from './stable.js';

export { RULES, type Rule, type PatternRule, type FunctionRule } from './rules.js';
export { Engine, type EngineStats, type ReadsThrough } from './engine.js';
export { readsThrough } from './forms.js';
export { STABLE_RULES } from './stable.js';

/** The simplified form of `e`: same value, no larger as a tree, easier to read. */
export function simplify(e: Expr): Expr {
  return simplifyAll([e])[0]!;
}

/** Simplify several expressions with one shared memo. */
export function simplifyAll(es: readonly Expr[]): Expr[] {
  const engine = new Engine(RULES, readsThrough);
  return es.map((e) => {
    const out = engine.run(e);
    // the engine only accepts non-growing rewrites; this is a last guard for the stated bound
    return treeSize(out) <= treeSize(e) ? out : e;
  });
}

const stableForms = new WeakMap<Expr, Expr>();

/**
 * The expression with its numerically fragile patterns replaced by stable forms (stable.ts):
 * log(1 + eˣ), log σ(x), log(1 − σ(x)), log-sum-exp and softmax quotients. Printing keeps the
 * textbook form; evaluation and compiled code use this one. Cached per root.
 */
export function stabilize(e: Expr): Expr {
  let out = stableForms.get(e);
  if (out === undefined) stableForms.set(e, (out = new Engine(STABLE_RULES, undefined, undefined, true).run(e)));
  return out;
}
