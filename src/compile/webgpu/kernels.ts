/**
 * The WebGPU backend's generator (pure: no device, runs in browsers and Node): a LoopProgram —
 * the same lowered program the JS backend renders — becomes a list of WGSL compute shaders over
 * one f32 storage buffer `m` that holds everything (a few scalar slots, parameters, gradient, x,
 * y, every work buffer, the optimizer state), so all addresses are numbers fixed at compile time
 * and every kernel binds the same single buffer. Matrix products use the tiled kernel of
 * matmul.ts, with transposes folded into operand strides; each fused elementwise map is one
 * kernel evaluating its lowered scalar block (all its outputs in one pass); softmax and the
 * cross-entropy rows run one thread per row; bias gradients (column sums) reduce in workgroup
 * memory; the optimizer update is the update program's maps, reading the per-step uniforms
 * (first step, bias corrections) from scalar slots the host writes. Generated text is built from
 * indices, sizes and numbers only; the notes in comments pass through commentText.
 */
import { commentText } from '../literal.js';
import { usedInputs, type Naming } from '../lower.js';
import type { ArrayRef, LoopProgram, Step, Uniform, View } from '../loops.js';
import { renderMatmulWgsl, type Strided } from './matmul.js';
import { operandWgsl, preludeFor, renderScalarWgsl, u32 } from './wgsl.js';

/** Scalar slots at the start of m: the loss, then the uniforms of an optimizer step. */
export const SLOT = { loss: 0, first: 1, bc1: 2, bc2sqrt: 3 } as const satisfies Record<'loss' | Uniform, number>;
const SLOTS = 4;

export interface MemoryLayout {
  /** Length of m in f32 elements. */
  readonly size: number;
  readonly param: number;
  readonly grad: number;
  readonly x: number;
  readonly y: number;
  readonly work: readonly number[];
  readonly state: readonly number[];
}

export interface Kernel {
  /** The complete WGSL module (entry point `main`). */
  readonly code: string;
  /** Workgroups to dispatch, x·y·z. */
  readonly groups: readonly [number, number, number];
  readonly note: string;
}

/** A cross-entropy target the host checks before upload: y[offset + r] for r < rows. */
export interface ClassCheck {
  readonly offset: number;
  readonly rows: number;
  readonly classes: number;
}

export interface WebgpuPlan {
  readonly memory: MemoryLayout;
  readonly grad: readonly Kernel[];
  readonly update: readonly Kernel[];
  readonly classChecks: readonly ClassCheck[];
  /** Optimizer constants the host needs for the uniforms. */
  readonly uniforms: LoopProgram['uniforms'];
}

export function layoutMemory(prog: LoopProgram): MemoryLayout {
  let at = SLOTS;
  const take = (n: number) => {
    const o = at;
    at += n;
    return o;
  };
  const param = take(prog.paramCount);
  const grad = take(prog.paramCount);
  const x = take(prog.batch * prog.inFeatures);
  const y = take(prog.yLength);
  const work = prog.work.map((w) => take(w.size));
  const state = prog.state.map((s) => take(s.size));
  return { size: at, param, grad, x, y, work, state };
}

function base(mem: MemoryLayout, a: ArrayRef): number {
  switch (a.kind) {
    case 'param': return mem.param;
    case 'grad': return mem.grad;
    case 'x': return mem.x;
    case 'y': return mem.y;
    case 'work': return mem.work[a.id]!;
    case 'state': return mem.state[a.id]!;
  }
}

const WG = 64;
const MAX_GROUPS = 65535;

/** A kernel over n threads (one element each), index k; 2-D dispatch past 65535 workgroups. */
function elementwise(n: number, body: readonly string[]): { code: string[]; groups: [number, number, number] } {
  const groups = Math.max(1, Math.ceil(n / WG));
  const gx = Math.min(groups, MAX_GROUPS);
  const gy = Math.ceil(groups / gx);
  return {
    code: [
      `@compute @workgroup_size(${WG})`,
      'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
      `  let k = gid.x${gy > 1 ? ` + gid.y * ${u32(gx * WG)}` : ''};`,
      `  if (k >= ${u32(n)}) { return; }`,
      ...body.map((l) => `  ${l}`),
      '}',
    ],
    groups: [gx, gy, 1],
  };
}

/** Column sums (bias gradients): 16 columns × 16 row lanes per workgroup, reduced in workgroup memory. */
function colSum(out: number, inp: number, rows: number, cols: number): { code: string[]; groups: [number, number, number] } {
  return {
    code: [
      'var<workgroup> part: array<f32, 256>;',
      '@compute @workgroup_size(16, 16)',
      'fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {',
      '  let c = wg.x * 16u + lid.x;',
      '  var acc = 0.0;',
      `  if (c < ${u32(cols)}) { for (var r = lid.y; r < ${u32(rows)}; r = r + 16u) { acc = acc + m[${u32(inp)} + r * ${u32(cols)} + c]; } }`,
      '  part[lid.y * 16u + lid.x] = acc;',
      '  workgroupBarrier();',
      '  for (var s = 8u; s > 0u; s = s / 2u) {',
      '    if (lid.y < s) { part[lid.y * 16u + lid.x] = part[lid.y * 16u + lid.x] + part[(lid.y + s) * 16u + lid.x]; }',
      '    workgroupBarrier();',
      '  }',
      `  if (lid.y == 0u && c < ${u32(cols)}) { m[${u32(out)} + c] = part[lid.x]; }`,
      '}',
    ],
    groups: [Math.ceil(cols / 16), 1, 1],
  };
}

