/**
 * The value of one side of an equation and how far off it may be from rounding alone.
 *
 * A printed number with d decimals stands for anything within h = ½·10⁻ᵈ of it (integers are
 * exact). A side f(c₁, …, cₙ) of printed numbers and of symbols known only to the document's
 * printed precision may therefore be off by the first-order bound Σ |∂f/∂cₖ|·hₖ, the derivatives
 * taken symbolically by symgrad's own reverse mode. Two sides agree when they differ by no more
 * than the sum of their bounds: that is the "rounding the author used".
 */
import { gradient } from '../diff/reverse.js';
import { evaluate } from '../expr/eval.js';
import { freeSymbols, type Expr } from '../expr/node.js';
import { isSlot, type Slots } from './parse.js';

/** A value the checker knows for a symbol, and its rounding half-unit (0 when exact). */
export interface Known {
  readonly value: number;
  readonly half: number;
  /** Where it comes from: the network (exact) or a line of the document. */
  readonly source: 'model' | 'document';
  readonly line?: number;
  /** `line:column` of the equation that stated it (several inline formulas may share a line). */
  readonly at?: string;
  /** As printed, for messages. */
  readonly text?: string;
  /** What the line's own computation gives, when its printed result is wrong (reported there). */
  readonly alt?: number;
}

export type Lookup = (name: string) => Known | undefined;

/** The network's exact value of a symbol, as a Known. */
export const fromModel = (value: number): Known => ({ value, half: 0, source: 'model' });

export const halfUnit = (decimals: number): number => (decimals > 0 ? 0.5 / 10 ** decimals : 0);

export type SideValue =
  | { readonly ok: true; readonly value: number; readonly tol: number; readonly env: Record<string, number> }
  | { readonly ok: false; readonly missing: string[]; readonly invalid?: string };

/** Evaluate a side with every literal at its printed value and every symbol from `lookup`. */
export function sideValue(e: Expr, slots: Slots, lookup: Lookup, override?: ReadonlyMap<Expr, number>): SideValue {
  const env: Record<string, number> = {};
  const halves = new Map<Expr, number>();
  const missing: string[] = [];
  // A side that is one printed number is a rounded result, whatever its digits.
  const lone = loneLiteral(e, slots);
  for (const s of freeSymbols(e)) {
    const replaced = override?.get(s);
    const slot = slots.get(s);
    if (slot) {
      env[s.name] = replaced ?? slot.value;
      halves.set(s, replaced !== undefined ? 0 : lone ? halfUnit(slot.decimals) : slot.half);
      continue;
    }
    const k = lookup(s.name);
    if (!k) { missing.push(s.name); continue; }
    env[s.name] = replaced ?? k.value;
    halves.set(s, replaced !== undefined ? 0 : k.half);
  }
  if (missing.length > 0) return { ok: false, missing };
  const value = evaluate(e, env);
  if (!Number.isFinite(value)) return { ok: false, missing: [], invalid: `it evaluates to ${value}` };
  const leaves = [...halves].filter(([, h]) => h > 0).map(([s]) => s);
  let tol = 0;
  if (leaves.length > 0) {
    const g = gradient(e, leaves);
    for (const s of leaves) {
      const d = evaluate(g.of.get(s)!, env);
      tol += Number.isFinite(d) ? Math.abs(d) * halves.get(s)! : Infinity;
    }
  }
  return { ok: true, value, tol, env };
}

/** Floating-point slack on top of the rounding bounds. */
export const slack = (a: number, b: number): number => 1e-11 * Math.max(1, Math.abs(a), Math.abs(b));

/** A side that is one printed number (maybe negated): its value and decimals. */
export function loneLiteral(e: Expr, slots: Slots): { value: number; decimals: number; slot: Expr } | undefined {
  const neg = e.op === 'neg';
  const inner = neg ? e.args[0]! : e;
  const s = isSlot(inner) ? slots.get(inner) : undefined;
  return s ? { value: neg ? -s.value : s.value, decimals: s.decimals, slot: inner } : undefined;
}

/** Does the expression contain only literals (no symbol of the document)? */
export const isNumeric = (e: Expr): boolean => freeSymbols(e).every(isSlot);

/** Format a number the way the document would: enough digits to show a difference. */
export function fmt(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const s = Number(v.toPrecision(digits)).toString();
  return s.replace(/^-/, '−');
}

/** Two different numbers formatted with enough digits to show that they differ (6 at least). */
export function fmtApart(a: number, b: number): [string, string] {
  let digits = 6;
  while (digits < 15 && a !== b && fmt(a, digits) === fmt(b, digits)) digits++;
  return [fmt(a, digits), fmt(b, digits)];
}

/** The number printed with `decimals` decimals (for "0.7225 rounds to …"). */
export const fixed = (v: number, decimals: number): string => v.toFixed(decimals).replace(/^-/, '−');

/** At least two significant digits printed (0.0439 yes, 0.1 or 3 no): precise enough to look for another value that fits. */
export const precise = (value: number, decimals: number): boolean =>
  Math.abs(value).toFixed(decimals).replace('.', '').replace(/^0+/, '').length >= 2;
