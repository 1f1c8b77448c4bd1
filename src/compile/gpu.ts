/**
 * The GPU.js backend: the same LoopProgram as js.ts, with every matrix product, transpose,
 * elementwise map and row-wise softmax/cross-entropy step rendered as one GPU.js kernel (one
 * output element per thread), and a small host function calling them in order. Kernels compute
 * in float32 on the GPU backends; `gpu` mode takes the best backend GPU.js finds (headlessgl,
 * WebGL2, WebGL, then WebAssembly) and we fall back to `cpu` if none works; the mode that really
 * ran is reported. The optimizer update runs on the host with the JS backend's loops. Kernel
 * sources, like all generated code, are built from indices and numbers only.
 */
import type { GPU } from 'gpu.js';
import { OP_NAMES, OPS } from '../expr/ops.js';
import { gpuJs } from './gpujs.js';
import { commentText, numberLiteral } from './literal.js';
import { operandSource, pruneBlock, renderScalarJs, usedInputs, type JsTable, type Naming } from './lower.js';
import { expSumLines, rowMaxLines, xentLines } from './rows.js';
import { arrayName, renderStepJs, renderUpdateFunction, type Dtype } from './js.js';
import type { LoopProgram, Step, View } from './loops.js';

export type GpuMode = 'gpu' | 'webgpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

/** Ops GPU.js cannot translate as written in the op table: the table's `gpu` forms, and a few more. */
const GPU_JS: JsTable = {
  ...Object.fromEntries(OP_NAMES.flatMap((op) => (OPS[op].gpu ? [[op, OPS[op].gpu]] : []))),
  softplus: (a) => `(${a[0]} > 20 ? ${a[0]} : Math.log(1 + Math.exp(${a[0]})))`,
  sign: (a) => `(${a[0]} > 0 ? 1 : (${a[0]} < 0 ? -1 : 0))`,
  eq: (a) => `(${a[0]} == ${a[1]} ? 1 : 0)`,
  where: (a) => `(${a[0]} != 0 ? ${a[1]} : ${a[2]})`,
};

interface KernelDef {
  readonly args: readonly string[];
  readonly body: readonly string[];
  readonly size: number;
}

/** Arguments of a kernel: the distinct arrays it reads, by name. */
function argList(views: readonly View[]): string[] {
  return [...new Set(views.map((v) => arrayName(v.array)))];
}

const el = (v: View, index: string) => `${arrayName(v.array)}[${v.offset === 0 ? index : `${v.offset} + ${index}`}]`;

