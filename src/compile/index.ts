/// <reference types="@webgpu/types" preserve="true" />
/**
 * compileGradient: a network's symbolic gradient as a fast numeric closure. The network is
 * lowered once — the matrix view's derived tensor program to a list of loop nests (tensor.ts),
 * and, for small networks, the scalar view to one straight-line block (scalar.ts) — and a backend
 * renders it: JavaScript through `new Function` (js.ts), GPU.js kernels (gpu.ts) or, through
 * compileGradientAsync, WGSL compute shaders (webgpu/). Every closure has the same calling convention over flat typed arrays,
 * documented by `layout`: grad(params, x, y, out) fills `out` with ∂L/∂θ and returns L;
 * step(params, x, y) applies the optimizer in place and returns the loss before it.
 */
import { SymgradError } from '../errors.js';
import { flattenParams, paramLayout, type ParamEntry, type ParamLayout } from '../nn/params.js';
import { indexTargets } from '../nn/catalog/index.js';
import type { NetworkSpec } from '../nn/spec.js';
import { compileGpu, compileGpuAsync, type GpuMode } from './gpu.js';
import { gpuJs, loadGpuJs } from './gpujs.js';
import { renderLoopProgramJs, type Dtype } from './js.js';
import type { LoopProgram } from './loops.js';
import { lowerUpdate } from './optimizer.js';
import { lowerMatrixView } from './tensor.js';
import { compileWasm, simdSupported, type WasmGradient } from './wasm/index.js';
import { chooseBackend, chooseThreads } from './wasm/select.js';
import { matrixView } from '../nn/matrix/index.js';
import { renderScalarGrad, scalarGradient, type ScalarGradient } from './scalar.js';
import { compileWebgpu, planSource, planWebgpu, type ResidentTraining } from './webgpu/index.js';

export type { Dtype } from './js.js';
export type { GpuMode } from './gpu.js';
export { loadGpuJs } from './gpujs.js';

/** 'gpu' is the earlier name of 'gpu.js'. */
export type GpuJsBackend = 'gpu.js' | 'gpu';

export interface CompileOptions {
  /**
   * js (default), gpu.js (GPU.js kernels; 'gpu' is its earlier name), wasm (SIMD128, threads),
   * auto (the cost model of wasm/select.ts), or webgpu (compileGradientAsync only).
   */
  readonly backend?: 'js' | GpuJsBackend | 'wasm' | 'auto' | 'webgpu';
  /** Threads for the wasm backend (default: all cores when the program is large enough). */
  readonly threads?: number;
  readonly dtype?: Dtype;
  /**
   * scalar: straight-line code; matrix: loops; auto (default): straight-line when its code stays
   * small enough for V8 to optimize (STRAIGHT_LINE_MAX), loops otherwise.
   */
  readonly view?: 'auto' | 'scalar' | 'matrix';
  /** Batch size the closure is compiled for (default: the rows of spec.data.x). */
  readonly batch?: number;
  /** GPU.js mode to ask for (gpu backend): 'gpu' picks the best available, falling back to cpu. */
  readonly gpuMode?: GpuMode;
  /** webgpu: the device to run on (default: navigator.gpu's, or Node's optional `webgpu` package). */
  readonly device?: GPUDevice;
}

export interface CompiledLayout {
  /** state_dict entries: key ("0.weight"), PyTorch shape, offset and size in the flat params. */
  readonly params: readonly ParamEntry[];
  readonly paramCount: number;
  /** x is batch × features, row-major. */
  readonly x: readonly [number, number];
  /** y is batch × outputs, row-major, or batch class indices (cross_entropy). */
  readonly y: readonly number[];
}

export type FloatArray = Float64Array | Float32Array;

