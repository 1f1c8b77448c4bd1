/**
 * The symbolic half of the public API, shaped like SymPy and JAX: `derivative(f, 'x')` and
 * `gradient(f, ['w', 'b'])` give simplified expressions, and `grad(f, wrt)` gives a compiled
 * numeric function of the formula's variables (as jax.grad or SymPy's lambdify do). A formula
 * may be text (parsed by src/parse) or an expression already built. The compiled function is
 * straight-line JavaScript generated from indices and numbers only (src/compile/lower.ts); where
 * `new Function` is not allowed (a page under a strict Content-Security-Policy) it falls back to
 * running the same instruction list in an interpreter, with the same results.
 */
import { SymgradError } from '../errors.js';
import { freeSymbols, symbol, type Expr } from '../expr/node.js';
import { OPS } from '../expr/ops.js';
import { derivative as rawDerivative, gradient as rawGradient } from '../diff/reverse.js';
import { simplify } from '../simplify/index.js';
import { parseExpression } from '../parse/index.js';
import { canonicalName } from '../render/names.js';
import { lowerScalars, operandSource, renderScalarJs, type Operand, type ScalarBlock } from '../compile/lower.js';

/** A formula as text (`sigmoid(w*x + b)`, or assignments `z = w*x + b; L = z^2`) or an expression. */
export type Formula = string | Expr;
/** A variable by name (`w`, `w_1`, `\\sigma`) or as a symbol expression. */
export type Variable = string | Expr;

const toExpr = (f: Formula): Expr => (typeof f === 'string' ? parseExpression(f) : f);
const toSymbol = (v: Variable): Expr => (typeof v === 'string' ? symbol(canonicalName(v.trim())) : v);

/** ∂f/∂x, simplified. */
export function derivative(f: Formula, x: Variable): Expr {
  return simplify(rawDerivative(toExpr(f), toSymbol(x)));
}

/** [∂f/∂x₁, …], each simplified (one reverse pass shares the work). */
export function gradient(f: Formula, wrt: readonly Variable[]): Expr[] {
  const vars = wrt.map(toSymbol);
  const g = rawGradient(toExpr(f), vars);
  return vars.map((v) => simplify(g.of.get(v)!));
}

/** Arguments of a compiled function: values by name, or numbers in the order of `fn.args`. */
export type Arguments = Readonly<Record<string, number>> | readonly number[];

export interface GradFunction<R> {
  (values: Arguments): R;
  /** The variables the function reads, in positional order. */
  readonly args: readonly string[];
  /** The simplified derivatives it computes. */
  readonly derivatives: readonly Expr[];
  /** 'js': generated JavaScript; 'interpreter': the same instructions run one by one. */
  readonly mode: 'js' | 'interpreter';
  /** The generated function body (also for the interpreter, for reading). */
  readonly source: string;
}

export interface GradOptions {
  /** Positional order of the arguments (default: the formula's variables, in order of appearance). */
  readonly args?: readonly Variable[];
  /** 'auto' (default): JavaScript, or the interpreter where `new Function` is blocked. */
  readonly backend?: 'auto' | 'js' | 'interpreter';
}

/** The function ∂f/∂x (one variable) or x ↦ [∂f/∂x₁, …] (a list), compiled. */
export function grad(f: Formula, wrt: Variable, opts?: GradOptions): GradFunction<number>;
export function grad(f: Formula, wrt: readonly Variable[], opts?: GradOptions): GradFunction<number[]>;
export function grad(f: Formula, wrt: Variable | readonly Variable[], opts: GradOptions = {}): GradFunction<number> | GradFunction<number[]> {
  const e = toExpr(f);
  const list = Array.isArray(wrt) ? (wrt as readonly Variable[]) : [wrt as Variable];
  if (list.length === 0) throw new SymgradError('grad: name at least one variable to differentiate by');
  const derivs = gradient(e, list);
  const inputs = opts.args ? opts.args.map(toSymbol) : uniq([...freeSymbols(e), ...list.map(toSymbol)]);
  const missing = derivs.flatMap(freeSymbols).find((s) => !inputs.includes(s));
  if (missing) throw new SymgradError(`grad: args does not list '${missing.name}', which the derivative reads`);
  const block = lowerScalars(derivs, inputs);
  const names = inputs.map((s) => s.name);
  const source = functionBody(block);
  const backend = opts.backend ?? 'auto';
  let run: ((v: Float64Array) => number[]) | undefined;
  if (backend !== 'interpreter') {
    try {
      run = new Function('v', source) as (v: Float64Array) => number[];
    } catch (err) {
      if (backend === 'js') throw new SymgradError(`grad: cannot compile JavaScript here (${(err as Error).message}); use backend 'interpreter'`);
    }
  }
  const mode = run ? 'js' : 'interpreter';
  const exec = run ?? ((v: Float64Array) => interpret(block, v));
  const index = new Map(names.map((n, i) => [n, i]));
  const single = !Array.isArray(wrt);
  const fn = (values: Arguments): number | number[] => {
    const out = exec(bind(values, names, index));
    return single ? out[0]! : out;
  };
  return Object.assign(fn, { args: names, derivatives: derivs, mode, source }) as GradFunction<number> | GradFunction<number[]>;
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function bind(values: Arguments, names: readonly string[], index: ReadonlyMap<string, number>): Float64Array {
  const v = new Float64Array(names.length);
  if (Array.isArray(values)) {
    if (values.length !== names.length) throw new SymgradError(`grad: expected ${names.length} arguments (${names.join(', ')}), got ${values.length}`);
    values.forEach((x, i) => (v[i] = x));
    return v;
  }
  const seen = new Set<number>();
  for (const [k, x] of Object.entries(values as Record<string, number>)) {
    const i = index.get(canonicalName(k.trim()));
    if (i === undefined) continue; // extra values are ignored, as in an environment
    v[i] = x;
    seen.add(i);
  }
  const absent = names.filter((_, i) => !seen.has(i));
  if (absent.length > 0) throw new SymgradError(`grad: no value for ${absent.map((n) => `'${n}'`).join(', ')}`);
  return v;
}

const NAMING = { input: (i: number) => `v[${i}]`, local: (i: number) => `t${i}` };

function functionBody(block: ScalarBlock): string {
  const outs = block.outputs.map((o) => operandSource(o, NAMING)).join(', ');
  return ['"use strict";', ...renderScalarJs(block, NAMING, ''), `return [${outs}];`].join('\n');
}

/** The block's instructions run one by one (no generated code). */
function interpret(block: ScalarBlock, v: Float64Array): number[] {
  const t = new Float64Array(block.instrs.length);
  const val = (o: Operand) => (o.kind === 'const' ? o.value : o.kind === 'input' ? v[o.index]! : t[o.index]!);
  for (const ins of block.instrs) {
    const a = ins.args;
    t[ins.index] = OPS[ins.op].eval(val(a[0]!), a[1] ? val(a[1]) : NaN, a[2] ? val(a[2]) : NaN);
  }
  return block.outputs.map(val);
}
