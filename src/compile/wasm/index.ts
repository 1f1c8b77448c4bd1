/**
 * The wasm backend: a LoopProgram compiled to one WebAssembly SIMD128 module (module.ts) over
 * one WebAssembly.Memory laid out at compile time, instantiated once, and wrapped in the common
 * calling convention. grad(p, x, y, g) copies its arguments into the memory (skipped for the
 * arrays of `buffers`, which are views of that memory), runs, and copies ∂L/∂θ out; nothing is
 * allocated per call. With threads > 1 the memory is shared and threads − 1 worker_threads each
 * instantiate the same module; a call bumps a go counter (Atomics.notify) and the calling
 * thread works as thread 0. Workers are unref'd (they never keep a process alive) and end with
 * dispose(). Transcendentals are imported from Math, so values equal the JS backend's.
 */
import { CTL, buildModule } from './module.js';
import { MATH_IMPORTS, TABLE_IMPORTS } from './context.js';
import { OPS } from '../../expr/ops.js';
import { helperSources } from '../lower.js';
import type { LoopProgram } from '../loops.js';
import type { Dtype } from '../js.js';
import { Code, encodeModule } from './encode.js';
import { commentText } from '../literal.js';
import type { FloatArray } from '../index.js';


export interface WasmGradient {
  grad(params: FloatArray, x: FloatArray, y: FloatArray, out: FloatArray): number;
  step(params: FloatArray, x: FloatArray, y: FloatArray): number;
  reset(): void;
  /**
   * Stop the worker threads; the closure must not be called after. Resolves to the number of
   * workers that have exited (threads − 1).
   */
  dispose(): Promise<number>;
  /** Views of the module's memory: passing these to grad/step skips the copies. */
  readonly buffers: { readonly params: FloatArray; readonly grad: FloatArray; readonly x: FloatArray; readonly y: FloatArray };
  readonly threads: number;
  readonly source: string;
  readonly bytes: number;
  /** Milliseconds spent encoding and compiling the module. */
  readonly compileMs: { readonly encode: number; readonly compile: number };
}

let simdCache: boolean | undefined;

/** Whether this engine validates a SIMD128 module (f64x2.splat). */
export function simdSupported(): boolean {
  if (simdCache !== undefined) return simdCache;
  if (typeof WebAssembly !== 'object') return (simdCache = false);
  const c = new Code([], []);
  c.f64(0).simd('f64x2.splat').op('drop');
  simdCache = WebAssembly.validate(encodeModule({ imports: [], memory: { pages: 1, shared: false }, funcs: [{ name: 'f', code: c }] }));
  return simdCache;
}

/** Whether shared memory and worker threads are available (Node ≥ 20.16 with worker_threads). */
export function canThread(): boolean {
  return typeof SharedArrayBuffer === 'function' && workerThreads() !== undefined;
}

