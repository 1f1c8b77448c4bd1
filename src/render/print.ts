/**
 * The printing scheme shared by the LaTeX and plain-text printers and the matrix view's tensor
 * printer (after SymPy's printers: one scheme, a style per node kind): each node is printed
 * once (the IR is a DAG), children before parents, and a parent asks its style how to show
 * each argument. Brackets are decided in exactly one place, `parenthesize`, from
 * the one precedence table in src/expr/ops.ts: an argument is bracketed when it binds more
 * loosely than its position requires, or when it starts with a minus sign right after an
 * operator (`a - (-b)`, `a (-2)`, `-(-x)`).
 */
import type { Expr } from '../expr/node.js';
import { topoSort } from '../expr/graph.js';
import { OPS, PREC, type OpName } from '../expr/ops.js';

/**
 * What a printer of one node kind decides (after SymPy's printers, which override per node
 * kind); everything else — order, memoising, brackets — is shared by `printTree`.
 */
export interface TreeStyle<N> {
  /** How tightly the printed node binds (PREC scale). */
  prec(n: N): number;
  /** The least precedence argument i of `n` may have without brackets. */
  argPrec(n: N, i: number): number;
  /** A node printed as it is, its arguments not visited (a constant, a symbol, a named tensor). */
  leaf(n: N): string | undefined;
  /** A node applied to its already-bracketed argument strings. */
  apply(n: N, args: readonly string[]): string;
  /** Brackets for a subexpression. */
  readonly open: string;
  readonly close: string;
  /** Whether argument i follows an operator sign, so a leading minus there needs brackets. */
  afterOperator?(n: N, i: number, minPrec: number): boolean;
  /** A style may show some arguments specially (LaTeX's Iverson brackets); undefined = the default. */
  arg?(parent: N, i: number, child: N, printed: string): string | undefined;
}

/** A scalar printer's decisions (the LaTeX and plain-text printers). */
export interface Style {
  prec(e: Expr): number;
  argPrec(op: OpName, i: number): number;
  /** A constant or a symbol. */
  leaf(e: Expr): string;
  apply(e: Expr & { op: OpName }, args: readonly string[]): string;
  readonly open: string;
  readonly close: string;
  arg?(parent: Expr & { op: OpName }, i: number, child: Expr, printed: string): string | undefined;
}

const INFIX = new Set<number>([PREC.add, PREC.mul]);

/** Whether argument `i` of `op` follows an operator sign, so a leading minus there needs brackets. */
function followsOperator(op: OpName, i: number, minPrec: number): boolean {
  if (minPrec <= 0) return false;
  return op === 'neg' || (i > 0 && INFIX.has(OPS[op].prec));
}

/**
 * The one bracketing rule: wrap `printed` when its precedence is below `minPrec`, or when it
 * begins with a minus sign in a position right after an operator.
 */
export function parenthesize(
  printed: string,
  prec: number,
  minPrec: number,
  afterOperator: boolean,
  open: string,
  close: string,
): string {
  const needs = prec < minPrec || (afterOperator && printed.startsWith('-'));
  return needs ? `${open}${printed}${close}` : printed;
}

/** Print a DAG of any node kind in a style. Iterative, so deep expressions do not overflow the stack. */
export function printTree<N extends { readonly args: readonly N[] }>(root: N, style: TreeStyle<N>): string {
  const done = new Map<N, string>();
  for (const n of topoSort([root], (m) => style.leaf(m) !== undefined)) {
    const leaf = style.leaf(n);
    if (leaf !== undefined) {
      done.set(n, leaf);
      continue;
    }
    const args = n.args.map((child, i) => {
      const printed = done.get(child)!;
      const special = style.arg?.(n, i, child, printed);
      if (special !== undefined) return special;
      const min = style.argPrec(n, i);
      const after = style.afterOperator?.(n, i, min) ?? false;
      return parenthesize(printed, style.prec(child), min, after, style.open, style.close);
    });
    done.set(n, style.apply(n, args));
  }
  return done.get(root)!;
}

type OpNode = Expr & { op: OpName };

/** Print a scalar expression in a style. */
export function printExpr(e: Expr, style: Style): string {
  return printTree<Expr>(e, {
    prec: (n) => style.prec(n),
    argPrec: (n, i) => style.argPrec(n.op as OpName, i),
    leaf: (n) => (n.op === 'const' || n.op === 'sym' ? style.leaf(n) : undefined),
    apply: (n, args) => style.apply(n as OpNode, args),
    open: style.open,
    close: style.close,
    afterOperator: (n, i, min) => followsOperator(n.op as OpName, i, min),
    ...(style.arg ? { arg: (p: Expr, i: number, c: Expr, s: string) => style.arg!(p as OpNode, i, c, s) } : {}),
  });
}