/** One kernel per output a step produces, plus the host lines that call it and place the result. */
function kernelsFor(s: Step, kernels: KernelDef[], host: string[], isAsync: boolean): void {
  const add = (def: KernelDef, place: (r: string) => string) => {
    const id = kernels.length;
    kernels.push(def);
    host.push(`  { const r = ${isAsync ? 'await ' : ''}K[${id}](${def.args.join(', ')}); ${place('r')} }`);
  };
  const into = (v: View) => (r: string) =>
    v.array.kind === 'work' ? `${arrayName(v.array)} = r;` : `${arrayName(v.array)}.set(r, ${v.offset});`;
  const rc = (cols: number) => [`const r = Math.floor(this.thread.x / ${cols});`, `const c = this.thread.x - r * ${cols};`];
  host.push(`  // ${commentText(s.note)}`);
  switch (s.kind) {
    case 'matmulNT': {
      const bias = s.bias ? ` + ${el(s.bias.view, s.bias.shared ? '0' : 'c')}` : '';
      add({
        args: argList([s.a, s.b, ...(s.bias ? [s.bias.view] : [])]),
        size: s.m * s.n,
        body: [...rc(s.n), 'let acc = 0;', `for (let q = 0; q < ${s.k}; q++) { acc += ${el(s.a, `r * ${s.k} + q`)} * ${el(s.b, `c * ${s.k} + q`)}; }`, `return acc${bias};`],
      }, into(s.out));
      return;
    }
    case 'transpose':
      add({ args: argList([s.in]), size: s.rows * s.cols, body: [...rc(s.rows), `return ${el(s.in, `c * ${s.cols} + r`)};`] }, into(s.out));
      return;
    case 'map': {
      const wanted = s.block.outputs.map((_, j) => j).filter((j) => s.stores[j]);
      for (const j of wanted) {
        const block = pruneBlock(s.block, [j]);
        const used = usedInputs(block);
        const views = s.inputs.filter((inp, i) => used.has(i) && !('uniform' in inp)) as View[];
        const naming: Naming = { input: (i) => `i${i}`, local: (i) => `t${i}` };
        const loads = s.inputs.flatMap((inp, i) => (used.has(i) && !('uniform' in inp) ? [`const i${i} = ${el(inp, 'this.thread.x')};`] : []));
        const body = [...loads, ...renderScalarJs(block, naming, '', GPU_JS), `return ${operandSource(block.outputs[0]!, naming)};`];
        // a constant row (no inputs, one store per entry) is written into its buffer entry by entry
        const store = s.stores[j]!;
        const place = s.inputs.length === 0 && s.stores.length > 1 ? (r: string) => `${arrayName(store.array)}.set(r, ${store.offset});` : into(store);
        add({ args: argList(views), size: s.n, body }, place);
      }
      return;
    }
    case 'softmax':
      add({
        args: argList([s.in]), size: s.rows * s.cols,
        body: [...rc(s.cols), ...rowMaxLines((q) => el(s.in, `r * ${s.cols} + ${q}`), s.cols), ...expSumLines((q) => el(s.in, `r * ${s.cols} + ${q}`), s.cols),
          s.log ? `return ${el(s.in, 'this.thread.x')} - (mx + Math.log(se));` : `return Math.exp(${el(s.in, 'this.thread.x')} - mx) / se;`],
      }, into(s.out));
      return;
    case 'colSum':
      add({
        args: argList([s.in]), size: s.shared ? 1 : s.cols,
        body: s.shared
          ? ['let acc = 0;', `for (let q = 0; q < ${s.rows * s.cols}; q++) { acc += ${el(s.in, 'q')}; }`, 'return acc;']
          : ['let acc = 0;', `for (let q = 0; q < ${s.rows}; q++) { acc += ${el(s.in, `q * ${s.cols} + this.thread.x`)}; }`, 'return acc;'],
      }, into(s.out));
      return;
    case 'zero':
      host.push(`  ${arrayName(s.view.array)}.fill(0, ${s.view.offset}, ${s.view.offset + s.n});`);
      return;
    case 'broadcast': {
      const src = `${s.inRows === 1 ? '' : `r * ${s.inCols} + `}${s.inCols === 1 ? '0' : 'c'}`;
      add({ args: argList([s.in]), size: s.rows * s.cols, body: [...rc(s.cols), `return ${el(s.in, src)};`] }, into(s.out));
      return;
    }
    case 'rowSum':
      add({
        args: argList([s.in]), size: s.rows,
        body: ['let acc = 0;', `for (let q = 0; q < ${s.cols}; q++) { acc += ${el(s.in, `this.thread.x * ${s.cols} + q`)}; }`, 'return acc;'],
      }, into(s.out));
      return;
    case 'onehot':
      host.push(`  for (let i = 0; i < ${s.rows}; i++) { const t = ${el(s.target, 'i')}; if (!(t >= 0 && t < ${s.classes} && Math.floor(t) === t)) throw new RangeError('cross_entropy: class index out of range'); }`);
      add({
        args: argList([s.target]), size: s.rows * s.classes,
        body: [...rc(s.classes), `const t = ${el(s.target, 'r')};`, `return ${numberLiteral(s.smoothing / s.classes)} + (c == t ? ${numberLiteral(1 - s.smoothing)} : 0);`],
      }, into(s.out));
      return;
    case 'xentRows': {
      const C = s.cols;
      add({
        args: argList([s.logits, s.q]), size: s.rows,
        body: ['const r = this.thread.x;', ...xentLines((q) => el(s.logits, `r * ${C} + ${q}`), (q) => el(s.q, `r * ${C} + ${q}`), C), 'return l;'],
      }, into(s.out));
      return;
    }
    case 'loss':
      host.push(`  loss += ${arrayName(s.view.array)}[${s.view.offset}];`);
      return;
  }
}

type Arr = Float64Array | Float32Array;