/** The cores to use by default: all of them, or 1 without shared memory and threads. */
export function threadsAvailable(): number {
  if (!canThread()) return 1;
  const os = builtin('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  return os ? (os.availableParallelism?.() ?? os.cpus().length) : 1;
}

function builtin(name: string): unknown {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  return p?.getBuiltinModule?.(name);
}

interface WorkerLike {
  unref(): void;
  once(event: 'exit', listener: () => void): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (src: string, opts: { eval: boolean; workerData: unknown }) => WorkerLike;

function workerThreads(): { Worker: WorkerCtor } | undefined {
  return builtin('node:worker_threads') as { Worker: WorkerCtor } | undefined;
}

/** The Math imports (context.ts), as source text for a worker. */
const MATH_SOURCE = MATH_IMPORTS.map((f) => `${f}: Math.${f}`).join(', ');

/** The imported ops of the table (context.ts), as functions on the main thread… */
const tableImports = (): Record<string, (...a: number[]) => number> =>
  Object.fromEntries(TABLE_IMPORTS.map((op) => [`op_${op}`, OPS[op].eval as (...a: number[]) => number]));

/** …and as source text for a worker: each op's JS code from the table, with its helpers. */
function tableImportSource(): string {
  const lines = TABLE_IMPORTS.map((op) => {
    const args = Array.from({ length: OPS[op].arity }, (_, i) => `a${i}`);
    return `op_${op}: (${args.join(', ')}) => ${OPS[op].js(args)},`;
  });
  return [...helperSources(lines), `const TABLE = {`, ...lines, `};`].join('\n');
}

/** Each worker: instantiate, then wait for the go counter to move and run the command. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, tid } = workerData;
${tableImportSource()}
const inst = new WebAssembly.Instance(module, { m: { ${MATH_SOURCE}, ...TABLE, badClass: () => {} }, env: { memory } });
const ctl = new Int32Array(memory.buffer, 0, 16);
let seen = 0;
for (;;) {
  for (let i = 0; i < 2000 && Atomics.load(ctl, 2) === seen; i++);
  Atomics.wait(ctl, 2, seen);
  seen = Atomics.load(ctl, 2);
  const cmd = Atomics.load(ctl, 3);
  if (cmd === 0) break;
  if (cmd === 1) inst.exports.grad(tid); else inst.exports.update(tid);
}
`;

export interface WasmOptions {
  readonly dtype: Dtype;
  readonly threads: number;
  readonly header: readonly string[];
}

export function compileWasm(prog: LoopProgram, opts: WasmOptions): WasmGradient {
  const T = Math.max(1, Math.floor(opts.threads));
  const t0 = performance.now();
  const built = buildModule(prog, opts.dtype, T);
  const t1 = performance.now();
  const module = new WebAssembly.Module(built.bytes);
  const t2 = performance.now();
  const memory = new WebAssembly.Memory({ initial: built.pages, maximum: built.pages, shared: T > 1 } as WebAssembly.MemoryDescriptor);
  const badClass = () => {
    throw new RangeError('cross_entropy: class index out of range');
  };
  const math = Object.fromEntries(MATH_IMPORTS.map((f) => [f, Math[f]]));
  const inst = new WebAssembly.Instance(module, { m: { ...math, ...tableImports(), badClass }, env: { memory } });
  const exp = inst.exports as { grad: (tid: number) => number; update: (tid: number) => void };
  const F = opts.dtype === 'float32' ? Float32Array : Float64Array;
  const view = (kind: 'param' | 'grad' | 'x' | 'y') => {
    const r = built.layout.regions.find((g) => g.ref.kind === kind)!;
    return new F(memory.buffer, r.byte, r.length);
  };
  const P = view('param'), G = view('grad'), X = view('x'), Y = view('y');
  const ctl = new Int32Array(memory.buffer, 0, 16);
  const uniforms = new Float64Array(memory.buffer, CTL.uFirst, 3);
  const states = built.layout.regions.filter((r) => r.ref.kind === 'state').map((r) => new F(memory.buffer, r.byte, r.length));

  const workers: WorkerLike[] = [];
  if (T > 1) {
    const wt = workerThreads();
    if (!wt) throw new Error('wasm backend: threads > 1 needs worker_threads');
    for (let tid = 1; tid < T; tid++) {
      const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, tid } });
      w.unref();
      workers.push(w);
    }
  }
  const exited = Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once('exit', resolve)))).then(() => workers.length);
  let disposed = false;
  const go = (cmd: number) => {
    if (disposed) throw new Error('wasm backend: this compiled gradient was disposed');
    if (T === 1) return;
    Atomics.store(ctl, 3, cmd);
    Atomics.add(ctl, 2, 1);
    Atomics.notify(ctl, 2);
  };
  const runGrad = (p: FloatArray, x: FloatArray, y: FloatArray): number => {
    if (p !== P) P.set(p);
    if (x !== X) X.set(x);
    if (y !== Y) Y.set(y);
    go(1);
    return exp.grad(0);
  };
  let t = 0;
  const b1 = prog.uniforms.beta1, b2 = prog.uniforms.beta2;
  const source = [
    ...opts.header.map((h) => `// ${commentText(h)}`),
    `// wasm: SIMD128 module of ${built.bytes.length} bytes, ${T} thread${T > 1 ? 's' : ''}, ${built.pages} pages of memory; ${built.fused} product epilogue${built.fused === 1 ? '' : 's'} fused`,
    ...built.layout.regions.map((r) => `// memory[${r.byte}..${r.byte + r.length * (F.BYTES_PER_ELEMENT) - 1}]: ${'id' in r.ref ? `${r.ref.kind} ${r.ref.id}` : r.ref.kind} (${r.length})`),
    ...prog.grad.map((s, i) => `// grad step ${i}: ${commentText(s.note)}`),
    ...prog.update.map((s, i) => `// update step ${i}: ${commentText(s.note)}`),
  ].join('\n');
  return {
    grad(p, x, y, g) {
      const loss = runGrad(p, x, y);
      if (g !== G) g.set(G);
      return loss;
    },
    step(p, x, y) {
      const loss = runGrad(p, x, y);
      t += 1;
      uniforms[0] = t === 1 ? 1 : 0;
      uniforms[1] = 1 - Math.pow(b1, t);
      uniforms[2] = Math.sqrt(1 - Math.pow(b2, t));
      go(2);
      exp.update(0);
      if (p !== P) p.set(P);
      return loss;
    },
    reset() {
      t = 0;
      for (const s of states) s.fill(0);
    },
    dispose() {
      if (disposed) return exited;
      if (T > 1) {
        Atomics.store(ctl, 3, 0);
        Atomics.add(ctl, 2, 1);
        Atomics.notify(ctl, 2);
        for (const w of workers) void w.terminate();
      }
      disposed = true;
      return exited;
    },
    buffers: { params: P, grad: G, x: X, y: Y },
    threads: T,
    source,
    bytes: built.bytes.length,
    compileMs: { encode: t1 - t0, compile: t2 - t1 },
  };
}
