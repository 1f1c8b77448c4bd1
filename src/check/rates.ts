/**
 * One learning rate for a whole set of updates. Each wrong W(t+1) = W − α'·g fits some α'; when
 * two or more wrong updates fit one α' (within their rounding) other than the optimizer's lr,
 * they are one slip — the learning rate used — and their findings say so together, instead of
 * as unrelated wrong values.
 */
import type { EquationResult } from './run.js';
import { fmt } from './values.js';

export interface RateFit {
  readonly line: number;
  readonly column: number;
  readonly rate: number;
  readonly tol: number;
}

export function commonRate(results: EquationResult[], fits: readonly RateFit[], lr: number | undefined): EquationResult[] {
  if (lr === undefined || fits.length < 2) return results;
  // The narrowest interval all fits share.
  const lo = Math.max(...fits.map((f) => f.rate - f.tol));
  const hi = Math.min(...fits.map((f) => f.rate + f.tol));
  if (lo > hi || (lr >= lo - 1e-12 && lr <= hi + 1e-12)) return results;
  // A round value inside the interval, as people choose learning rates.
  const digits = [1, 2, 3, 4, 6].find((d) => Math.ceil(lo * 10 ** d - 1e-9) <= Math.floor(hi * 10 ** d + 1e-9)) ?? 8;
  const rate = Math.ceil(lo * 10 ** digits - 1e-9) / 10 ** digits;
  const lines = [...new Set(fits.map((f) => f.line))];
  const why = `wrong learning rate: the ${fits.length} updates on lines ${lines.join(', ')} all fit α = ${fmt(rate)}, but the optimizer's lr is ${fmt(lr)}`;
  return results.map((r) => {
    const hit = r.findings.some((f) => fits.some((x) => x.line === f.line && x.column === f.column));
    if (!hit) return r;
    return {
      ...r,
      findings: r.findings.map((f) => (fits.some((x) => x.line === f.line && x.column === f.column) && f.severity === 'error'
        ? { ...f, cause: 'wrong-learning-rate' as const, message: `${f.message.split(':')[0]}: ${why}; ${f.message.slice(f.message.indexOf(':') + 2)}` }
        : f)),
    };
  });
}