export interface CompiledGradient {
  /**
   * Fill `out` (layout.paramCount) with ∂L/∂θ at `params`, and return L. The js backend allocates
   * nothing per call, apart from the boxed number V8 returns from a call it does not inline.
   */
  grad(params: FloatArray, x: FloatArray, y: FloatArray, out: FloatArray): number;
  /** One optimizer step on `params`, in place; returns the loss before the step. */
  step(params: FloatArray, x: FloatArray, y: FloatArray): number;
  /** Forget the optimizer state (momentum, Adam moments, step count). */
  reset(): void;
  readonly layout: CompiledLayout;
  /** The generated JavaScript (for the gpu backend: the host code driving the kernels). */
  readonly source: string;
  /** What runs: 'js-scalar', 'js-loops', or 'gpu.js:<mode>' (the GPU.js backend that ran). */
  readonly mode: string;
  /** The element type of the arrays it takes and fills. */
  readonly dtype: Dtype;
  /** wasm backend: the threads it runs on, its memory's views (no copies) and dispose(). */
  readonly threads?: number;
  readonly buffers?: WasmGradient['buffers'];
  dispose?(): Promise<number>;
  /** The precision the arithmetic ran in, where it differs from dtype (GPU.js kernels: float32). */
  readonly precision?: Dtype;
  /** The WebGPU adapter that ran it, described (webgpu backend only). */
  readonly adapter?: string;
  /** The spec's own parameters and data, in this layout and dtype. */
  initialParams(): FloatArray;
  data(): { x: FloatArray; y: FloatArray };
}

/** auto: above this many (parameters × batch) the scalar view is not even tried. */
export const SCALAR_LIMIT = 768;
/**
 * auto: at most this many straight-line instructions. V8 (Node 20) does not optimize a function
 * past about 60 KB of bytecode, roughly 3,000 of our instructions; unoptimized, the straight line
 * runs 10–20× slower than the loops, so auto stays well below that.
 */
export const STRAIGHT_LINE_MAX = 2500;
/** The scalar view is refused above this many (parameters × batch), even when asked for. */
export const SCALAR_MAX = 50_000;

interface Prepared {
  /** The matrix view lowered to loops, built on first use (the straight-line path needs none). */
  readonly loops: () => LoopProgram;
  readonly layout: ParamLayout;
  readonly batch: number;
  readonly inFeatures: number;
  /** Width of one row of y: the outputs, or 1 (a class index) for cross-entropy. */
  readonly yWidth: number;
  readonly dtype: Dtype;
  readonly header: string[];
  readonly shared: Pick<CompiledGradient, 'layout' | 'dtype' | 'initialParams' | 'data'>;
}

const CHOICES = {
  backend: ['js', 'gpu.js', 'gpu', 'wasm', 'auto', 'webgpu'],
  dtype: ['float64', 'float32'],
  view: ['auto', 'scalar', 'matrix'],
  gpuMode: ['gpu', 'webgpu', 'headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'],
} as const satisfies Record<string, readonly string[]>;

/** Every backend name compileGradientAsync takes (the CLI's --backend reads this list). */
export const BACKENDS: readonly string[] = CHOICES.backend;

/** Options from JavaScript callers are checked like flags: an unknown value is a SymgradError. */
function checkOptions(opts: CompileOptions): void {
  for (const [field, allowed] of Object.entries(CHOICES)) {
    const v: unknown = opts[field as keyof typeof CHOICES];
    if (v !== undefined && !(allowed as readonly unknown[]).includes(v)) {
      throw new SymgradError(`${field}: expected ${allowed.join(' | ')}, got ${JSON.stringify(v)}`, { field });
    }
  }
}

