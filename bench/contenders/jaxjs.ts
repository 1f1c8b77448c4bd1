/**
 * jax-js as a peer: the loss written with its NumPy API (weights stored in × out, JAX's own
 * layout, so the forward product is a plain A·W), differentiated and compiled once with
 * `jit(grad(loss))` on its `wasm` device (init('wasm'); multithreaded when SharedArrayBuffer is
 * there, which Node provides), in float32 — its float64 path needs Node ≥ 22. Each call passes
 * new references to the same parameter and data arrays (jax-js arrays are reference-counted:
 * a call consumes its arguments), waits for the gradient (blockUntilReady) and frees it.
 */
import os from 'node:os';
import type { Workload } from '../workloads.js';
import { skippedBecause, type Contender, type Entry, type Factory } from './types.js';

type Jax = typeof import('@jax-js/jax');
type Arr = import('@jax-js/jax').Array;
type Params = { W: Arr[]; b: Arr[] };

let ready: Promise<Jax> | undefined;

async function loadJax(): Promise<Jax> {
  ready ??= (async () => {
    const jax = await import('@jax-js/jax');
    const got = await jax.init('wasm');
    if (!got.includes('wasm')) throw new Error(`jax-js: the wasm device did not initialise (got ${got.join(', ') || 'none'})`);
    jax.defaultDevice('wasm');
    return jax;
  })();
  return ready;
}

async function contender(w: Workload): Promise<Contender> {
  const t0 = performance.now();
  const jax = await loadJax();
  const { numpy: np, nn } = jax;
  const L = w.sizes.length - 1;
  const W: Arr[] = [], b: Arr[] = [];
  for (let l = 0; l < L; l++) {
    const Wb = w.blocks[2 * l]!, bb = w.blocks[2 * l + 1]!;
    const inOut = new Float32Array(Wb.rows * Wb.cols);
    for (let o = 0; o < Wb.rows; o++) for (let i = 0; i < Wb.cols; i++) inOut[i * Wb.rows + o] = w.params[Wb.offset + o * Wb.cols + i]!;
    W.push(np.array(inOut).reshape([Wb.cols, Wb.rows]));
    b.push(np.array(Float32Array.from(w.params.subarray(bb.offset, bb.offset + bb.cols))));
  }
  const x = np.array(Float32Array.from(w.x)).reshape([w.batch, w.sizes[0]!]);
  const classes = w.sizes[L]!;
  const onehot = new Float32Array(w.batch * classes);
  for (let r = 0; r < w.batch; r++) onehot[r * classes + w.y[r]!] = 1;
  const t = np.array(onehot).reshape([w.batch, classes]);
  const act = (z: Arr): Arr => (w.hidden === 'tanh' ? np.tanh(z) : w.hidden === 'relu' ? nn.relu(z) : nn.sigmoid(z));
  // Every argument is used exactly once (jax-js's ownership rule).
  const loss = (p: Params, xs: Arr, ts: Arr): Arr => {
    let a = xs;
    for (let l = 0; l < L; l++) {
      const z = np.matmul(a, p.W[l]!).add(p.b[l]!);
      a = l + 1 < L ? act(z) : z;
    }
    return nn.logSoftmax(a).mul(ts).sum().mul(-1 / w.batch);
  };
  const g = jax.jit(jax.grad(loss));
  const call = () => g({ W: W.map((v) => v.ref), b: b.map((v) => v.ref) }, x.ref, t.ref) as Params;
  const once = async () => {
    const gs = await jax.blockUntilReady(call());
    return gs;
  };
  jax.tree.dispose(await once()); // compile
  return {
    name: 'jax-js wasm jit(grad)',
    kind: 'peer',
    dtype: 'f32',
    setupSeconds: (performance.now() - t0) / 1000,
    note: `@jax-js/jax 0.1.25, float32, wasm device (multithreaded: SharedArrayBuffer present, ${os.availableParallelism()} cores), weights in × out`,
    async run(reps) {
      for (let i = 0; i < reps; i++) jax.tree.dispose(await once());
    },
    async gradient() {
      const gs = await once();
      const out = new Float64Array(w.params.length);
      for (let l = 0; l < L; l++) {
        const Wb = w.blocks[2 * l]!, bb = w.blocks[2 * l + 1]!;
        const gw = (await gs.W[l]!.ref.data()) as Float32Array;
        for (let o = 0; o < Wb.rows; o++) for (let i = 0; i < Wb.cols; i++) out[Wb.offset + o * Wb.cols + i] = gw[i * Wb.rows + o]!;
        out.set((await gs.b[l]!.ref.data()) as Float32Array, bb.offset);
      }
      jax.tree.dispose(gs);
      return out;
    },
    dispose() {
      jax.tree.dispose({ W, b, x, t });
    },
  };
}

/** jax-js on (b) and (c) (softmax cross-entropy); (a)'s BCE network is left to the other peers. */
export const jaxjsFactory: Factory = async (w) => {
  if (w.loss !== 'cross_entropy') return [];
  try {
    return [await contender(w)] as Entry[];
  } catch (e) {
    return [skippedBecause('jax-js wasm jit(grad)', 'peer', e)];
  }
};
