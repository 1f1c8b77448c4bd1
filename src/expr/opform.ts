/**
 * The shape of an op-table entry, shared by the two halves of the table (ops.ts for arithmetic,
 * comparisons and the activations; ops-math.ts for the elementary and special functions): the
 * precedence scale every printer reads, the OpSpec interface, and the helper that fills in the
 * printing of an ordinary function call `name(a, b)`. No runtime import of the table itself, so
 * both halves can be evaluated in either order; nor of the builders, which derivative rules
 * receive as an argument (`deriv(args, i, self, B)`), so table and builders form no cycle.
 */
import { constant, type Expr } from './node.js';
import type * as BuildModule from './build.js';

/** The builders (build.ts), as the derivative rules receive them. */
export type Builders = typeof BuildModule;

/** Binding strength, loosest first. One table shared by every printer. */
export const PREC = {
  cmp: 5,
  add: 10,
  mul: 20,
  neg: 25,
  pow: 30,
  call: 40,
  atom: 50,
} as const;

export interface OpSpec {
  readonly arity: number;
  /** The name used in formulas (`sigmoid(x)`), or the operator symbol for infix ops. */
  readonly name: string;
  /** Precedence of the node as printed. */
  readonly prec: number;
  /** For each argument, the least precedence it may have to be printed without brackets. */
  readonly textArgPrec: readonly number[];
  readonly latexArgPrec: readonly number[];
  /** float64 evaluation, with PyTorch's conventions where they differ from textbook math. */
  readonly eval: (a: number, b: number, c: number) => number;
  /**
   * The local derivative ∂self/∂args[i] as an expression, made with the builders `B`
   * (build.ts, handed in by the chain-rule driver, so the table and its builders import no cycle).
   */
  readonly deriv: (args: readonly Expr[], i: number, self: Expr, B: Builders) => Expr;
  /** LaTeX given the already-bracketed argument strings (and the argument nodes). */
  readonly latex: (a: readonly string[], args: readonly Expr[]) => string;
  /** Plain text in the formula syntax that `parse` reads back. */
  readonly text: (a: readonly string[]) => string;
  /** JavaScript source computing the value, given the argument sources (each a simple term). */
  readonly js: (a: readonly string[]) => string;
  /**
   * A self-contained function (src/expr/special.ts) that `js` calls by its name, where Math has
   * no such function; generated code embeds its source.
   */
  readonly jsHelper?: (...args: number[]) => number;
  /** GPU.js kernel source where `js` is not translatable there (no helper functions on the GPU). */
  readonly gpu?: (a: readonly string[]) => string;
}

export const c = (v: number): Expr => constant(v);

/** The printing of a function call: `name(a, b)` as text, `\name\left(a, b\right)` in LaTeX. */
export const fn = (name: string, latexName: string, arity = 1) => ({
  name,
  arity,
  prec: PREC.call,
  textArgPrec: Array(arity).fill(0),
  latexArgPrec: Array(arity).fill(0),
  latex: (a: readonly string[]) => `${latexName}\\left(${a.join(', ')}\\right)`,
  text: (a: readonly string[]) => `${name}(${a.join(', ')})`,
});