/** Check the options and fix the sizes; the lowering itself happens once, on demand. */
function prepare(spec: NetworkSpec, opts: CompileOptions): Prepared {
  checkOptions(opts);
  const dtype = opts.dtype ?? 'float64';
  const batch = opts.batch ?? spec.data.x.length;
  if (!Number.isInteger(batch) || batch < 1) throw new SymgradError(`batch must be a positive integer, got ${batch}`, { field: 'batch' });
  const layout = paramLayout(spec);
  // Widths as the matrix view reads them: x from the first linear layer, y from the last.
  const linears = spec.layers.flatMap((l) => (l.type === 'linear' ? [l] : []));
  const inFeatures = linears[0]?.in ?? spec.data.x[0]?.length ?? 0;
  const yWidth = indexTargets(spec.loss) ? 1 : (linears.at(-1)?.out ?? inFeatures);
  let prog: LoopProgram | undefined;
  const loops = () => (prog ??= lowerMatrixView(spec, matrixView(spec), layout, batch));
  const F = dtype === 'float32' ? Float32Array : Float64Array;
  const yShape = indexTargets(spec.loss) ? [batch] : [batch, yWidth];
  const shared = {
    layout: { params: layout.entries, paramCount: layout.size, x: [batch, inFeatures] as const, y: yShape },
    dtype,
    initialParams: () => F.from(flattenParams(spec, layout)),
    data: () => ({ x: F.from(spec.data.x.flat()), y: F.from(spec.data.y.flat()) }),
  };
  const header = headerLines(spec, batch, inFeatures, yWidth, dtype, layout.entries);
  return { loops, layout, batch, inFeatures, yWidth, dtype, header, shared };
}

export function compileGradient(spec: NetworkSpec, opts: CompileOptions = {}): CompiledGradient {
  const { loops, layout, batch, inFeatures, yWidth, dtype, header, shared } = prepare(spec, opts);
  const backend = opts.backend === 'auto' ? chooseBackend(layout.size * batch, opts.view, SCALAR_LIMIT) : (opts.backend ?? 'js');
  if (backend === 'webgpu') throw new SymgradError("backend: webgpu runs asynchronously; use compileGradientAsync", { field: 'backend' });
  if (backend === 'wasm') {
    if (!simdSupported()) {
      const js = compileGradient(spec, { ...opts, backend: 'js' });
      return { ...js, mode: `${js.mode} (wasm: this engine lacks SIMD128, fell back to js)` };
    }
    const prog = loops();
    const w = compileWasm(prog, { dtype, threads: chooseThreads(prog, opts.threads), header: [...header, 'view: matrix (WebAssembly SIMD128)'] });
    return { ...shared, ...w, mode: `wasm-simd${w.threads > 1 ? `:${w.threads}-threads` : ''}` };
  }
  if (backend === 'gpu' || backend === 'gpu.js') {
    if (opts.gpuMode === 'webgpu') throw new SymgradError("gpuMode: webgpu reads results back asynchronously; use compileGradientAsync", { field: 'gpuMode' });
    const gpu = compileGpu(loops(), { dtype, header, ...(opts.gpuMode ? { mode: opts.gpuMode } : {}) });
    return { ...shared, ...gpu, precision: 'float32', get mode() { return gpu.mode; } };
  }
  const view = opts.view ?? 'auto';
  if (view === 'scalar' && layout.size * batch > SCALAR_MAX) {
    throw new SymgradError(`the scalar view would unroll ${layout.size} parameters × ${batch} samples into straight-line code; use the matrix view (loops) for a network this size`, { field: 'view' });
  }
  let scalar: ScalarGradient | undefined;
  if (view === 'scalar' || (view === 'auto' && layout.size * batch <= SCALAR_LIMIT)) {
    scalar = scalarGradient(spec, layout, batch, inFeatures, yWidth);
    if (view === 'auto' && scalar.block.instrs.length > STRAIGHT_LINE_MAX) scalar = undefined;
  }
  let source: string;
  if (scalar) {
    // The straight-line grad, with the optimizer's update loops and no other buffers.
    const noWork = { batch, inFeatures, yLength: batch * yWidth, paramCount: layout.size, work: [], grad: [], ...lowerUpdate(spec, layout) } satisfies LoopProgram;
    source = renderLoopProgramJs(noWork, { dtype, header: [...header, 'view: scalar (straight-line)'], gradFunction: renderScalarGrad(scalar, layout) });
  } else {
    source = renderLoopProgramJs(loops(), { dtype, header: [...header, 'view: matrix (loops lowered from the derived tensor program)'] });
  }
  const made = new Function(source)() as Pick<CompiledGradient, 'grad' | 'step' | 'reset'>;
  return { ...shared, ...made, source, mode: scalar ? 'js-scalar' : 'js-loops' };
}

