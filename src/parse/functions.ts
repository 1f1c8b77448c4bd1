/**
 * The functions a formula may call: every function-style op of the op table under its table
 * name (`sigmoid`, `leaky_relu`, `where`, …), the alias `ln` for `log`, `log(x, b)`, `pow(a, b)`,
 * `nthRoot` and the reciprocal trigonometric functions (`sec x = 1/cos x`, …), and the user's own
 * functions (`swish(x) = x*sigmoid(x)`), which are expanded at each use by substituting the
 * arguments for the parameters. `build` rebuilds a node through the builders of
 * src/expr/build.ts, so constants fold the same way whether an expression is built or parsed.
 */
import { substitute, type Expr } from '../expr/node.js';
import { OP_NAMES, OPS, PREC, type OpName } from '../expr/ops.js';
import * as B from '../expr/build.js';

/** Apply an op through its builder (the identities x + 0 = x, x·1 = x, constant folding, …). */
export function build(op: OpName, args: readonly Expr[]): Expr {
  const [a, b, c] = args;
  switch (op) {
    case 'add': return B.add(a!, b!);
    case 'sub': return B.sub(a!, b!);
    case 'mul': return B.mul(a!, b!);
    case 'div': return B.div(a!, b!);
    case 'neg': return B.neg(a!);
    case 'pow': return B.pow(a!, b!);
    case 'where': return B.where(a!, b!, c!);
    default: return B.apply(op, args);
  }
}

export interface Builtin {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  build(args: readonly Expr[]): Expr;
}

/** PyTorch's default negative slope for leaky_relu(x). */
const LEAKY_RELU_DEFAULT_SLOPE = 0.01;

function builtinOf(op: OpName): Builtin {
  const spec = OPS[op];
  if (op === 'leaky_relu') {
    return {
      name: spec.name, minArgs: 1, maxArgs: 2,
      build: (args) => build(op, [args[0]!, args[1] ?? B.constant(LEAKY_RELU_DEFAULT_SLOPE)]),
    };
  }
  if (op === 'log') {
    // log(x, b) = log(x)/log(b), as mathjs reads it
    return { name: spec.name, minArgs: 1, maxArgs: 2, build: ([x, b]) => (b ? B.div(B.log(x!), B.log(b)) : B.log(x!)) };
  }
  if (op === 'clamp') {
    // clamp(x, lo) has no upper bound (torch.clamp(x, min=lo))
    return { name: spec.name, minArgs: 2, maxArgs: 3, build: ([x, lo, hi]) => build(op, [x!, lo!, hi ?? B.constant(Infinity)]) };
  }
  return { name: spec.name, minArgs: spec.arity, maxArgs: spec.arity, build: (args) => build(op, args) };
}

const inv = (x: Expr) => B.div(B.constant(1), x);
/**
 * The reciprocal trigonometric and hyperbolic functions and their inverses, as the mathjs
 * parser names them, written with the op table's functions: sec x = 1/cos x, asec x = acos(1/x), …
 */
const RECIPROCALS: Readonly<Record<string, (x: Expr) => Expr>> = {
  sec: (x) => inv(B.apply('cos', [x])), csc: (x) => inv(B.apply('sin', [x])), cot: (x) => inv(B.apply('tan', [x])),
  asec: (x) => B.apply('acos', [inv(x)]), acsc: (x) => B.apply('asin', [inv(x)]), acot: (x) => B.apply('atan', [inv(x)]),
  sech: (x) => inv(B.apply('cosh', [x])), csch: (x) => inv(B.apply('sinh', [x])), coth: (x) => inv(B.tanh(x)),
  asech: (x) => B.apply('acosh', [inv(x)]), acsch: (x) => B.apply('asinh', [inv(x)]), acoth: (x) => B.apply('atanh', [inv(x)]),
};

/** Built-in functions by the name used in formulas. */
export const BUILTINS: ReadonlyMap<string, Builtin> = (() => {
  const m = new Map<string, Builtin>();
  for (const op of OP_NAMES) if (OPS[op].prec === PREC.call) m.set(OPS[op].name, builtinOf(op));
  m.set('ln', { ...builtinOf('log'), name: 'ln' });
  // pow(a, b) = aᵇ (printed as a^b)
  m.set('pow', { name: 'pow', minArgs: 2, maxArgs: 2, build: ([a, b]) => build('pow', [a!, b!]) });
  for (const [name, f] of Object.entries(RECIPROCALS)) m.set(name, { name, minArgs: 1, maxArgs: 1, build: ([x]) => f(x!) });
  // nthRoot(x, n) = x^(1/n), nthRoot(x) = √x (mathjs)
  m.set('nthRoot', { name: 'nthRoot', minArgs: 1, maxArgs: 2, build: ([x, n]) => (n ? B.pow(x!, B.div(B.constant(1), n)) : B.sqrt(x!)) });
  return m;
})();

/** Names that stand for numbers, not symbols: e and π stay named (the op table's constants). */
export const CONSTANTS: ReadonlyMap<string, () => Expr> = new Map([
  ['e', () => B.apply('e', [])],
  ['pi', () => B.apply('pi', [])],
  ['Infinity', () => B.constant(Infinity)],
]);

/** A user-defined function: `swish(x) = x*sigmoid(x)`. */
export interface UserFunction {
  readonly name: string;
  /** The parameters as symbols of the body. */
  readonly params: readonly Expr[];
  readonly body: Expr;
}

/** The body with each parameter replaced by the matching argument (all at once). */
export function expand(f: UserFunction, args: readonly Expr[]): Expr {
  const map = new Map<Expr, Expr>(f.params.map((p, i) => [p, args[i]!]));
  return substitute(f.body, map, build);
}
