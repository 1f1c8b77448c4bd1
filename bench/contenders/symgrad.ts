/**
 * symgrad's compiled gradients as contenders: the JS backend in float64 and float32, the wasm
 * backend (SIMD128) in float32 and float64 on one thread and on every core — called on its own
 * memory's views (`buffers`), as a training loop keeps its weights there, so no copies per call —
 * and the GPU.js backend in every mode asked for (a mode that does not run here is reported as skipped
 * with the mode GPU.js fell back to). Also times derive+compile — compileGradient from the
 * NetworkSpec to a ready closure — once cold and then repeated.
 */
import os from 'node:os';
import type { CompiledGradient, CompiledGradientAsync, CompileOptions } from '../../src/compile/index.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import type { Clock } from '../harness.js';
import type { Workload } from '../workloads.js';
import { makeLoop, skippedBecause, type Contender, type Dtype, type Entry, type Factory } from './types.js';

type F = Float64Array | Float32Array;
type Compile = (spec: NetworkSpec, opts: CompileOptions) => CompiledGradient;

/**
 * compileGradient, imported when first needed: if the compiler fails to load, symgrad's rows
 * say why and the peers are still measured.
 */
async function loadCompiler(): Promise<Compile> {
  const mod = await import('../../src/compile/index.js');
  return mod.compileGradient;
}

/** WebGPU reads results back asynchronously, so its closure comes from compileGradientAsync. */
async function loadAsyncCompiler(): Promise<(spec: NetworkSpec, opts: CompileOptions) => Promise<CompiledGradientAsync>> {
  const mod = await import('../../src/compile/index.js');
  return mod.compileGradientAsync;
}

/** GPU.js modes to try, best first; those missing on this machine are skipped. */
export const GPU_MODES = ['webgpu', 'headlessgl', 'webasm', 'cpu'] as const;

/** perm[i] = index in symgrad's flat layout of canonical slot i (matched by state_dict key). */
export function layoutPermutationOf(w: Workload, layout: CompiledGradient['layout']): Int32Array {
  if (layout.paramCount !== w.params.length) throw new Error(`layout has ${layout.paramCount} parameters, expected ${w.params.length}`);
  const perm = new Int32Array(w.params.length);
  for (const b of w.blocks) {
    const e = layout.params.find((p) => p.key === b.name);
    const size = b.rows * b.cols;
    if (!e || e.size !== size) throw new Error(`layout entry ${b.name} missing or of the wrong size`);
    for (let i = 0; i < size; i++) perm[b.offset + i] = e.offset + i;
  }
  return perm;
}

function wrap(name: string, w: Workload, g: CompiledGradient, dtype: Dtype, note: string, setupSeconds: number): Contender & { mode(): string } {
  const Arr = dtype === 'f32' ? Float32Array : Float64Array;
  const perm = layoutPermutationOf(w, g.layout);
  const b = g.buffers;
  const p: F = b ? b.params : new Arr(perm.length);
  perm.forEach((j, i) => (p[j] = w.params[i]!));
  const x: F = b ? b.x : Arr.from(w.x), y: F = b ? b.y : Arr.from(w.y), out: F = b ? b.grad : new Arr(perm.length);
  if (b) {
    x.set(w.x);
    y.set(w.y);
  }
  return {
    name,
    kind: 'symgrad',
    dtype,
    note,
    setupSeconds,
    mode: () => g.mode,
    run: makeLoop(g.grad, p, x, y, out, w.id === 'a'),
    async gradient() {
      g.grad(p, x, y, out);
      return Float64Array.from(perm, (j) => out[j]!);
    },
    ...(g.dispose ? { dispose: () => void g.dispose!() } : {}),
  };
}

async function wasmContender(w: Workload, dtype: Dtype, threads: number): Promise<Entry> {
  const name = `symgrad wasm ${dtype} ${threads === 1 ? '1 thread' : `${threads} threads`}`;
  try {
    const compileGradient = await loadCompiler();
    const t0 = performance.now();
    const g = compileGradient(w.spec, { backend: 'wasm', dtype: dtype === 'f32' ? 'float32' : 'float64', threads });
    if (!g.mode.startsWith('wasm')) return { name, kind: 'symgrad', skipped: g.mode };
    return wrap(name, w, g, dtype, `${g.mode}, threads ${g.threads ?? 1}`, (performance.now() - t0) / 1000);
  } catch (e) {
    return skippedBecause(name, 'symgrad', e);
  }
}

