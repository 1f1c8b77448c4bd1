/**
 * The playground's backends: each computes the loss, the gradient of every parameter and the
 * loss over N optimizer steps. 'js' is the compiled closure (compileGradient, generated code run
 * through `new Function`); 'wasm' the WebAssembly SIMD128 module (one thread; no generated
 * JavaScript, so it runs under a strict Content-Security-Policy that allows 'wasm-unsafe-eval');
 * 'interpreter' evaluates the expressions directly (train). Others ('webgpu') plug in with
 * `registerBackend`; one that is missing or fails to start falls back — 'js', then the
 * interpreter — and the page says what ran and why.
 */
import { compileGradient, compileGradientAsync, paramLayout, train, type CompileOptions, type NetworkSpec } from '../../src/index.js';
import { simdSupported } from '../../src/compile/wasm/index.js';

export interface Run {
  readonly loss: number;
  /** ∂L/∂θ at the initial parameters, flat in paramLayout order. */
  readonly grad: Float64Array;
  /** The parameters after all the steps, flat. */
  readonly after: Float64Array;
  /** losses[k]: the loss after k steps (losses[0]: before training). */
  readonly losses: number[];
  /** What really ran, e.g. 'js (js-scalar)'. */
  readonly ran: string;
}

export interface Backend {
  readonly id: string;
  /** Why it cannot run here, or undefined when it can. */
  unavailable(): string | undefined;
  run(spec: NetworkSpec, steps: number): Run | Promise<Run>;
}

const registry = new Map<string, Backend>();

export function registerBackend(b: Backend): void {
  registry.set(b.id, b);
}

export const backendIds = (): string[] => [...registry.keys()];

const flat = (t: unknown): number[] => [t].flat(3) as number[];

/** A compiled closure's run: loss and gradient at the start, then `steps` optimizer steps. */
function compiledRun(spec: NetworkSpec, steps: number, opts: CompileOptions, name: string): Run {
  const c = compileGradient(spec, opts);
  try {
    const p = c.initialParams();
    const { x, y } = c.data();
    const grad = new Float64Array(c.layout.paramCount);
    const loss = c.grad(p, x, y, grad);
    const scratch = new Float64Array(c.layout.paramCount);
    const losses = [loss];
    for (let k = 0; k < steps; k++) {
      c.step(p, x, y);
      losses.push(c.grad(p, x, y, scratch));
    }
    return { loss, grad, after: Float64Array.from(p), losses, ran: `${name} (${c.mode})` };
  } finally {
    void c.dispose?.();
  }
}

registerBackend({ id: 'js', unavailable: () => undefined, run: (spec, steps) => compiledRun(spec, steps, { backend: 'js' }, 'js') });

registerBackend({
  id: 'wasm',
  unavailable: () => (typeof WebAssembly === 'object' && simdSupported() ? undefined : 'this browser lacks WebAssembly SIMD128'),
  run: (spec, steps) => compiledRun(spec, steps, { backend: 'wasm', threads: 1 }, 'wasm'),
});

registerBackend({
  id: 'interpreter',
  unavailable: () => undefined,
  run(spec, steps) {
    const r = train(spec, { steps });
    const layout = paramLayout(spec);
    const pick = (d: Record<string, unknown>) => Float64Array.from(layout.entries.flatMap((e) => (d[e.key] == null ? new Array<number>(e.size).fill(0) : flat(d[e.key]))));
    return { loss: r.loss, grad: pick(r.grad), after: pick(r.params_after), losses: [r.loss, ...r.losses], ran: 'interpreter' };
  },
});


/**
 * WebGPU (src/compile/webgpu): float32 WGSL kernels on navigator.gpu's adapter. The steps run on
 * parameters kept on the device (only the loss comes back per step); the device is released
 * after each run. A browser without WebGPU, or one whose requestAdapter() answers nothing, falls
 * back with the reason.
 */
registerBackend({
  id: 'webgpu',
  unavailable: () => ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu ? undefined : 'webgpu: this browser has no navigator.gpu'),
  async run(spec, steps) {
    const c = await compileGradientAsync(spec, { backend: 'webgpu' });
    try {
      const p = c.initialParams();
      const { x, y } = c.data();
      const g = new Float32Array(c.layout.paramCount);
      const loss = await c.grad(p, x, y, g);
      const resident = c.resident!;
      resident.upload(p, x, y);
      const losses: number[] = [];
      for (let k = 0; k < steps; k++) losses.push(await resident.step());
      losses.push(await resident.grad());
      await resident.download(p);
      return { loss, grad: Float64Array.from(g), after: Float64Array.from(p), losses, ran: `webgpu (${c.adapter ?? 'adapter'}, float32)` };
    } finally {
      c.destroy?.();
    }
  },
});

/** Run on the backend asked for, falling back when it is missing or blocked. */
export async function runOn(asked: string, spec: NetworkSpec, steps: number): Promise<Run & { note: string }> {
  // wasm is the backend for pages that forbid generated JavaScript: it falls back to the interpreter, never to js
  const order = [asked, ...(asked === 'wasm' ? [] : ['js']), 'interpreter'].filter((id, i, a) => a.indexOf(id) === i && registry.has(id));
  const notes: string[] = [];
  for (const id of order) {
    const b = registry.get(id)!;
    const why = b.unavailable();
    if (why) {
      notes.push(why);
      continue;
    }
    try {
      const r = await b.run(spec, steps);
      return { ...r, note: notes.join('; ') };
    } catch (e) {
      // generated code blocked by the page's Content-Security-Policy: an EvalError
      if (!(e instanceof EvalError)) throw e;
      notes.push(`${id}: generated code is blocked here (Content-Security-Policy)`);
    }
  }
  throw new Error('no backend could run');
}
