/**
 * The plain-text printer: formula syntax (`sigmoid(w * x + b)`) that `parseExpression` reads
 * back. Forms come from the op table's `text` entries and brackets from the shared
 * `parenthesize` with the table's `textArgPrec`, which keeps the tree's shape (`a + (b + c)`,
 * `a * (b / c)`), so printing a parsed expression and parsing it again gives the same node.
 * Symbols are printed as plain identifiers (`\sigma_3` → `sigma_3`, `\hat{y}` → `y_hat`).
 */
import type { Expr } from '../expr/node.js';
import { OPS, PREC } from '../expr/ops.js';
import { symbolText } from '../expr/names.js';
import { printExpr, type Style } from './print.js';

/** A number as the parser reads it: `0.4352`, `-3`, `1e-7`, `e`, `pi`. */
export function numberText(v: number): string {
  if (v === Math.E) return 'e';
  if (v === Math.PI) return 'pi';
  // an integer beyond 2^53 is printed exactly (2^60 = 1152921504606846976, not …847000)
  if (Number.isInteger(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER && Math.abs(v) < 1e21) return BigInt(v).toString();
  return String(v);
}

const textStyle: Style = {
  prec: (e) => (e.op === 'const' ? (e.value < 0 ? PREC.neg : PREC.atom) : e.op === 'sym' ? PREC.atom : OPS[e.op].prec),
  argPrec: (op, i) => OPS[op].textArgPrec[i] ?? 0,
  leaf: (e) => (e.op === 'const' ? numberText(e.value) : symbolText(e.name)),
  apply: (e, args) => OPS[e.op].text(args),
  open: '(',
  close: ')',
};

/** An expression in formula syntax with minimal brackets. */
export function toText(e: Expr): string {
  return printExpr(e, textStyle);
}
