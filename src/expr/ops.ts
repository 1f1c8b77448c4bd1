/**
 * The table of primitive ops. Each primitive is declared exactly once, here, with every fact
 * the rest of symgrad needs about it: arity, float64 evaluation, local derivative, precedence,
 * LaTeX and plain-text forms, and JavaScript source for the compiler.
 *
 * The table is typed `{ [K in OpName]: OpSpec }`, so adding a name to OP_NAMES without a full
 * entry fails `tsc`. A derivative rule gives only the local factor ∂f/∂argᵢ; the chain rule
 * and the accumulation of adjoints live in one driver (src/diff/reverse.ts).
 */
import type { Expr } from './node.js';
import { c, fn, PREC, type Builders, type OpSpec } from './opform.js';
import { MATH_OP_NAMES, MATH_OPS } from './ops-math.js';

export { PREC, type OpSpec } from './opform.js';

export const OP_NAMES = [
  'add', 'sub', 'mul', 'div', 'neg', 'pow',
  'exp', 'log', 'sqrt', 'abs', 'sign',
  'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softplus',
  'max', 'min', 'where', 'gt', 'ge', 'lt', 'le', 'eq',
  ...MATH_OP_NAMES,
] as const;
export type OpName = (typeof OP_NAMES)[number];

const cmp = (name: string, tex: string, jsOp: string, f: (a: number, b: number) => boolean): OpSpec => ({
  arity: 2,
  name,
  prec: PREC.cmp,
  textArgPrec: [PREC.add, PREC.add],
  latexArgPrec: [PREC.add, PREC.add],
  eval: (a, b) => (f(a, b) ? 1 : 0),
  // A comparison is piecewise constant: its derivative is 0 wherever it exists.
  deriv: () => c(0),
  latex: (a) => `${a[0]} ${tex} ${a[1]}`,
  text: (a) => `${a[0]} ${name} ${a[1]}`,
  js: (a) => `(${a[0]} ${jsOp} ${a[1]} ? 1 : 0)`,
});

/**
 * PyTorch's torch.maximum gradient: 1 where this side wins, ½ on ties, 0 where it loses. Both
 * arguments' factors test the same conditions (a > b, then a = b), so the reverse driver merges
 * them into one selection: where(a > b, ∂a, where(a = b, (∂a + ∂b)/2, ∂b)).
 */
function maxMinDeriv(B: Builders, args: readonly Expr[], i: number, wins: 'gt' | 'lt'): Expr {
  const [a, b] = [args[0]!, args[1]!];
  const [win, lose] = i === 0 ? [c(1), c(0)] : [c(0), c(1)];
  return B.where(B.apply(wins, [a, b]), win, B.where(B.apply('eq', [a, b]), c(0.5), lose));
}

