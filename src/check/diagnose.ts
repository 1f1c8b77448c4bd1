/**
 * Why a number is wrong. Given a claimed value and what it should be, try the usual slips of a
 * hand calculation in turn and keep the first that explains the claim within the author's
 * rounding: one sign flipped; another known value put in (a transposed weight index when it is
 * the mirrored entry of the same matrix); a different learning rate in an update; a value one
 * unit off in its last digit (rounding drift, a warning). What nothing explains is an
 * arithmetic error or a wrong value, reported with both numbers.
 */
import { freeSymbols, type Expr } from '../expr/node.js';
import { displayName, parsePartial } from './names.js';
import type { Slots } from './parse.js';
import type { Truth } from './truth.js';
import { fixed, fmt, halfUnit, precise, sideValue, slack, type Known, type Lookup } from './values.js';

export type Cause =
  | 'sign-slip' | 'wrong-operand' | 'transposed-index' | 'rounding-drift' | 'wrong-learning-rate'
  | 'arithmetic' | 'wrong-value' | 'inconsistent'
  /** The result is the computation times a constant factor: ½ applied twice, the 2 of a square, α, 1/N. */
  | 'extra-factor' | 'dropped-factor'
  /** Right from the document's own earlier (wrong) value: the error is reported where it was made. */
  | 'carried-over'
  /** The true value of the quantity with another target, or another sample's inputs and target (targets.ts). */
  | 'wrong-target' | 'wrong-sample';

export interface Diagnosis {
  readonly cause: Cause;
  readonly severity: 'error' | 'warning';
  /** One sentence, starting with the cause. */
  readonly explain: string;
  /** The literal the cause points at, when there is one (to merge findings about it). */
  readonly slot?: Expr;
  /** The symbol of a formula the cause points at. */
  readonly symbol?: string;
}

export interface Context {
  readonly slots: Slots;
  readonly lookup: Lookup;
  readonly truth?: Truth;
  /** Every value the document states, by symbol (for "another known value fits"). */
  readonly claims: ReadonlyMap<string, Known>;
}

/** Names whose known value equals v within h (the model's first, then the document's). */
function namesWithValue(v: number, h: number, ctx: Context, except: string): string[] {
  const out: string[] = [];
  const near = (x: number) => Math.abs(x - v) <= h + slack(x, v);
  if (ctx.truth) for (const [name, x] of ctx.truth.all) if (name !== except && !parsePartial(name) && near(x)) out.push(name);
  for (const [name, k] of ctx.claims) if (name !== except && !out.includes(name) && near(k.value)) out.push(name);
  return out;
}

/**
 * A symbol `name` was given the value `used` (printed with `decimals`) where `ref` is its known
 * value. Undefined when that is right within rounding.
 */
