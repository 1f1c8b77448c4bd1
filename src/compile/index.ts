/**
 * compileGradient: a network's symbolic gradient as a fast numeric closure. The network is
 * lowered once — the scalar view to one straight-line block (scalar.ts), the matrix view's
 * derived tensor program to a list of loop nests (tensor.ts; network.ts lowers the layers
 * directly instead) — and a backend renders it: JavaScript through `new Function` (js.ts) or
 * GPU.js kernels (gpu.ts). Every closure has the same calling convention over flat typed arrays,
 * documented by `layout`: grad(params, x, y, out) fills `out` with ∂L/∂θ and returns L;
 * step(params, x, y) applies the optimizer in place and returns the loss before it.
 */
import { SymgradError } from '../errors.js';
import { GPU } from 'gpu.js';
import { flattenParams, paramLayout, type ParamEntry, type ParamLayout } from '../nn/params.js';
import type { NetworkSpec } from '../nn/spec.js';
import { compileGpu, compileGpuAsync, type GpuMode } from './gpu.js';
import { renderLoopProgramJs, type Dtype } from './js.js';
import type { LoopProgram } from './loops.js';
import { lowerNetwork } from './network.js';
import { lowerMatrixView } from './tensor.js';
import { matrixView } from '../nn/matrix/index.js';
import { renderScalarGrad, scalarGradient } from './scalar.js';

export type { Dtype } from './js.js';
export type { GpuMode } from './gpu.js';

export interface CompileOptions {
  readonly backend?: 'js' | 'gpu';
  readonly dtype?: Dtype;
  /** scalar: straight-line code (small networks); matrix: loops; auto: scalar when small. */
  readonly view?: 'auto' | 'scalar' | 'matrix';
  /** Batch size the closure is compiled for (default: the rows of spec.data.x). */
  readonly batch?: number;
  /** GPU.js mode to ask for (gpu backend): 'gpu' picks the best available, falling back to cpu. */
  readonly gpuMode?: GpuMode;
  /**
   * Where the loops come from: the matrix view's derived tensor program (default), or the
   * layers directly with fused forward/backward steps per layer.
   */
  readonly loops?: 'view' | 'layers';
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
  /** Fill `out` (layout.paramCount) with ∂L/∂θ at `params`, and return L. No allocation (js backend). */
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
  readonly dtype: Dtype;
  /** The spec's own parameters and data, in this layout and dtype. */
  initialParams(): FloatArray;
  data(): { x: FloatArray; y: FloatArray };
}

/** Above this many (parameters × batch) the scalar view's straight-line code gets too long. */
export const SCALAR_LIMIT = 2048;
/** The scalar view is refused above this many (parameters × batch), even when asked for. */
export const SCALAR_MAX = 50_000;

interface Prepared {
  readonly prog: LoopProgram;
  readonly layout: ParamLayout;
  readonly batch: number;
  readonly outFeatures: number;
  readonly dtype: Dtype;
  readonly header: string[];
  readonly shared: Pick<CompiledGradient, 'layout' | 'dtype' | 'initialParams' | 'data'>;
}

/** Lower the network once (shared by every backend). */
function prepare(spec: NetworkSpec, opts: CompileOptions): Prepared {
  const dtype = opts.dtype ?? 'float64';
  const batch = opts.batch ?? spec.data.x.length;
  if (!Number.isInteger(batch) || batch < 1) throw new SymgradError(`batch must be a positive integer, got ${batch}`, { field: 'batch' });
  const layout = paramLayout(spec);
  const prog = (opts.loops ?? 'view') === 'view' ? lowerMatrixView(spec, matrixView(spec), layout, batch) : lowerNetwork(spec, layout, batch);
  const outFeatures = spec.loss.type === 'cross_entropy' ? lastWidth(prog) : prog.yLength / batch;
  const F = dtype === 'float32' ? Float32Array : Float64Array;
  const yShape = spec.loss.type === 'cross_entropy' ? [batch] : [batch, outFeatures];
  const shared = {
    layout: { params: layout.entries, paramCount: layout.size, x: [batch, prog.inFeatures] as const, y: yShape },
    dtype,
    initialParams: () => F.from(flattenParams(spec, layout)),
    data: () => ({ x: F.from(spec.data.x.flat()), y: F.from(spec.data.y.flat()) }),
  };
  return { prog, layout, batch, outFeatures, dtype, header: headerLines(spec, prog, dtype, layout.entries), shared };
}