/** The sum of n elements (a shared bias's gradient): one workgroup of 256, tree-reduced. */
function total(out: number, inp: number, n: number): { code: string[]; groups: [number, number, number] } {
  return {
    code: [
      'var<workgroup> part: array<f32, 256>;',
      '@compute @workgroup_size(256)',
      'fn main(@builtin(local_invocation_index) li: u32) {',
      '  var acc = 0.0;',
      `  for (var q = li; q < ${u32(n)}; q = q + 256u) { acc = acc + m[${u32(inp)} + q]; }`,
      '  part[li] = acc;',
      '  workgroupBarrier();',
      '  for (var s = 128u; s > 0u; s = s / 2u) {',
      '    if (li < s) { part[li] = part[li] + part[li + s]; }',
      '    workgroupBarrier();',
      '  }',
      `  if (li == 0u) { m[${u32(out)}] = part[0]; }`,
      '}',
    ],
    groups: [1, 1, 1],
  };
}

interface Ctx {
  readonly mem: MemoryLayout;
  /** Work buffers written by a transpose, and what they transpose (folded into matmul strides). */
  readonly transposes: ReadonlyMap<number, Extract<Step, { kind: 'transpose' }>>;
  lossSeen: boolean;
}

/** The kernel(s) for one step; null for a transpose folded into its products. */
function stepKernel(s: Step, ctx: Ctx): { code: string[]; groups: [number, number, number] } | null {
  const at = (v: View) => base(ctx.mem, v.array) + v.offset;
  const ix = (v: View, i: string) => `m[${u32(at(v))} + ${i}]`;
  switch (s.kind) {
    case 'matmulNT': {
      const operand = (v: View, k: number): Strided => {
        const t = v.array.kind === 'work' && v.offset === 0 ? ctx.transposes.get(v.array.id) : undefined;
        // op = inᵀ of a (rows×cols) input: element (i, q) = in[q·cols + i].
        if (t) return { offset: at(t.in), row: 1, col: t.cols };
        return { offset: at(v), row: k, col: 1 };
      };
      return renderMatmulWgsl({
        m: s.m, n: s.n, k: s.k, out: at(s.out),
        a: operand(s.a, s.k), b: operand(s.b, s.k),
        ...(s.bias ? { bias: { offset: at(s.bias.view), shared: s.bias.shared } } : {}),
      });
    }
    case 'transpose':
      if (s.out.array.kind === 'work' && ctx.transposes.get(s.out.array.id) === s) return null;
      return elementwise(s.rows * s.cols, [`let r = k / ${u32(s.cols)}; let c = k % ${u32(s.cols)};`, `${ix(s.out, `c * ${u32(s.rows)} + r`)} = ${ix(s.in, 'k')};`]);
    case 'map': {
      const used = usedInputs(s.block);
      const naming: Naming = { input: (i) => `i${i}`, local: (i) => `t${i}` };
      const body: string[] = [];
      s.inputs.forEach((inp, i) => {
        if (!used.has(i)) return;
        body.push(`let i${i}: f32 = ${'uniform' in inp ? `m[${u32(SLOT[inp.uniform])}]` : ix(inp, 'k')};`);
      });
      body.push(...renderScalarWgsl(s.block, naming, ''));
      s.block.outputs.forEach((o, j) => {
        const store = s.stores[j];
        if (store) body.push(`${ix(store, 'k')} = ${operandWgsl(o, naming)};`);
      });
      return elementwise(s.n, body);
    }
    case 'softmax':
      return elementwise(s.rows, [
        `let r = k * ${u32(s.cols)};`,
        'var mx = m[' + u32(at(s.in)) + ' + r];',
        `for (var c = 1u; c < ${u32(s.cols)}; c = c + 1u) { mx = max(mx, ${ix(s.in, 'r + c')}); }`,
        'var sum = 0.0;',
        `for (var c = 0u; c < ${u32(s.cols)}; c = c + 1u) { let e = exp(${ix(s.in, 'r + c')} - mx); ${ix(s.out, 'r + c')} = e; sum = sum + e; }`,
        s.log
          ? `let lse = mx + log(sum); for (var c = 0u; c < ${u32(s.cols)}; c = c + 1u) { ${ix(s.out, 'r + c')} = ${ix(s.in, 'r + c')} - lse; }`
          : `for (var c = 0u; c < ${u32(s.cols)}; c = c + 1u) { ${ix(s.out, 'r + c')} = ${ix(s.out, 'r + c')} / sum; }`,
      ]);
    case 'colSum':
      return s.shared ? total(at(s.out), at(s.in), s.rows * s.cols) : colSum(at(s.out), at(s.in), s.rows, s.cols);
    case 'zero':
      return elementwise(s.n, [`${ix(s.view, 'k')} = 0.0;`]);
    case 'broadcast': {
      const src = `${s.inRows === 1 ? '' : `(k / ${u32(s.cols)}) * ${u32(s.inCols)} + `}${s.inCols === 1 ? '0u' : `(k % ${u32(s.cols)})`}`;
      return elementwise(s.rows * s.cols, [`${ix(s.out, 'k')} = ${ix(s.in, src)};`]);
    }
    case 'rowSum':
      return elementwise(s.rows, [
        'var acc = 0.0;',
        `for (var c = 0u; c < ${u32(s.cols)}; c = c + 1u) { acc = acc + ${ix(s.in, `k * ${u32(s.cols)} + c`)}; }`,
        `${ix(s.out, 'k')} = acc;`,
      ]);
    case 'onehot':
      return elementwise(s.rows * s.classes, [
        `let r = k / ${u32(s.classes)}; let c = k % ${u32(s.classes)};`,
        `${ix(s.out, 'k')} = ${operandWgsl({ kind: 'const', value: s.smoothing / s.classes }, NO_NAMES)} + select(0.0, ${operandWgsl({ kind: 'const', value: 1 - s.smoothing }, NO_NAMES)}, f32(c) == ${ix(s.target, 'r')});`,
      ]);
    case 'xentRows': {
      const C = u32(s.cols);
      return elementwise(s.rows, [
        `let r = k * ${C};`,
        `var mx = ${ix(s.logits, 'r')};`,
        `for (var c = 1u; c < ${C}; c = c + 1u) { mx = max(mx, ${ix(s.logits, 'r + c')}); }`,
        'var se = 0.0;',
        `for (var c = 0u; c < ${C}; c = c + 1u) { se = se + exp(${ix(s.logits, 'r + c')} - mx); }`,
        'let lse = mx + log(se);',
        'var l = 0.0;',
        `for (var c = 0u; c < ${C}; c = c + 1u) { l = l - ${ix(s.q, 'r + c')} * (${ix(s.logits, 'r + c')} - lse); }`,
        `${ix(s.out, 'k')} = l;`,
      ]);
    }
    case 'loss': {
      const first = !ctx.lossSeen;
      ctx.lossSeen = true;
      const slot = `m[${u32(SLOT.loss)}]`;
      return elementwise(1, [`${slot} = ${first ? '' : `${slot} + `}${ix(s.view, '0u')};`]);
    }
  }
}

