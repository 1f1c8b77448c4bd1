/**
 * Programs: ordered assignments that name intermediates (`z = w*x + b; s = sigmoid(z); L = …`),
 * and the chain rule over them.
 *
 * Differentiating a program instead of one inlined expression keeps the structure a reader
 * wants to see: ∂L/∂w = ∂L/∂s · ∂s/∂z · ∂z/∂w, where each factor is the local derivative of
 * one assignment with respect to one symbol it uses.
 */
import { freeSymbols, substitute, topoOrder, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { derivative } from './reverse.js';

export interface Assignment {
  /** The symbol being defined. */
  readonly target: Expr;
  readonly expr: Expr;
}

/** A local factor ∂target/∂input of one assignment. */
export interface Link {
  readonly target: Expr;
  readonly input: Expr;
  readonly local: Expr;
}

export class Program {
  readonly assignments: readonly Assignment[];
  private readonly defs = new Map<Expr, Expr>();
  private inlined = new Map<Expr, Expr>();

  constructor(assignments: readonly Assignment[]) {
    for (const a of assignments) {
      if (a.target.op !== 'sym') throw new Error('an assignment must define a symbol');
      if (this.defs.has(a.target)) throw new Error(`'${a.target.name}' is assigned twice`);
      if (freeSymbols(a.expr).includes(a.target)) throw new Error(`'${a.target.name}' is defined in terms of itself`);
      this.defs.set(a.target, a.expr);
    }
    this.assignments = [...assignments];
  }

  definition(s: Expr): Expr | undefined {
    return this.defs.get(s);
  }

  /** The symbols the program defines, in order. */
  get targets(): Expr[] {
    return this.assignments.map((a) => a.target);
  }

  /** The symbols used but never defined: the program's inputs and parameters. */
  get inputs(): Expr[] {
    const out: Expr[] = [];
    for (const a of this.assignments) {
      for (const s of freeSymbols(a.expr)) if (!this.defs.has(s) && !out.includes(s)) out.push(s);
    }
    return out;
  }

  /** An expression with every defined symbol replaced by its (recursively inlined) definition. */
  inline(e: Expr): Expr {
    const map = new Map<Expr, Expr>();
    for (const n of topoOrder([e])) if (n.op === 'sym' && this.defs.has(n)) map.set(n, this.inlineSymbol(n));
    return map.size === 0 ? e : substitute(e, map, B.apply);
  }

  private inlineSymbol(s: Expr): Expr {
    const hit = this.inlined.get(s);
    if (hit) return hit;
    const full = this.inline(this.defs.get(s)!);
    this.inlined.set(s, full);
    return full;
  }

  /** The local factor ∂target/∂input, treating every other symbol as independent. */
  local(target: Expr, input: Expr): Expr {
    const def = this.defs.get(target);
    if (!def) throw new Error(`'${target.name}' is not defined by this program`);
    return derivative(def, input);
  }

  /** The symbols an assignment reads directly. */
  uses(target: Expr): Expr[] {
    const def = this.defs.get(target);
    return def ? freeSymbols(def) : [];
  }
}

export interface ProgramGradient {
  /** ∂output/∂s for every symbol s on a path from the output, in terms of the program's symbols. */
  readonly adjoint: ReadonlyMap<Expr, Expr>;
  /** Every local factor used. */
  readonly links: readonly Link[];
  /** Every chain of links from the output down to `x` (each path lists output-side links first). */
  paths(x: Expr): Link[][];
}

/**
 * Reverse mode over the assignments: adj(s) = Σ over assignments t using s of adj(t) · ∂t/∂s.
 * Adjoints are expressed with the intermediate symbols (δ-style), not inlined.
 */
export function programGradient(p: Program, output: Expr, wrt: readonly Expr[] = p.inputs): ProgramGradient {
  const links: Link[] = [];
  const adjoint = new Map<Expr, Expr>([[output, B.constant(1)]]);
  const relevant = reaching(p, wrt);
  const order = p.assignments.map((a) => a.target);
  const end = order.indexOf(output);
  if (end < 0) throw new Error(`'${output.name}' is not defined by this program`);
  for (let k = end; k >= 0; k--) {
    const t = order[k]!;
    const adj = adjoint.get(t);
    if (adj === undefined) continue;
    for (const s of p.uses(t)) {
      if (!relevant.has(s)) continue;
      const link: Link = { target: t, input: s, local: p.local(t, s) };
      links.push(link);
      const c = B.mul(adj, link.local);
      const prev = adjoint.get(s);
      adjoint.set(s, prev === undefined ? c : B.add(prev, c));
    }
  }
  const byTarget = new Map<Expr, Link[]>();
  for (const l of links) byTarget.set(l.target, [...(byTarget.get(l.target) ?? []), l]);
  const paths = (x: Expr): Link[][] => {
    const walk = (from: Expr): Link[][] => {
      if (from === x) return [[]];
      return (byTarget.get(from) ?? []).flatMap((l) => walk(l.input).map((rest) => [l, ...rest]));
    };
    return walk(output);
  };
  return { adjoint, links, paths };
}

/** Symbols from which some variable in `wrt` can be reached (the variables included). */
function reaching(p: Program, wrt: readonly Expr[]): Set<Expr> {
  const set = new Set<Expr>(wrt);
  for (const a of p.assignments) {
    if (p.uses(a.target).some((s) => set.has(s))) set.add(a.target);
  }
  return set;
}