/** The width of the network's output (the logits, for cross-entropy). */
function lastWidth(prog: LoopProgram): number {
  const ce = prog.grad.find((s) => s.kind === 'crossEntropy');
  return ce && ce.kind === 'crossEntropy' ? ce.cols : prog.yLength / prog.batch;
}

export function compileGradient(spec: NetworkSpec, opts: CompileOptions = {}): CompiledGradient {
  const backend = opts.backend ?? 'js';
  const { prog, layout, batch, outFeatures, dtype, header, shared } = prepare(spec, opts);
  if (backend === 'gpu') {
    const gpu = compileGpu(prog, { dtype, header, ...(opts.gpuMode ? { mode: opts.gpuMode } : {}) });
    return { ...shared, ...gpu, get mode() { return gpu.mode; } };
  }
  const view = opts.view ?? 'auto';
  const scalar = view === 'scalar' || (view === 'auto' && layout.size * batch <= SCALAR_LIMIT);
  if (view === 'scalar' && layout.size * batch > SCALAR_MAX) {
    throw new SymgradError(`the scalar view would unroll ${layout.size} parameters × ${batch} samples into straight-line code; use the matrix view (loops) for a network this size`, { field: 'view' });
  }
  let source: string;
  if (scalar) {
    const sg = scalarGradient(spec, layout, batch, prog.inFeatures, outFeatures);
    // The straight-line grad, with the loop program's update step; its work buffers are unused.
    const noWork = { ...prog, work: [], grad: [] } satisfies LoopProgram;
    source = renderLoopProgramJs(noWork, { dtype, header: [...header, 'view: scalar (straight-line)'], gradFunction: renderScalarGrad(sg, layout) });
  } else {
    source = renderLoopProgramJs(prog, { dtype, header: [...header, `view: matrix (loops lowered from ${(opts.loops ?? 'view') === 'view' ? 'the derived tensor program' : 'the layers'})`] });
  }
  const made = new Function(source)() as Pick<CompiledGradient, 'grad' | 'step' | 'reset'>;
  return { ...shared, ...made, source, mode: scalar ? 'js-scalar' : 'js-loops' };
}

export interface CompiledGradientAsync extends Omit<CompiledGradient, 'grad' | 'step'> {
  grad(params: FloatArray, x: FloatArray, y: FloatArray, out: FloatArray): Promise<number>;
  step(params: FloatArray, x: FloatArray, y: FloatArray): Promise<number>;
}

/**
 * Like compileGradient, with Promise results, so that the GPU.js backend can use WebGPU (whose
 * readback is asynchronous): with backend 'gpu' and no gpuMode it takes webgpu when an adapter
 * answers, and otherwise the best synchronous mode.
 */
export async function compileGradientAsync(spec: NetworkSpec, opts: CompileOptions = {}): Promise<CompiledGradientAsync> {
  const wantWebgpu = opts.backend === 'gpu' && (opts.gpuMode === 'webgpu' || (opts.gpuMode === undefined && (await GPU.isWebGPUAvailable())));
  if (!wantWebgpu) {
    const c = compileGradient(spec, opts);
    return {
      ...c,
      grad: async (p, x, y, g) => c.grad(p, x, y, g),
      step: async (p, x, y) => c.step(p, x, y),
      get mode() { return c.mode; },
    };
  }
  const { prog, dtype, header, shared } = prepare(spec, opts);
  const gpu = compileGpuAsync(prog, { dtype, header, mode: 'webgpu' });
  return { ...shared, ...gpu, get mode() { return gpu.mode; } };
}

/** Header comments: sizes, dtype and the layout, from indices and numbers only. */
function headerLines(spec: NetworkSpec, prog: LoopProgram, dtype: Dtype, entries: readonly ParamEntry[]): string[] {
  return [
    `symgrad compiled gradient: ${spec.layers.length} layers, batch ${prog.batch}, ${dtype}`,
    'grad(p, x, y, g): g <- dL/dp, returns L;  step(p, x, y): optimizer step in place, returns L',
    `x: ${prog.batch} x ${prog.inFeatures} row-major;  y: ${spec.loss.type === 'cross_entropy' ? `${prog.yLength} class indices` : `${prog.batch} x ${prog.yLength / prog.batch} row-major`}`,
    ...entries.map((e) => `p[${e.offset}..${e.offset + e.size - 1}] = ${e.key} [${e.shape.join(' x ')}]${e.frozen ? ' (frozen)' : ''}`),
  ];
}