const NO_NAMES: Naming = { input: () => 'x', local: () => 'x' };

function module(code: readonly string[], note: string, header: readonly string[]): string {
  return [
    ...header.map((h) => `// ${commentText(h)}`),
    `// ${commentText(note)}`,
    '@group(0) @binding(0) var<storage, read_write> m: array<f32>;',
    ...preludeFor(code),
    ...code,
    '',
  ].join('\n');
}

/** Transposes whose only readers are matrix products: those products read the input in place. */
function foldableTransposes(steps: readonly Step[]): Map<number, Extract<Step, { kind: 'transpose' }>> {
  const found = new Map<number, Extract<Step, { kind: 'transpose' }>>();
  for (const s of steps) if (s.kind === 'transpose' && s.out.array.kind === 'work' && s.out.offset === 0) found.set(s.out.array.id, s);
  const readsOutsideProducts = (v: View) => v.array.kind === 'work' && found.delete(v.array.id);
  for (const s of steps) {
    switch (s.kind) {
      case 'matmulNT': if (s.bias) readsOutsideProducts(s.bias.view); break;
      case 'map': s.inputs.forEach((i) => 'uniform' in i || readsOutsideProducts(i)); break;
      case 'transpose': readsOutsideProducts(s.in); break;
      case 'softmax': case 'colSum': case 'broadcast': case 'rowSum': readsOutsideProducts(s.in); break;
      case 'onehot': readsOutsideProducts(s.target); break;
      case 'xentRows': readsOutsideProducts(s.logits); readsOutsideProducts(s.q); break;
      case 'loss': readsOutsideProducts(s.view); break;
      case 'zero': break;
    }
  }
  return found;
}

/** The whole plan: memory layout, grad kernels in order, update kernels, host-side class checks. */
export function planWebgpu(prog: LoopProgram, header: readonly string[] = []): WebgpuPlan {
  const memory = layoutMemory(prog);
  const ctx: Ctx = { mem: memory, transposes: foldableTransposes(prog.grad), lossSeen: false };
  const render = (steps: readonly Step[]) =>
    steps.flatMap((s) => {
      const k = stepKernel(s, ctx);
      return k ? [{ code: module(k.code, s.note, header), groups: k.groups, note: s.note }] : [];
    });
  const grad = render(prog.grad);
  const update = render(prog.update);
  const classChecks = prog.grad.flatMap((s) =>
    s.kind === 'onehot' && s.target.array.kind === 'y' ? [{ offset: s.target.offset, rows: s.rows, classes: s.classes }] : [],
  );
  return { memory, grad, update, classChecks, uniforms: prog.uniforms };
}