export interface GpuCompiled<R = number> {
  grad(params: Arr, x: Arr, y: Arr, out: Arr): R;
  step(params: Arr, x: Arr, y: Arr): R;
  reset(): void;
  readonly source: string;
  readonly mode: string;
}

interface GpuOptions {
  readonly dtype: Dtype;
  readonly header: readonly string[];
  readonly mode?: GpuMode;
}

/** Build the GPU.js kernels and the host function; mode falls back to cpu if the one asked for is missing. */
export function compileGpu(prog: LoopProgram, opts: GpuOptions): GpuCompiled {
  if (opts.mode === 'webgpu') throw new Error("webgpu kernels are asynchronous: use compileGradientAsync");
  const { gpu, mode } = openGpu(opts.mode ?? 'gpu');
  return build<number>(prog, opts, gpu, mode, false);
}

/** The same with every kernel call awaited: WebGPU's readback is asynchronous. */
export function compileGpuAsync(prog: LoopProgram, opts: GpuOptions): GpuCompiled<Promise<number>> {
  return build<Promise<number>>(prog, opts, new (gpuJs().GPU)({ mode: 'webgpu' }), 'webgpu', true);
}

function build<R>(prog: LoopProgram, opts: GpuOptions, gpu: GPU, mode: string, isAsync: boolean): GpuCompiled<R> {
  const kernels: KernelDef[] = [];
  const host: string[] = [];
  for (const s of prog.grad) kernelsFor(s, kernels, host, isAsync);
  const F = opts.dtype === 'float32' ? 'Float32Array' : 'Float64Array';
  const lines = [
    '"use strict";',
    ...opts.header.map((h) => `// ${commentText(h)}`),
    ...prog.work.map((w) => `let w${w.id} = new Float32Array(${w.size}); // ${commentText(w.note)}`),
    ...prog.state.map((s) => `const s${s.id} = new ${F}(${s.size}); // ${commentText(s.note)}`),
    `const gs = new ${F}(${prog.paramCount});`,
    'let t = 0;',
    `${isAsync ? 'async ' : ''}function grad(p, x, y, g) {`,
    '  let loss = 0;',
    ...host,
    '  return loss;',
    '}',
    ...renderUpdateFunction(prog, (s, ind) => renderStepJs(s, ind, true), isAsync),
    `function reset() { t = 0;${prog.state.map((s) => ` s${s.id}.fill(0);`).join('')} }`,
    'return { grad, step, reset };',
  ];
  const kernelSources = kernels.map((k, i) => `// kernel ${i}: ${k.size} threads\nfunction kernel${i}(${k.args.join(', ')}) {\n${k.body.map((b) => `  ${b}`).join('\n')}\n}`);
  const hostSource = lines.join('\n');
  const K = kernels.map((k) => gpu.createKernel(new Function(...k.args, k.body.join('\n')) as never, { output: [k.size], precision: 'single' }));
  const made = new Function('K', hostSource)(K) as Pick<GpuCompiled<R>, 'grad' | 'step' | 'reset'>;
  let ran = mode;
  const reportMode = () => {
    const k = K[0] as unknown as { kernel?: { constructor?: { mode?: string } } } | undefined;
    ran = k?.kernel?.constructor?.mode ?? mode;
  };
  return {
    grad: (p, x, y, g) => {
      const loss = made.grad(p, x, y, g);
      if (!isAsync) reportMode();
      return loss;
    },
    step: made.step,
    reset: made.reset,
    source: `${hostSource}\n\n${kernelSources.join('\n\n')}\n`,
    get mode() {
      return `gpu.js:${ran}`;
    },
  };
}

function openGpu(mode: GpuMode): { gpu: GPU; mode: string } {
  try {
    const gpu = new (gpuJs().GPU)({ mode });
    // Probe: build and run a trivial kernel now so a missing backend falls back here, not mid-run.
    const probe = gpu.createKernel(function (this: { thread: { x: number } }) {
      return this.thread.x;
    }, { output: [1] });
    probe();
    const chosen = (probe as unknown as { kernel?: { constructor?: { mode?: string } } }).kernel?.constructor?.mode ?? mode;
    return { gpu, mode: chosen };
  } catch {
    return { gpu: new (gpuJs().GPU)({ mode: 'cpu' }), mode: 'cpu' };
  }
}