export const OPS: { readonly [K in OpName]: OpSpec } = {
  add: {
    arity: 2, name: '+', prec: PREC.add,
    // Text keeps the tree's shape (a + (b + c)) so that parsing it back gives the same node.
    textArgPrec: [PREC.add, PREC.add + 1], latexArgPrec: [PREC.add, PREC.add],
    eval: (a, b) => a + b,
    // d(a + b) = da + db
    deriv: () => c(1),
    latex: (a) => `${a[0]} + ${a[1]}`,
    text: (a) => `${a[0]} + ${a[1]}`,
    js: (a) => `(${a[0]} + ${a[1]})`,
  },
  sub: {
    arity: 2, name: '-', prec: PREC.add,
    textArgPrec: [PREC.add, PREC.mul], latexArgPrec: [PREC.add, PREC.mul],
    eval: (a, b) => a - b,
    // d(a − b) = da − db
    deriv: (_, i) => c(i === 0 ? 1 : -1),
    latex: (a) => `${a[0]} - ${a[1]}`,
    text: (a) => `${a[0]} - ${a[1]}`,
    js: (a) => `(${a[0]} - ${a[1]})`,
  },
  mul: {
    arity: 2, name: '*', prec: PREC.mul,
    textArgPrec: [PREC.mul, PREC.neg + 1], latexArgPrec: [PREC.mul, PREC.neg + 1],
    eval: (a, b) => a * b,
    // d(ab) = b da + a db
    deriv: (args, i) => args[1 - i]!,
    latex: (a) => {
      // Juxtapose (W_1 x_1) unless the right factor starts like a number (2 \cdot 3, x \cdot 2)
      // or a number meets a fraction, which would read as a mixed number (2 \cdot \frac{1}{3}).
      const explicit = /^[-0-9.]/.test(a[1]!) || (/[0-9.]$/.test(a[0]!) && a[1]!.startsWith('\\frac'));
      return explicit ? `${a[0]} \\cdot ${a[1]}` : `${a[0]} ${a[1]}`;
    },
    text: (a) => `${a[0]} * ${a[1]}`,
    js: (a) => `(${a[0]} * ${a[1]})`,
  },
  div: {
    arity: 2, name: '/', prec: PREC.mul,
    textArgPrec: [PREC.mul, PREC.neg + 1], latexArgPrec: [0, 0],
    eval: (a, b) => a / b,
    // d(a/b) = da/b − a db/b²
    deriv: (args, i, _, B) => (i === 0 ? B.div(c(1), args[1]!) : B.neg(B.div(args[0]!, B.pow(args[1]!, c(2))))),
    latex: (a) => `\\frac{${a[0]}}{${a[1]}}`,
    text: (a) => `${a[0]} / ${a[1]}`,
    js: (a) => `(${a[0]} / ${a[1]})`,
  },
  neg: {
    arity: 1, name: '-', prec: PREC.neg,
    textArgPrec: [PREC.neg + 1], latexArgPrec: [PREC.neg + 1],
    eval: (a) => -a,
    // d(−a) = −da
    deriv: () => c(-1),
    latex: (a) => `-${a[0]}`,
    text: (a) => `-${a[0]}`,
    js: (a) => `(-${a[0]})`,
  },
  pow: {
    arity: 2, name: '^', prec: PREC.pow,
    textArgPrec: [PREC.pow + 1, PREC.pow], latexArgPrec: [PREC.pow + 1, 0],
    eval: (a, b) => Math.pow(a, b),
    // d(aᵇ) = b aᵇ⁻¹ da + aᵇ log(a) db
    deriv: (args, i, self, B) => {
      const [a, b] = [args[0]!, args[1]!];
      // PyTorch: 0 where a = 0 and b ≥ 0 (0ᵇ is flat there), not 0·log 0
      if (i === 1 && a.op === 'const' && a.value === 0) return B.where(B.apply('ge', [b, c(0)]), c(0), B.mul(self, B.log(a)));
      if (i === 1) return B.mul(self, B.log(a));
      return B.mul(b, B.pow(a, B.sub(b, c(1))));
    },
    latex: (a) => `${a[0]}^{${a[1]}}`,
    text: (a) => `${a[0]}^${a[1]}`,
    js: (a) => `Math.pow(${a[0]}, ${a[1]})`,
  },
  exp: {
    ...fn('exp', '\\exp'), arity: 1,
    eval: (a) => Math.exp(a),
    // d(eˣ) = eˣ dx
    deriv: (_, __, self) => self,
    latex: (a) => `e^{${a[0]}}`,
    js: (a) => `Math.exp(${a[0]})`,
  },
  log: {
    ...fn('log', '\\log'), arity: 1,
    eval: (a) => Math.log(a),
    // d(log x) = dx / x
    deriv: (args, _, __, B) => B.div(c(1), args[0]!),
    js: (a) => `Math.log(${a[0]})`,
  },
  sqrt: {
    ...fn('sqrt', '\\sqrt'), arity: 1,
    eval: (a) => Math.sqrt(a),
    // d(√x) = dx / (2√x)
    deriv: (_, __, self, B) => B.div(c(1), B.mul(c(2), self)),
    latex: (a) => `\\sqrt{${a[0]}}`,
    js: (a) => `Math.sqrt(${a[0]})`,
  },
  abs: {
    ...fn('abs', '\\operatorname{abs}'), arity: 1,
    eval: (a) => Math.abs(a),
    // d|x| = sign(x) dx, with sign(0) = 0 as in PyTorch
    deriv: (args, _, __, B) => B.apply('sign', [args[0]!]),
    latex: (a) => `\\left|${a[0]}\\right|`,
    js: (a) => `Math.abs(${a[0]})`,
  },
  sign: {
    ...fn('sign', '\\operatorname{sgn}'), arity: 1,
    eval: (a) => (a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : NaN),
    // sign is piecewise constant
    deriv: () => c(0),
    js: (a) => `Math.sign(${a[0]})`,
  },
  sigmoid: {
    ...fn('sigmoid', '\\sigma'), arity: 1,
    eval: (a) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))),
    // d(σ(x)) = σ(x)(1 − σ(x)) dx
    deriv: (_, __, self, B) => B.mul(self, B.sub(c(1), self)),
    js: (a) => `(1 / (1 + Math.exp(-${a[0]})))`,
  },
  tanh: {
    ...fn('tanh', '\\tanh'), arity: 1,
    eval: (a) => Math.tanh(a),
    // d(tanh x) = (1 − tanh² x) dx
    deriv: (_, __, self, B) => B.sub(c(1), B.pow(self, c(2))),
    js: (a) => `Math.tanh(${a[0]})`,
  },
  relu: {
    ...fn('relu', '\\operatorname{ReLU}'), arity: 1,
    eval: (a) => (a > 0 ? a : a === a ? 0 : NaN),
    // d(relu x) = [x > 0] dx  (PyTorch takes 0 at the kink)
    deriv: (args, _, __, B) => B.apply('gt', [args[0]!, c(0)]),
    js: (a) => `(${a[0]} > 0 ? ${a[0]} : 0)`,
  },
  leaky_relu: {
    ...fn('leaky_relu', '\\operatorname{LeakyReLU}', 2), arity: 2,
    eval: (x, alpha) => (x > 0 ? x : x * alpha),
    // d(lrelu(x, α)) = [x > 0] dx + α[x ≤ 0] dx + x[x ≤ 0] dα  (slope α at the kink, as PyTorch)
    deriv: (args, i, _, B) => {
      const [x, alpha] = [args[0]!, args[1]!];
      const pos = B.apply('gt', [x, c(0)]);
      return i === 0 ? B.where(pos, c(1), alpha) : B.where(pos, c(0), x);
    },
    js: (a) => `(${a[0]} > 0 ? ${a[0]} : ${a[0]} * ${a[1]})`,
  },
  softplus: {
    ...fn('softplus', '\\operatorname{softplus}'), arity: 1,
    // PyTorch: x above the threshold 20, log(1 + eˣ) below it.
    eval: (a) => (a > 20 ? a : Math.log1p(Math.exp(a))),
    // d(softplus x) = σ(x) dx
    deriv: (args, _, __, B) => B.sigmoid(args[0]!),
    js: (a) => `(${a[0]} > 20 ? ${a[0]} : Math.log1p(Math.exp(${a[0]})))`,
  },
  max: {
    ...fn('max', '\\max', 2), arity: 2,
    eval: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
    deriv: (args, i, _, B) => maxMinDeriv(B, args, i, 'gt'),
    js: (a) => `Math.max(${a[0]}, ${a[1]})`,
  },
  min: {
    ...fn('min', '\\min', 2), arity: 2,
    eval: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
    deriv: (args, i, _, B) => maxMinDeriv(B, args, i, 'lt'),
    js: (a) => `Math.min(${a[0]}, ${a[1]})`,
  },
  where: {
    ...fn('where', '\\operatorname{where}', 3), arity: 3,
    eval: (cond, a, b) => (cond !== 0 ? a : b),
    // d(where(c, a, b)) = [c] da + [¬c] db
    deriv: (args, i, _, B) => (i === 0 ? c(0) : i === 1 ? B.where(args[0]!, c(1), c(0)) : B.where(args[0]!, c(0), c(1))),
    latex: (a) => `\\begin{cases} ${a[1]} & \\text{if } ${a[0]} \\\\ ${a[2]} & \\text{otherwise} \\end{cases}`,
    js: (a) => `(${a[0]} !== 0 ? ${a[1]} : ${a[2]})`,
  },
  gt: cmp('>', '>', '>', (a, b) => a > b),
  ge: cmp('>=', '\\ge', '>=', (a, b) => a >= b),
  lt: cmp('<', '<', '<', (a, b) => a < b),
  le: cmp('<=', '\\le', '<=', (a, b) => a <= b),
  eq: cmp('==', '=', '===', (a, b) => a === b),
  ...MATH_OPS,
};

/** The comparison ops ([a > b] and the like: 1 where they hold, 0 elsewhere), read off the table. */
export const COMPARISONS: ReadonlySet<string> = new Set(OP_NAMES.filter((op) => OPS[op].prec === PREC.cmp));
