/**
 * WGSL text for the pieces every kernel shares: number literals, the op table's primitives as
 * WGSL expressions, and a lowered scalar block (src/compile/lower.ts) as `let` lines. Like all
 * generated code, nothing here reads user text: names come from indices, numbers from
 * `wgslNumber` (a float that f32 can hold, else ±Infinity/NaN by bit pattern, since WGSL has no
 * literal for them and rejects a constant that is out of range or not a number). Primitives whose WGSL built-in differs
 * from PyTorch's float semantics (pow of a negative base, tanh and sigmoid for large |x|,
 * softplus near 0) go through small helper functions instead, included where used (preludeFor).
 */
import type { OpName } from '../../expr/ops.js';
import { commentText } from '../literal.js';
import { instrText, type Instr, type Naming, type Operand, type ScalarBlock } from '../lower.js';

const F32_MAX = 3.4028234663852886e38;

/** A WGSL f32 expression with the value of `v` rounded to float32. */
export function wgslNumber(v: number): string {
  if (Number.isNaN(v)) return 'sg_bits(0x7fc00000u)';
  if (Math.abs(v) > F32_MAX && Math.abs(Math.fround(v)) === Infinity) return v > 0 ? 'sg_bits(0x7f800000u)' : 'sg_bits(0xff800000u)';
  if (Object.is(v, -0)) return '(-0.0)';
  let s = String(v);
  if (/^-?\d+$/.test(s)) s += '.0';
  return v < 0 ? `(${s})` : s;
}

/** A non-negative integer as a WGSL u32 literal (indices and sizes only). */
export function u32(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`u32: ${n} is not an index`);
  return `${n}u`;
}

/** Helper functions some primitives render to (prefixed sg_, never a user name), each with the helpers it calls. */
const HELPERS: Readonly<Record<string, { readonly uses: readonly string[]; readonly lines: readonly string[] }>> = {
  sg_v: { uses: [], lines: ['fn sg_v(x: f32) -> f32 { return x; }'] },
  // A float from its bits at run time (NaN and ±Infinity as constants are shader-creation errors).
  sg_bits: { uses: [], lines: ['fn sg_bits(b: u32) -> f32 { var v = b; return bitcast<f32>(v); }'] },
  sg_sigmoid: { uses: [], lines: ['fn sg_sigmoid(x: f32) -> f32 { if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); } let e = exp(x); return e / (1.0 + e); }'] },
  sg_tanh: { uses: [], lines: ['fn sg_tanh(x: f32) -> f32 { let e = exp(-2.0 * abs(x)); let t = (1.0 - e) / (1.0 + e); return select(t, -t, x < 0.0); }'] },
  sg_log1p: { uses: [], lines: ['fn sg_log1p(x: f32) -> f32 { let u = 1.0 + x; if (u == 1.0) { return x; } return log(u) * x / (u - 1.0); }'] },
  sg_softplus: { uses: ['sg_log1p'], lines: ['fn sg_softplus(x: f32) -> f32 { if (x > 20.0) { return x; } return sg_log1p(exp(x)); }'] },
  sg_expm1: { uses: [], lines: ['fn sg_expm1(x: f32) -> f32 { let u = exp(x); if (u == 1.0) { return x; } let v = u - 1.0; if (v == -1.0) { return -1.0; } return v * x / log(u); }'] },
  sg_logaddexp: { uses: ['sg_log1p'], lines: ['fn sg_logaddexp(a: f32, b: f32) -> f32 { return max(a, b) + sg_log1p(exp(-abs(a - b))); }'] },
  sg_logsigmoid: { uses: ['sg_log1p'], lines: ['fn sg_logsigmoid(x: f32) -> f32 { return min(x, 0.0) - sg_log1p(exp(-abs(x))); }'] },
  // erf/erfc in float32: the Maclaurin series below 0.5 (relative error < 1e-7), Abramowitz &
  // Stegun 7.1.26 above (absolute error < 1.5e-7); erfc of a negative argument as 2 − erfc(−x).
  sg_erfcpos: {
    uses: [],
    lines: [
      'fn sg_erfcpos(x: f32) -> f32 {',
      '  let t = 1.0 / (1.0 + 0.3275911 * x);',
      '  return t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * exp(-x * x);',
      '}',
    ],
  },
  sg_erfsmall: {
    uses: [],
    lines: ['fn sg_erfsmall(x: f32) -> f32 { let z = x * x; return 1.1283791670955126 * x * (1.0 - z * (0.3333333333333333 - z * (0.1 - z * (0.023809523809523808 - z * (0.004629629629629629 - z * 0.0007575757575757576))))); }'],
  },
  sg_erf: { uses: ['sg_erfcpos', 'sg_erfsmall'], lines: ['fn sg_erf(x: f32) -> f32 { if (abs(x) < 0.5) { return sg_erfsmall(x); } let r = 1.0 - sg_erfcpos(abs(x)); return select(r, -r, x < 0.0); }'] },
  sg_erfc: { uses: ['sg_erfcpos', 'sg_erfsmall'], lines: ['fn sg_erfc(x: f32) -> f32 { if (abs(x) < 0.5) { return 1.0 - sg_erfsmall(x); } if (x < 0.0) { return 2.0 - sg_erfcpos(-x); } return sg_erfcpos(x); }'] },
  // pow with JavaScript's Math.pow on a negative base: defined for integer exponents only.
  sg_pow: {
    uses: ['sg_bits'],
    lines: [
      'fn sg_pow(a: f32, b: f32) -> f32 {',
      '  if (b == 0.0) { return 1.0; }',
      '  if (a >= 0.0) { return pow(a, b); }',
      '  if (floor(b) != b) { return sg_bits(0x7fc00000u); }',
      '  let r = pow(-a, b);',
      '  return select(r, -r, floor(b * 0.5) * 2.0 != b);',
      '}',
    ],
  },
};

