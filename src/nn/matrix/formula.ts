/**
 * User formulas of custom activations (`x*sigmoid(x)`) and custom losses
 * (`0.5*(y - yhat)^2`), parsed with the project's parser and rebound to the matrix view's
 * placeholders. A formula that uses any other symbol is a user mistake (SymgradError naming
 * the field).
 */
import { substitute, topoOrder, type Expr } from '../../expr/node.js';
import * as E from '../../expr/build.js';
import { parseExpression } from '../../parse/index.js';
import { SymgradError } from '../../errors.js';

/** Parse `src` and replace each allowed variable name by its placeholder. */
export function parseFormula(src: string, vars: Readonly<Record<string, Expr>>, field: string): Expr {
  let e: Expr;
  try {
    e = parseExpression(src);
  } catch (err) {
    if (err instanceof SymgradError) throw new SymgradError(err.message, { ...err.place, field });
    throw err;
  }
  const map = new Map<Expr, Expr>();
  for (const n of topoOrder([e])) {
    if (n.op !== 'sym') continue;
    const to = vars[n.name];
    if (to === undefined) {
      const allowed = Object.keys(vars).join(', ');
      throw new SymgradError(`unknown variable '${n.name}' in '${src}' (allowed: ${allowed})`, { field });
    }
    map.set(n, to);
  }
  return substitute(e, map, E.apply);
}
