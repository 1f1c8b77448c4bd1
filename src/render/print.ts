/**
 * The printing scheme shared by the LaTeX and plain-text printers (after SymPy's printer): each
 * node is printed once (the IR is a DAG), children before parents, and a parent asks its style
 * how to show each argument. Brackets are decided in exactly one place, `parenthesize`, from
 * the one precedence table in src/expr/ops.ts: an argument is bracketed when it binds more
 * loosely than its position requires, or when it starts with a minus sign right after an
 * operator (`a - (-b)`, `a (-2)`, `-(-x)`).
 */
import { topoOrder, type Expr } from '../expr/node.js';
import { OPS, PREC, type OpName } from '../expr/ops.js';

/** What a printer decides; everything else (order, memoising, brackets) is shared. */
export interface Style {
  /** How tightly the printed node binds (PREC scale). */
  prec(e: Expr): number;
  /** The least precedence argument i of `op` may have without brackets. */
  argPrec(op: OpName, i: number): number;
  /** A constant or a symbol. */
  leaf(e: Expr): string;
  /** An op applied to its already-bracketed argument strings. */
  apply(e: Expr & { op: OpName }, args: readonly string[]): string;
  /** Brackets for a subexpression. */
  readonly open: string;
  readonly close: string;
  /** A style may show some arguments specially (LaTeX's Iverson brackets); undefined = the default. */
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

/** Print an expression in a style. Iterative, so deep expressions do not overflow the stack. */
export function printExpr(e: Expr, style: Style): string {
  const done = new Map<Expr, string>();
  for (const n of topoOrder([e])) {
    if (n.op === 'const' || n.op === 'sym') {
      done.set(n, style.leaf(n));
      continue;
    }
    const node = n as Expr & { op: OpName };
    const args = node.args.map((child, i) => {
      const printed = done.get(child)!;
      const special = style.arg?.(node, i, child, printed);
      if (special !== undefined) return special;
      const min = style.argPrec(node.op, i);
      return parenthesize(printed, style.prec(child), min, followsOperator(node.op, i, min), style.open, style.close);
    });
    done.set(n, style.apply(node, args));
  }
  return done.get(e)!;
}
