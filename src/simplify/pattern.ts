/**
 * Patterns over the expression IR, and the matcher that binds them.
 *
 * A pattern is an ordinary interned expression in which some symbols are wildcards: `?a` matches
 * any subexpression, `#k` matches a constant only. A wildcard used twice must match the same
 * node both times, which with interning is a `===` test (so `x − x` matches only identical
 * sides). `+` and `·` match in either argument order. Patterns are built with the raw `apply`,
 * so nothing in them is folded or simplified away. The right-hand side of a rule is a pattern
 * too: instantiating it substitutes the bindings and rebuilds with the folding builders.
 */
import { apply, substitute, symbol, topoOrder, type Expr } from '../expr/node.js';
import type { OpName } from '../expr/ops.js';
import * as B from '../expr/build.js';

/** Wildcard name (without its `?`/`#`) → the node it matched. */
export type Bindings = ReadonlyMap<string, Expr>;

/** A wildcard matching any expression. */
export const any = (name: string): Expr => symbol(`?${name}`);
/** A wildcard matching only a numeric constant. */
export const num = (name: string): Expr => symbol(`#${name}`);

const isWild = (p: Expr): boolean => p.op === 'sym' && (p.name[0] === '?' || p.name[0] === '#');
const COMMUTATIVE = new Set<string>(['add', 'mul', 'max', 'min', 'eq']);

/** Pattern builders: `P.mul(a, 1)` is the raw node mul(?a, 1), never simplified. */
export function P(op: OpName, ...args: Array<Expr | number>): Expr {
  return apply(op, args.map(B.lift));
}

function bind(p: Expr, e: Expr, b: Map<string, Expr>): boolean {
  if (p.name[0] === '#' && e.op !== 'const') return false;
  const name = p.name.slice(1);
  const prev = b.get(name);
  if (prev !== undefined) return prev === e;
  b.set(name, e);
  return true;
}

function matchInto(p: Expr, e: Expr, b: Map<string, Expr>): boolean {
  if (isWild(p)) return bind(p, e, b);
  if (p.op === 'const' || p.op === 'sym') return p === e;
  if (p.op !== e.op) return false;
  if (COMMUTATIVE.has(p.op)) {
    const saved = new Map(b);
    if (matchInto(p.args[0]!, e.args[0]!, b) && matchInto(p.args[1]!, e.args[1]!, b)) return true;
    b.clear();
    for (const [k, v] of saved) b.set(k, v);
    return matchInto(p.args[0]!, e.args[1]!, b) && matchInto(p.args[1]!, e.args[0]!, b);
  }
  return p.args.every((pa, i) => matchInto(pa, e.args[i]!, b));
}

/** Bindings that make `pattern` equal to `e`, or undefined when it does not match. */
export function match(pattern: Expr, e: Expr): Bindings | undefined {
  const b = new Map<string, Expr>();
  return matchInto(pattern, e, b) ? b : undefined;
}

/** The pattern with its wildcards replaced by their bindings, rebuilt with constant folding. */
export function instantiate(pattern: Expr, b: Bindings): Expr {
  const map = new Map<Expr, Expr>();
  for (const n of topoOrder([pattern])) {
    if (!isWild(n)) continue;
    const v = b.get(n.name.slice(1));
    if (v === undefined) throw new Error(`pattern variable ${n.name} is unbound`);
    map.set(n, v);
  }
  return substitute(pattern, map, B.apply);
}
