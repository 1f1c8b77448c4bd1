/**
 * Custom formulas in network files: an elementwise activation in `x` (`x*sigmoid(x)`) or an
 * elementwise loss in `y` and `yhat` (`0.5*(y - yhat)^2`). They are parsed with the formula
 * parser (src/parse) when the file is loaded, so that a formula that does not parse, or that
 * uses a variable other than the allowed ones, is reported with its field path and line; the
 * symbolic views later instantiate them by substituting expressions for the variables.
 */
import { SymgradError } from '../errors.js';
import { freeSymbols, substitute, symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { parseExpression } from '../parse/index.js';
import { canonicalName } from '../expr/names.js';
import type { Loc } from './located.js';
import type { Checker } from './validate.js';

/** The names a variable may take after parsing: as typed, and canonical (`yhat` reads as `\hat{y}`). */
function spellings(v: string): string[] {
  return [...new Set([v, canonicalName(v)])];
}

/** Parse a formula, allowing only `vars` as free symbols. Throws SymgradError (no place). */
export function parseFormula(src: string, vars: readonly string[]): Expr {
  const e = parseExpression(src);
  const allowed = new Set(vars.flatMap(spellings));
  const bad = freeSymbols(e).filter((s) => !allowed.has(s.name));
  if (bad.length > 0) {
    const names = bad.map((s) => `'${s.name}'`).join(', ');
    throw new SymgradError(`unknown variable${bad.length > 1 ? 's' : ''} ${names} in '${src}' (a formula here may use: ${vars.join(', ')})`);
  }
  return e;
}

/** Check the formula at `loc`; returns its text. Errors name the field and the line. */
export function checkFormula(c: Checker, loc: Loc, vars: readonly string[]): string {
  const src = c.string(loc).trim();
  if (src === '') c.fail(loc, 'the formula is empty');
  try {
    parseFormula(src, vars);
  } catch (e) {
    if (e instanceof SymgradError) {
      const col = e.place.column !== undefined ? ` (column ${e.place.column} of the formula)` : '';
      c.fail(loc, `cannot use formula '${src}': ${e.message}${col}`);
    }
    throw e;
  }
  return src;
}

/** Parsed formulas by variables and text: a layer instantiates its formula once per neuron. */
const parsed = new Map<string, Expr>();

/** The formula with its variables replaced, e.g. instantiate('x*sigmoid(x)', {x: z_1}). */
export function instantiate(src: string, values: Readonly<Record<string, Expr>>): Expr {
  const vars = Object.keys(values);
  const key = `${vars.join(',')}:${src}`;
  let e = parsed.get(key);
  if (e === undefined) parsed.set(key, (e = parseFormula(src, vars)));
  const map = new Map<Expr, Expr>(Object.entries(values).flatMap(([k, v]) => spellings(k).map((n) => [symbol(n), v] as const)));
  return substitute(e, map, B.apply);
}
