/**
 * The second half of the op table: the constants e and π (kept as symbols, so d/dx (2x)^e prints
 * with e), trigonometric, hyperbolic and inverse functions, erf/erfc, log1p/expm1, log2/log10/exp2,
 * cbrt, the rounding functions, clamp and a stable logaddexp. Each entry has the same fields as
 * every other op (src/expr/opform.ts) and follows PyTorch's backward formulas (derivatives.yaml):
 * rounding functions have derivative 0 everywhere, clamp passes the gradient to x where
 * lo ≤ x ≤ hi (both bounds included) and to a bound where x lies beyond it, atan2's derivative
 * is NaN at (0, 0). Helpers JavaScript lacks live in special.ts.
 */
import type { Expr } from './node.js';
import { c, fn, PREC, type Builders, type OpSpec } from './opform.js';
import { clamp, erfCody, logAddExp, logSigmoid, roundHalfEven } from './special.js';

export const MATH_OP_NAMES = [
  'e', 'pi',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'asinh', 'acosh', 'atanh',
  'erf', 'erfc', 'log1p', 'expm1', 'log2', 'log10', 'exp2', 'cbrt',
  'floor', 'ceil', 'round', 'trunc', 'clamp', 'logaddexp', 'logsigmoid',
] as const;
export type MathOpName = (typeof MATH_OP_NAMES)[number];

const sq = (B: Builders, x: Expr) => B.pow(x, c(2));
const recip = (B: Builders, x: Expr) => B.div(c(1), x);
/** 2/√π, the factor of erf′. */
const twoOverSqrtPi = (B: Builders) => B.div(c(2), B.sqrt(B.apply('pi', [])));

/** A named constant: a leaf that prints as its name and evaluates to its value. */
const named = (name: string, latex: string, value: number, js: string): OpSpec => ({
  arity: 0, name, prec: PREC.atom, textArgPrec: [], latexArgPrec: [],
  eval: () => value,
  deriv: () => c(0),
  latex: () => latex,
  text: () => name,
  js: () => js,
  gpu: () => String(value),
});

/** A unary function evaluated by Math[name]. */
const math = (name: string, latex: string, f: (x: number) => number, deriv: OpSpec['deriv']): OpSpec => ({
  ...fn(name, latex),
  eval: (a) => f(a),
  deriv,
  js: (a) => `Math.${name}(${a[0]})`,
});

/** A piecewise-constant function: derivative 0 wherever it exists, and 0 at jumps (PyTorch). */
const stepwise = (name: string, latex: OpSpec['latex'], f: (x: number) => number, js: OpSpec['js']): OpSpec => ({
  ...fn(name, ''),
  eval: (a) => f(a),
  deriv: () => c(0),
  latex,
  js,
});