async function jsContender(w: Workload, dtype: Dtype): Promise<Entry> {
  const name = `symgrad js ${dtype}`;
  try {
    const compileGradient = await loadCompiler();
    const t0 = performance.now();
    const g = compileGradient(w.spec, { backend: 'js', dtype: dtype === 'f32' ? 'float32' : 'float64' });
    return wrap(name, w, g, dtype, g.mode, (performance.now() - t0) / 1000);
  } catch (e) {
    return skippedBecause(name, 'symgrad', e);
  }
}

async function gpuContender(w: Workload, mode: (typeof GPU_MODES)[number]): Promise<Entry> {
  const name = `symgrad gpu.js ${mode}`;
  try {
    const t0 = performance.now();
    const opts = { backend: 'gpu', dtype: 'float32', gpuMode: mode } as const;
    const c = mode === 'webgpu'
      ? wrapAsync(name, w, await (await loadAsyncCompiler())(w.spec, opts), t0)
      : wrap(name, w, (await loadCompiler())(w.spec, opts), 'f32', '', (performance.now() - t0) / 1000);
    await c.gradient(); // the mode that ran is known after the first call
    const ran = c.mode().replace(/^gpu\.js:/, '');
    if (ran !== mode) return { name, kind: 'symgrad', skipped: `gpu.js mode ${mode} not available here (falls back to ${ran})` };
    return { ...c, note: `gpu.js:${ran}` };
  } catch (e) {
    return skippedBecause(name, 'symgrad', e);
  }
}

/** An asynchronous closure (WebGPU): each gradient is awaited before the next starts. */
function wrapAsync(name: string, w: Workload, g: CompiledGradientAsync, t0: number): Contender & { mode(): string } {
  const perm = layoutPermutationOf(w, g.layout);
  const p = new Float32Array(perm.length), out = new Float32Array(perm.length);
  perm.forEach((j, i) => (p[j] = w.params[i]!));
  const x = Float32Array.from(w.x), y = Float32Array.from(w.y);
  return {
    name, kind: 'symgrad', dtype: 'f32', setupSeconds: (performance.now() - t0) / 1000,
    mode: () => g.mode,
    async run(reps) {
      let s = 0;
      for (let i = 0; i < reps; i++) s += await g.grad(p, x, y, out);
      return s;
    },
    async gradient() {
      await g.grad(p, x, y, out);
      return Float64Array.from(perm, (j) => out[j]!);
    },
  };
}

export interface CompileTiming {
  /** The first compile of this network in the process, in seconds on `clock`. */
  readonly first: number;
  /** Every later compile, in seconds on `clock`. */
  readonly repeats: readonly number[];
  /** The same repeats on the other clock (wall when `clock` is cpu). */
  readonly otherRepeats: readonly number[];
  readonly mode: string;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const wallNow = (): number => performance.now() / 1000;

/**
 * Times compileGradient (derive + lower + generate + new Function) for the JS float64 backend,
 * on the harness's clock (CPU time by default, so that a loaded machine does not inflate it).
 */
export async function timeCompile(w: Workload, repeats: number, clock: Clock = 'cpu', opts: CompileOptions = { backend: 'js', dtype: 'float64' }): Promise<CompileTiming> {
  const compileGradient = await loadCompiler();
  const once = (): { cpu: number; wall: number; mode: string } => {
    const c0 = cpuNow(), t0 = wallNow();
    const g = compileGradient(w.spec, opts);
    const t1 = wallNow(), c1 = cpuNow();
    void g.dispose?.();
    return { cpu: c1 - c0, wall: t1 - t0, mode: g.mode };
  };
  const first = once();
  const rest = Array.from({ length: repeats }, once);
  const other: Clock = clock === 'cpu' ? 'wall' : 'cpu';
  return { first: first[clock], repeats: rest.map((r) => r[clock]), otherRepeats: rest.map((r) => r[other]), mode: first.mode };
}

export function symgradFactory(opts: { gpu: boolean }): Factory {
  return async (w) => {
    const entries = [await jsContender(w, 'f64'), await jsContender(w, 'f32')];
    const cores = os.availableParallelism();
    if (w.id !== 'a') {
      for (const dtype of ['f32', 'f64'] as const) for (const threads of cores > 1 ? [1, cores] : [1]) entries.push(await wasmContender(w, dtype, threads));
    }
    if (opts.gpu) for (const mode of GPU_MODES) entries.push(await gpuContender(w, mode));
    return entries;
  };
}