export function diagnoseUse(name: string, used: number, decimals: number, ref: Known, ctx: Context, slot?: Expr): Diagnosis | undefined {
  const h = halfUnit(decimals);
  const usedText = fixed(used, decimals);
  const d = Math.abs(used - ref.value);
  // Two printings of one value agree when the finer one rounds to the coarser: 0.67 and 0.6732
  // do, 0.6731 and 0.6732 do not. Against an exact value, the printed one must be its rounding.
  const coarse = Math.max(h, ref.half);
  if (d <= coarse + slack(used, ref.value)) return undefined;
  const show = displayName(name);
  const refText = ref.source === 'document' ? `line ${ref.line} gives ${show} = ${ref.text ?? fmt(ref.value)}` : `${show} = ${fmt(ref.value)}`;
  // Off by at most one unit of the last printed digit (1.5 units = 3 half-units, for the other's
  // rounding), when at least two decimals are printed: 0.6731 for 0.6732 is drift, 1.2 for 1.1 is not.
  if (coarse > 0 && coarse <= 0.005 && d <= 3 * coarse + slack(used, ref.value)) {
    return { cause: 'rounding-drift', severity: 'warning', explain: `rounding drift: ${show} is used as ${usedText}, but ${refText}`, ...(slot ? { slot } : {}) };
  }
  if (Math.abs(used + ref.value) <= h + ref.half + slack(used, ref.value)) {
    return { cause: 'sign-slip', severity: 'error', explain: `sign slip in the substitution: ${refText}, but it is put in as ${usedText}`, ...(slot ? { slot } : {}) };
  }
  if ((name === '\\alpha' || name === '\\eta') && ctx.truth) {
    return { cause: 'wrong-learning-rate', severity: 'error', explain: `wrong learning rate: the optimizer's lr is ${fmt(ctx.truth.lr)}, but α = ${usedText} is used`, ...(slot ? { slot } : {}) };
  }
  // A short number (0.1) fits many quantities: only when exactly one input or parameter has it.
  const given = precise(used, decimals) ? [] : namesWithValue(used, h, ctx, name).filter((n) => /^(x_|W_|b_)/.test(n));
  const others = precise(used, decimals) ? namesWithValue(used, h, ctx, name) : given.length === 1 ? given : [];
  const transposed = ctx.truth?.param(name)?.transposed;
  // The mirrored entry is one specific value, so even a short number like 0.6 may be matched to it.
  const mirrored = transposed === undefined ? undefined : ctx.truth!.value(transposed);
  if (transposed && (others.includes(transposed) || (mirrored !== undefined && Math.abs(mirrored - used) <= h + slack(mirrored, used)))) {
    const p = ctx.truth!.param(name)!;
    const q = ctx.truth!.param(transposed)!;
    return {
      cause: 'transposed-index', severity: 'error', ...(slot ? { slot } : {}),
      explain: `transposed weight index: ${refText}, but ${usedText} is ${displayName(transposed)} — ${show} is ${p.where}, ${displayName(transposed)} is ${q.where}`,
    };
  }
  if (others.length > 0) {
    return {
      cause: 'wrong-operand', severity: 'error', ...(slot ? { slot } : {}),
      explain: `wrong operand: ${refText}, but ${usedText} (the value of ${others.slice(0, 2).map(displayName).join(' or ')}) is put in`,
    };
  }
  if (ref.source === 'document') {
    return { cause: 'inconsistent', severity: 'error', explain: `inconsistent: ${refText}, but ${usedText} is put in`, ...(slot ? { slot } : {}) };
  }
  return { cause: 'wrong-value', severity: 'error', explain: `wrong value: ${refText}, but ${usedText} is put in`, ...(slot ? { slot } : {}) };
}

/**
 * The expression `e` should equal `target` within `tol` but does not: which single leaf — a
 * printed number sign-flipped or replaced by another known value, or a symbol replaced by
 * another symbol — would make it right?
 */
export function diagnoseExpr(e: Expr, target: number, tol: number, ctx: Context): Diagnosis | undefined {
  const leaves = freeSymbols(e);
  const fits = (override: Map<Expr, number>) => {
    const v = sideValue(e, ctx.slots, ctx.lookup, override);
    return v.ok && Math.abs(v.value - target) <= tol + v.tol + slack(v.value, target);
  };
  for (const leaf of leaves) {
    const s = ctx.slots.get(leaf);
    if (s && s.value !== 0 && fits(new Map([[leaf, -s.value]]))) {
      return { cause: 'sign-slip', severity: 'error', slot: leaf, explain: `sign slip: with the sign of ${s.text} flipped it gives ${fmt(target)}` };
    }
  }
  for (const leaf of leaves) {
    const s = ctx.slots.get(leaf);
    const own = s ? s.value : ctx.lookup(leaf.name)?.value;
    if (own === undefined) continue;
    const h = s ? s.half : 0;
    for (const [x, name] of candidates(ctx, own, h, leaf.name)) {
      if (!fits(new Map([[leaf, x]]))) continue;
      if (s) {
        return { cause: 'wrong-operand', severity: 'error', slot: leaf, explain: `wrong operand: with ${displayName(name)} = ${fmt(x)} in place of ${s.text} it gives ${fmt(target)}` };
      }
      const p = ctx.truth?.param(leaf.name);
      const transposed = p?.transposed === name;
      const where = transposed ? ` (${displayName(leaf.name)} is ${p!.where}, ${displayName(name)} is ${ctx.truth!.param(name)!.where})` : '';
      return {
        cause: transposed ? 'transposed-index' : 'wrong-operand', severity: 'error', symbol: leaf.name,
        explain: `${transposed ? 'transposed weight index' : 'wrong operand'}: the formula has ${displayName(leaf.name)} where ${displayName(name)} fits${where}; with ${displayName(name)} it gives ${fmt(target)}`,
      };
    }
  }
  return undefined;
}

/** Known values (model first, then document) that differ from `own`, one name per value. */
function candidates(ctx: Context, own: number, h: number, except: string): Map<number, string> {
  const out = new Map<number, string>();
  // 0 and ±1 are left out: putting them in for anything makes a term vanish or pass through, which fits too easily.
  const add = (name: string, x: number) => {
    if (x !== 0 && Math.abs(x) !== 1 && name !== except && !name.startsWith('#') && !parsePartial(name) && Math.abs(x - own) > h && !out.has(x)) out.set(x, name);
  };
  if (ctx.truth) for (const [name, x] of ctx.truth.all) add(name, x);
  for (const [name, k] of ctx.claims) add(name, k.value);
  return out;
}

