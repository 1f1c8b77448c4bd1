/**
 * Rules that replace a formula by its numerically stable form, so that what a user writes the
 * textbook way evaluates where PyTorch's fused functions do: log(1 + eˣ) is softplus(x) (equal
 * up to PyTorch's threshold: below 4·10⁻¹¹ relative), log σ(x) and log(1 − σ(x)) are
 * logsigmoid(±x), log(Σ eᵃⁱ) is a chain of logaddexp (log-sum-exp), and a softmax quotient
 * eᵃ/Σ eᵇʲ is σ(a − b) for two terms and e^(a − logsumexp) for more. The same rewrites fire on
 * derivatives: d/dx log(1 + eˣ) = eˣ/(1 + eˣ) becomes σ(x). These rules are not part of
 * `simplify` (documents keep the textbook form); `stabilize` runs them before evaluation and
 * compilation, accepting results larger than their input (each rule removes a fragile pattern,
 * so the rewriting ends).
 */
import { apply, constant, type Expr } from '../expr/node.js';
import { P, any } from './pattern.js';
import type { FunctionRule, PatternRule } from './rules.js';

const a = any('a');

/** The terms of a chain of additions a + b + c (no subtraction). */
function addends(e: Expr, out: Expr[] = []): Expr[] {
  if (e.op === 'add') {
    addends(e.args[0]!, out);
    addends(e.args[1]!, out);
  } else out.push(e);
  return out;
}

/** The exponents aᵢ of a sum Σ e^aᵢ (the constant 1 is e⁰), or undefined if a term is not one. */
function exponents(sum: Expr): Expr[] | undefined {
  if (sum.op !== 'add') return undefined;
  const out: Expr[] = [];
  for (const t of addends(sum)) {
    if (t.op === 'exp') out.push(t.args[0]!);
    else if (t.op === 'const' && t.value === 1) out.push(constant(0));
    else return undefined;
  }
  return out;
}

/** log(e^a₁ + … + e^aₙ) = logaddexp(…logaddexp(a₁, a₂)…, aₙ). */
const logSumExp = (xs: readonly Expr[]): Expr => xs.slice(1).reduce((acc, x) => apply('logaddexp', [acc, x]), xs[0]!);

/** log Σ e^aᵢ = logsumexp(a), and log(Σ e^aᵢ / k) = logsumexp(a) − log k (log-cosh). */
function logOfExpSum(e: Expr): Expr | undefined {
  if (e.op !== 'log') return undefined;
  const arg = e.args[0]!;
  const k = arg.op === 'div' && arg.args[1]!.op === 'const' && arg.args[1]!.value > 0 ? arg.args[1]! : undefined;
  const xs = exponents(k ? arg.args[0]! : arg);
  if (!xs) return undefined;
  return k ? apply('sub', [logSumExp(xs), apply('log', [k])]) : logSumExp(xs);
}

/** eᵃ/(eᵃ + eᵇ) = σ(a − b); eᵃ/Σ e^bⱼ = e^(a − log Σ e^bⱼ) for three or more terms. */
function softmaxQuotient(e: Expr): Expr | undefined {
  if (e.op !== 'div' || e.args[0]!.op !== 'exp') return undefined;
  const top = e.args[0]!.args[0]!;
  const xs = exponents(e.args[1]!);
  if (!xs || !xs.includes(top)) return undefined;
  if (xs.length === 2) {
    const other = xs[0] === top ? xs[1]! : xs[0]!;
    return apply('sigmoid', [other.op === 'const' && other.value === 0 ? top : apply('sub', [top, other])]);
  }
  return apply('exp', [apply('sub', [top, logSumExp(xs)])]);
}

export const STABLE_RULES: ReadonlyArray<PatternRule | FunctionRule> = [
  { name: 'log(1 + eˣ) = softplus(x)', lhs: P('log', P('add', P('exp', a), 1)), rhs: P('softplus', a) },
  { name: 'log σ(x) = logsigmoid(x)', lhs: P('log', P('sigmoid', a)), rhs: P('logsigmoid', a) },
  { name: 'log cosh x = logaddexp(x, −x) − log 2', lhs: P('log', P('cosh', a)), rhs: P('sub', P('logaddexp', a, P('neg', a)), P('log', 2)) },
  { name: 'log(1 − σ(x)) = logsigmoid(−x)', lhs: P('log', P('sub', 1, P('sigmoid', a))), rhs: P('logsigmoid', P('neg', a)) },
  { name: 'log Σ eᵃⁱ = logsumexp(a)', ops: ['log'], apply: logOfExpSum },
  { name: 'eᵃ/Σ eᵇʲ = softmax', ops: ['div'], apply: softmaxQuotient },
];
