/**
 * Substitution steps: `W_3 x_1 + W_4 x_2 + b_2 = 0.1951 × 1 + 0.4835 × 1 − 0.0439`. Walking the
 * symbolic side and the numeric side together, node by node, tells which printed number the
 * author put in for each symbol, with its sign: sums are compared as lists of signed terms, so
 * `+ b_1` against `− 0.1419` reads b_1 = −0.1419, and `e^{-z_3}` against `e^{0.3415}` reads
 * z_3 = −0.3415. When the two sides do not have the same shape the step is left to the numeric
 * comparison alone.
 */
import type { Expr } from '../expr/node.js';
import { isSlot, type Slots } from './parse.js';

export interface Use {
  /** The document symbol. */
  readonly name: string;
  /** The value substituted for it, sign included. */
  readonly used: number;
  readonly decimals: number;
  /** The literal slot that holds it. */
  readonly slot: Expr;
}

type Signed = [sign: number, term: Expr];

function terms(e: Expr, sign: number, out: Signed[]): Signed[] {
  if (e.op === 'add') { terms(e.args[0]!, sign, out); terms(e.args[1]!, sign, out); }
  else if (e.op === 'sub') { terms(e.args[0]!, sign, out); terms(e.args[1]!, -sign, out); }
  else if (e.op === 'neg' && (e.args[0]!.op === 'add' || e.args[0]!.op === 'sub')) terms(e.args[0]!, -sign, out);
  else out.push([sign, e]);
  return out;
}

function factors(e: Expr, out: Expr[]): Expr[] {
  if (e.op === 'mul') { factors(e.args[0]!, out); factors(e.args[1]!, out); }
  else out.push(e);
  return out;
}

/** The uses read off a substitution step, or undefined when the shapes differ. */
export function align(symbolic: Expr, numeric: Expr, slots: Slots): Use[] | undefined {
  const out: Use[] = [];
  return walk(symbolic, numeric, 1, slots, out) ? out : undefined;
}

function walk(a: Expr, b: Expr, sign: number, slots: Slots, out: Use[]): boolean {
  if (a.op === 'sym' && !isSlot(a)) {
    const neg = b.op === 'neg';
    const inner = neg ? b.args[0]! : b;
    const slot = isSlot(inner) ? slots.get(inner) : undefined;
    if (slot) out.push({ name: a.name, used: (neg ? -sign : sign) * slot.value, decimals: slot.decimals, slot: inner });
    // A symbol left as is, or replaced by a partly worked expression: nothing to read.
    return true;
  }
  if (a.op === 'neg') return b.op === 'neg' ? walk(a.args[0]!, b.args[0]!, sign, slots, out) : walk(a.args[0]!, b, -sign, slots, out);
  if (b.op === 'neg' && (a.op === 'mul' || a.op === 'div')) return walk(a, b.args[0]!, -sign, slots, out);
  if (a.op === 'add' || a.op === 'sub') {
    const ta = terms(a, 1, []);
    const tb = terms(b, 1, []);
    if (ta.length !== tb.length) return false;
    return ta.every(([sa, x], k) => walk(x, tb[k]![1], sign * sa * tb[k]![0], slots, out));
  }
  if (a.op === 'mul') {
    const fa = factors(a, []);
    const fb = factors(b, []);
    if (fa.length !== fb.length) return false;
    return fa.every((x, k) => walk(x, fb[k]!, k === 0 ? sign : 1, slots, out));
  }
  if (a.op === 'const' || isSlot(a)) return true;
  if (a.op !== b.op || a.args.length !== b.args.length) return false;
  if (a.op === 'div') return walk(a.args[0]!, b.args[0]!, sign, slots, out) && walk(a.args[1]!, b.args[1]!, 1, slots, out);
  // Through a nonlinear function a sign cannot move: −f(x) is not f(−x).
  if (sign !== 1) return false;
  return a.args.every((x, k) => walk(x, b.args[k]!, 1, slots, out));
}