/** Learning rates people use, and the given one off by a factor of 10 or 100. */
const rates = (lr: number): number[] => [lr * 10, lr / 10, lr * 100, lr / 100, 0.001, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10];

/**
 * An update W − α·g worked out to a wrong result: does it fit another learning rate in place of
 * the printed α (the model's lr, or the α/η the document states)?
 */
export function diagnoseRate(e: Expr, target: number, tol: number, ctx: Context): Diagnosis | undefined {
  const lr = ctx.truth?.lr ?? ctx.claims.get('\\alpha')?.value ?? ctx.claims.get('\\eta')?.value;
  if (lr === undefined || lr === 0) return undefined;
  for (const leaf of freeSymbols(e)) {
    const s = ctx.slots.get(leaf);
    if (!s || Math.abs(s.value - lr) > 1e-12) continue;
    for (const a of rates(lr)) {
      if (Math.abs(a - lr) <= 1e-12) continue;
      const v = sideValue(e, ctx.slots, ctx.lookup, new Map([[leaf, a]]));
      if (v.ok && Math.abs(v.value - target) <= tol + v.tol + slack(v.value, target)) {
        return { cause: 'wrong-learning-rate', severity: 'error', slot: leaf, explain: `wrong learning rate: the result fits α = ${fmt(a)} in place of ${s.text}` };
      }
    }
  }
  return undefined;
}

/** An updated parameter W(t+1) claimed as `claimed`: does another learning rate, or the wrong sign, explain it? */
export function diagnoseUpdate(base: string, claimed: number, h: number, truth: Truth): Diagnosis | undefined {
  const w = truth.value(base);
  const g = truth.gradOf(base);
  if (w === undefined || g === undefined || g === 0 || truth.spec.optimizer.type !== 'sgd') return undefined;
  const lr = truth.lr;
  const near = (x: number) => Math.abs(x - claimed) <= h + slack(x, claimed);
  if (near(w + lr * g)) return { cause: 'sign-slip', severity: 'error', explain: `sign slip: ${fmt(w)} + ${fmt(lr)} × ${fmt(g)} was computed — the update subtracts the gradient` };
  const fit = rates(lr).find((a) => Math.abs(a - lr) > 1e-12 && near(w - a * g));
  if (fit !== undefined) {
    return { cause: 'wrong-learning-rate', severity: 'error', explain: `wrong learning rate: the value fits α = ${fmt(fit)} (${fmt(w)} − ${fmt(fit)} × ${fmt(g)}), but the optimizer's lr is ${fmt(lr)}` };
  }
  return undefined;
}

/**
 * A result that is the computation times a constant factor — ½ or 2 (the ½ of a squared error
 * applied twice or dropped, the 2 of a square counted or not), the learning rate, the batch size
 * N of a mean — within `tol` of the claim.
 */
export function diagnoseFactor(got: number, claimed: number, tol: number, ctx: Context): Diagnosis | undefined {
  if (got === 0 || claimed === 0) return undefined;
  const lr = ctx.truth?.lr ?? ctx.claims.get('\\alpha')?.value ?? ctx.claims.get('\\eta')?.value;
  const n = ctx.truth?.spec.data.x.length ?? 1;
  const factors: Array<[number, string]> = [
    [0.5, 'an extra factor ½ (the ½ of the squared error applied twice)'],
    [2, 'a factor 2 too many (the ½ of the squared error dropped, or the 2 of the square counted twice)'],
  ];
  if (lr !== undefined && lr !== 1 && lr !== 0.5 && lr !== 2) factors.push([lr, `an extra factor α = ${fmt(lr)}`], [1 / lr, `the learning rate α = ${fmt(lr)} left out`]);
  if (n > 1) factors.push([1 / n, `an extra factor 1/N = 1/${n}`], [n, `the 1/N of the mean over the batch (N = ${n}) left out`]);
  for (const [f, why] of factors) {
    if (Math.abs(got * f - claimed) <= tol + slack(got * f, claimed)) {
      return { cause: f < 1 ? 'extra-factor' : 'dropped-factor', severity: 'error', explain: `${f < 1 ? 'extra' : 'dropped'} factor: ${fmt(claimed)} is ${fmt(got)} × ${fmt(f)} — ${why}` };
    }
  }
  return undefined;
}