/** The helper functions `code` calls, with theirs, in a fixed order. */
export function preludeFor(code: readonly string[]): string[] {
  const text = code.join('\n');
  const need = new Set<string>();
  const add = (name: string) => {
    if (need.has(name)) return;
    need.add(name);
    HELPERS[name]!.uses.forEach(add);
  };
  for (const name of Object.keys(HELPERS)) if (text.includes(`${name}(`)) add(name);
  return Object.keys(HELPERS).filter((n) => need.has(n)).flatMap((n) => HELPERS[n]!.lines);
}

const cmp = (op: string) => (a: readonly string[]) => `select(0.0, 1.0, ${a[0]} ${op} ${a[1]})`;

/** Each primitive as a WGSL f32 expression over its argument terms. */
export const WGSL_OPS: { readonly [K in OpName]: (a: readonly string[]) => string } = {
  add: (a) => `(${a[0]} + ${a[1]})`,
  sub: (a) => `(${a[0]} - ${a[1]})`,
  mul: (a) => `(${a[0]} * ${a[1]})`,
  div: (a) => `(${a[0]} / ${a[1]})`,
  neg: (a) => `(-${a[0]})`,
  pow: (a) => `sg_pow(${a[0]}, ${a[1]})`,
  exp: (a) => `exp(${a[0]})`,
  log: (a) => `log(${a[0]})`,
  sqrt: (a) => `sqrt(${a[0]})`,
  abs: (a) => `abs(${a[0]})`,
  sign: (a) => `sign(${a[0]})`,
  sigmoid: (a) => `sg_sigmoid(${a[0]})`,
  tanh: (a) => `sg_tanh(${a[0]})`,
  relu: (a) => `select(0.0, ${a[0]}, ${a[0]} > 0.0)`,
  leaky_relu: (a) => `select(${a[0]} * ${a[1]}, ${a[0]}, ${a[0]} > 0.0)`,
  softplus: (a) => `sg_softplus(${a[0]})`,
  max: (a) => `max(${a[0]}, ${a[1]})`,
  min: (a) => `min(${a[0]}, ${a[1]})`,
  where: (a) => `select(${a[2]}, ${a[1]}, ${a[0]} != 0.0)`,
  gt: cmp('>'),
  ge: cmp('>='),
  lt: cmp('<'),
  le: cmp('<='),
  eq: cmp('=='),
  e: () => wgslNumber(Math.E),
  pi: () => wgslNumber(Math.PI),
  sin: (a) => `sin(${a[0]})`,
  cos: (a) => `cos(${a[0]})`,
  tan: (a) => `tan(${a[0]})`,
  asin: (a) => `asin(${a[0]})`,
  acos: (a) => `acos(${a[0]})`,
  atan: (a) => `atan(${a[0]})`,
  atan2: (a) => `atan2(${a[0]}, ${a[1]})`,
  sinh: (a) => `sinh(${a[0]})`,
  cosh: (a) => `cosh(${a[0]})`,
  asinh: (a) => `asinh(${a[0]})`,
  acosh: (a) => `acosh(${a[0]})`,
  atanh: (a) => `atanh(${a[0]})`,
  erf: (a) => `sg_erf(${a[0]})`,
  erfc: (a) => `sg_erfc(${a[0]})`,
  log1p: (a) => `sg_log1p(${a[0]})`,
  expm1: (a) => `sg_expm1(${a[0]})`,
  log2: (a) => `log2(${a[0]})`,
  log10: (a) => `(log2(${a[0]}) * 0.3010299956639812)`,
  exp2: (a) => `exp2(${a[0]})`,
  cbrt: (a) => `(sign(${a[0]}) * pow(abs(${a[0]}), 0.3333333333333333))`,
  floor: (a) => `floor(${a[0]})`,
  ceil: (a) => `ceil(${a[0]})`,
  round: (a) => `round(${a[0]})`, // half to even, as torch.round
  trunc: (a) => `trunc(${a[0]})`,
  clamp: (a) => `min(max(${a[0]}, ${a[1]}), ${a[2]})`, // torch.clamp: min(max(x, lo), hi)
  logaddexp: (a) => `sg_logaddexp(${a[0]}, ${a[1]})`,
  logsigmoid: (a) => `sg_logsigmoid(${a[0]})`,
};

function operandWgsl(o: Operand, naming: Naming): string {
  switch (o.kind) {
    case 'const': return wgslNumber(o.value);
    case 'local': return naming.local(o.index);
    case 'input': return naming.input(o.index);
  }
}

/**
 * `let t3: f32 = (t1 * t2); // t3 = t1 * t2` for each instruction. An instruction over constants
 * only passes its first argument through sg_v, so that WGSL does not fold it at shader creation
 * (where an overflow, e.g. exp(100), is a compile error instead of Infinity).
 */
export function renderScalarWgsl(block: ScalarBlock, naming: Naming, indent: string): string[] {
  return block.instrs.map((ins: Instr) => {
    const args = ins.args.map((a) => operandWgsl(a, naming));
    if (ins.args.length > 0 && ins.args.every((a) => a.kind === 'const')) args[0] = `sg_v(${args[0]})`;
    const name = naming.local(ins.index);
    return `${indent}let ${name}: f32 = ${WGSL_OPS[ins.op](args)}; // ${commentText(`${name} = ${instrText(ins, naming)}`)}`;
  });
}

export { operandWgsl };