export const MATH_OPS: { readonly [K in MathOpName]: OpSpec } = {
  e: named('e', 'e', Math.E, 'Math.E'),
  pi: named('pi', '\\pi', Math.PI, 'Math.PI'),
  // d sin x = cos x dx, d cos x = −sin x dx, d tan x = (1 + tan² x) dx
  sin: math('sin', '\\sin', Math.sin, (args, _, __, B) => B.apply('cos', [args[0]!])),
  cos: math('cos', '\\cos', Math.cos, (args, _, __, B) => B.neg(B.apply('sin', [args[0]!]))),
  tan: math('tan', '\\tan', Math.tan, (_, __, self, B) => B.add(c(1), sq(B, self))),
  // d asin x = dx/√(1 − x²), d acos x = −dx/√(1 − x²), d atan x = dx/(1 + x²)
  asin: math('asin', '\\arcsin', Math.asin, (args, _, __, B) => recip(B, B.sqrt(B.sub(c(1), sq(B, args[0]!))))),
  acos: math('acos', '\\arccos', Math.acos, (args, _, __, B) => B.neg(recip(B, B.sqrt(B.sub(c(1), sq(B, args[0]!)))))),
  atan: math('atan', '\\arctan', Math.atan, (args, _, __, B) => recip(B, B.add(c(1), sq(B, args[0]!)))),
  atan2: {
    ...fn('atan2', '\\operatorname{atan2}', 2),
    eval: (y, x) => Math.atan2(y, x),
    // d atan2(y, x) = (x dy − y dx)/(x² + y²)
    deriv: ([y, x], i, _, B) => B.div(i === 0 ? x! : B.neg(y!), B.add(sq(B, x!), sq(B, y!))),
    js: (a) => `Math.atan2(${a[0]}, ${a[1]})`,
  },
  // d sinh x = cosh x dx, d cosh x = sinh x dx
  sinh: math('sinh', '\\sinh', Math.sinh, (args, _, __, B) => B.apply('cosh', [args[0]!])),
  cosh: math('cosh', '\\cosh', Math.cosh, (args, _, __, B) => B.apply('sinh', [args[0]!])),
  // d asinh x = dx/√(x² + 1), d acosh x = dx/√(x² − 1), d atanh x = dx/(1 − x²)
  asinh: math('asinh', '\\operatorname{arsinh}', Math.asinh, (args, _, __, B) => recip(B, B.sqrt(B.add(sq(B, args[0]!), c(1))))),
  acosh: math('acosh', '\\operatorname{arcosh}', Math.acosh, (args, _, __, B) => recip(B, B.sqrt(B.sub(sq(B, args[0]!), c(1))))),
  atanh: math('atanh', '\\operatorname{artanh}', Math.atanh, (args, _, __, B) => recip(B, B.sub(c(1), sq(B, args[0]!)))),
  erf: {
    ...fn('erf', '\\operatorname{erf}'),
    eval: (a) => erfCody(a, 0),
    // d erf x = (2/√π) e^(−x²) dx
    deriv: (args, _, __, B) => B.mul(twoOverSqrtPi(B), B.exp(B.neg(sq(B, args[0]!)))),
    js: (a) => `erfCody(${a[0]}, 0)`,
    jsHelper: erfCody,
    gpu: (a) => gpuErf(a[0]!),
  },
  erfc: {
    ...fn('erfc', '\\operatorname{erfc}'),
    eval: (a) => erfCody(a, 1),
    // d erfc x = −(2/√π) e^(−x²) dx
    deriv: (args, _, __, B) => B.neg(B.mul(twoOverSqrtPi(B), B.exp(B.neg(sq(B, args[0]!))))),
    js: (a) => `erfCody(${a[0]}, 1)`,
    jsHelper: erfCody,
    gpu: (a) => `(1 - ${gpuErf(a[0]!)})`,
  },
  // d log1p x = dx/(1 + x), d expm1 x = eˣ dx
  log1p: math('log1p', '\\operatorname{log1p}', Math.log1p, (args, _, __, B) => recip(B, B.add(c(1), args[0]!))),
  expm1: math('expm1', '\\operatorname{expm1}', Math.expm1, (args, _, __, B) => B.exp(args[0]!)),
  // d log₂ x = dx/(x log 2), d log₁₀ x = dx/(x log 10)
  log2: math('log2', '\\log_{2}', Math.log2, (args, _, __, B) => recip(B, B.mul(args[0]!, B.log(c(2))))),
  log10: math('log10', '\\log_{10}', Math.log10, (args, _, __, B) => recip(B, B.mul(args[0]!, B.log(c(10))))),
  exp2: {
    ...fn('exp2', ''),
    eval: (a) => Math.pow(2, a),
    // d 2ˣ = 2ˣ log 2 dx
    deriv: (_, __, self, B) => B.mul(self, B.log(c(2))),
    latex: (a) => `2^{${a[0]}}`,
    js: (a) => `Math.pow(2, ${a[0]})`,
  },
  cbrt: {
    ...math('cbrt', '', Math.cbrt, (_, __, self, B) => recip(B, B.mul(c(3), sq(B, self)))),
    // d ∛x = dx/(3 ∛x²)
    latex: (a) => `\\sqrt[3]{${a[0]}}`,
  },
  floor: stepwise('floor', (a) => `\\left\\lfloor ${a[0]} \\right\\rfloor`, Math.floor, (a) => `Math.floor(${a[0]})`),
  ceil: stepwise('ceil', (a) => `\\left\\lceil ${a[0]} \\right\\rceil`, Math.ceil, (a) => `Math.ceil(${a[0]})`),
  trunc: stepwise('trunc', (a) => `\\operatorname{trunc}\\left(${a[0]}\\right)`, Math.trunc, (a) => `Math.trunc(${a[0]})`),
  round: {
    ...stepwise('round', (a) => `\\operatorname{round}\\left(${a[0]}\\right)`, roundHalfEven, (a) => `roundHalfEven(${a[0]})`),
    jsHelper: roundHalfEven,
    gpu: ([x]) => `(${x} - Math.floor(${x}) == 0.5 ? 2 * Math.round(${x} / 2) : Math.round(${x}))`,
  },
  clamp: {
    ...fn('clamp', '\\operatorname{clamp}', 3),
    eval: clamp,
    // PyTorch: ∂x = [lo ≤ x ≤ hi], ∂lo = [x < lo], ∂hi = [x > hi], as selections
    deriv: ([x, lo, hi], i, _, B) =>
      i === 0 ? B.where(B.apply('ge', [x!, lo!]), B.where(B.apply('le', [x!, hi!]), c(1), c(0)), c(0))
        : i === 1 ? B.where(B.apply('lt', [x!, lo!]), c(1), c(0))
          : B.where(B.apply('gt', [x!, hi!]), c(1), c(0)),
    js: (a) => `clamp(${a.join(', ')})`,
    jsHelper: clamp,
    gpu: (a) => `Math.min(Math.max(${a[0]}, ${a[1]}), ${a[2]})`,
  },
  logaddexp: {
    ...fn('logaddexp', '\\operatorname{logaddexp}', 2),
    eval: logAddExp,
    // d log(eᵃ + eᵇ) = σ(a − b) da + σ(b − a) db
    deriv: ([a, b], i, _, B) => (i === 0 ? B.sigmoid(B.sub(a!, b!)) : B.sigmoid(B.sub(b!, a!))),
    js: (a) => `logAddExp(${a[0]}, ${a[1]})`,
    jsHelper: logAddExp,
    gpu: ([a, b]) => `(Math.max(${a}, ${b}) + Math.log(1 + Math.exp(-Math.abs(${a} - ${b}))))`,
  },
  logsigmoid: {
    ...fn('logsigmoid', '\\log\\sigma'),
    eval: logSigmoid,
    // d log σ(x) = σ(−x) dx (= 1 − σ(x), without its cancellation for large x)
    deriv: (args, _, __, B) => B.sigmoid(B.neg(args[0]!)),
    js: (a) => `logSigmoid(${a[0]})`,
    jsHelper: logSigmoid,
    gpu: ([x]) => `(Math.min(${x}, 0) - Math.log(1 + Math.exp(-Math.abs(${x}))))`,
  },
};

/**
 * erf in a GPU.js kernel (float32 there): Abramowitz & Stegun 7.1.26, absolute error below
 * 1.5·10⁻⁷, which is float32's own resolution near 1.
 */
function gpuErf(x: string): string {
  const t = `(1 / (1 + 0.3275911 * Math.abs(${x})))`;
  const poly = `((((1.061405429 * ${t} - 1.453152027) * ${t} + 1.421413741) * ${t} - 0.284496736) * ${t} + 0.254829592) * ${t}`;
  return `(Math.sign(${x}) * (1 - ${poly} * Math.exp(-${x} * ${x})))`;
}
