/**
 * The one place the matrix view tidies scalar derivative formulas (σ′, ∂ℓ/∂ŷ) before they are
 * evaluated or printed: the project's simplifier, which never changes a value.
 */
import type { Expr } from '../../expr/node.js';
import { simplify } from '../../simplify/index.js';

export function tidy(e: Expr): Expr {
  return simplify(e);
}