export interface CompiledGradientAsync extends Omit<CompiledGradient, 'grad' | 'step'> {
  grad(params: FloatArray, x: FloatArray, y: FloatArray, out: FloatArray): Promise<number>;
  step(params: FloatArray, x: FloatArray, y: FloatArray): Promise<number>;
  /** webgpu: training on the parameters kept on the device (only the loss read back per step). */
  readonly resident?: ResidentTraining;
  /** webgpu: free the device memory. */
  destroy?(): void;
}

/**
 * Like compileGradient, with Promise results, so that the GPU.js backend can use WebGPU (whose
 * readback is asynchronous): with backend 'gpu' and no gpuMode it takes webgpu when an adapter
 * answers, and otherwise the best synchronous mode.
 */
export async function compileGradientAsync(spec: NetworkSpec, opts: CompileOptions = {}): Promise<CompiledGradientAsync> {
  if (opts.backend === 'webgpu') return compileWebgpuGradient(spec, opts);
  const isGpuJs = opts.backend === 'gpu' || opts.backend === 'gpu.js';
  if (isGpuJs) await loadGpuJs();
  const wantWebgpu = isGpuJs && (opts.gpuMode === 'webgpu' || (opts.gpuMode === undefined && (await gpuJs().GPU.isWebGPUAvailable())));
  if (!wantWebgpu) {
    const c = compileGradient(spec, opts);
    return {
      ...c,
      grad: async (p, x, y, g) => c.grad(p, x, y, g),
      step: async (p, x, y) => c.step(p, x, y),
      get mode() { return c.mode; },
    };
  }
  const { loops, dtype, header, shared } = prepare(spec, opts);
  const gpu = compileGpuAsync(loops(), { dtype, header, mode: 'webgpu' });
  return { ...shared, ...gpu, precision: 'float32', get mode() { return gpu.mode; } };
}

/** The WebGPU backend (src/compile/webgpu): float32 WGSL kernels, buffers kept on the device. */
async function compileWebgpuGradient(spec: NetworkSpec, opts: CompileOptions): Promise<CompiledGradientAsync> {
  if (opts.dtype === 'float64') throw new SymgradError('webgpu computes in float32 (WGSL has no float64); ask for float32', { field: 'dtype' });
  const { loops, header, shared } = prepare(spec, { ...opts, dtype: 'float32' });
  const w = await compileWebgpu(loops(), { header: [...header, 'backend: webgpu (WGSL compute shaders, float32)'], ...(opts.device ? { device: opts.device } : {}) });
  return { ...shared, ...w, precision: 'float32', adapter: w.mode.slice('webgpu:'.length) };
}

/** The WebGPU backend's WGSL for a network, generated without a device (symgrad compile --backend webgpu). */
export function webgpuSource(spec: NetworkSpec, opts: Pick<CompileOptions, 'batch'> = {}): string {
  const { loops, header } = prepare(spec, { ...opts, dtype: 'float32' });
  return planSource(planWebgpu(loops(), [...header, 'backend: webgpu (WGSL compute shaders, float32)']));
}

/** Header comments: sizes, dtype and the layout, from indices and numbers only. */
function headerLines(spec: NetworkSpec, batch: number, inFeatures: number, yWidth: number, dtype: Dtype, entries: readonly ParamEntry[]): string[] {
  return [
    `symgrad compiled gradient: ${spec.layers.length} layers, batch ${batch}, ${dtype}`,
    'grad(p, x, y, g): g <- dL/dp, returns L;  step(p, x, y): optimizer step in place, returns L',
    `x: ${batch} x ${inFeatures} row-major;  y: ${indexTargets(spec.loss) ? `${batch} class indices` : `${batch} x ${yWidth} row-major`}`,
    ...entries.map((e) => `p[${e.offset}..${e.offset + e.size - 1}] = ${e.key} [${e.shape.join(' x ')}]${e.frozen ? ' (frozen)' : ''}`),
  ];
}
