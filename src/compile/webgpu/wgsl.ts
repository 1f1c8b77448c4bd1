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
