/**
 * TensorFlow.js as a peer, on its `cpu` backend (plain JS kernels) and its `wasm` backend (the
 * XNNPACK kernels compiled to WebAssembly, loaded from node_modules — no network; its thread
 * pool sized to every core with setThreadsCount before the backend starts, as its README
 * recommends). Each backend runs two ways: `tf.variableGrads` (autodiff, what a TF.js user
 * writes) and a hand-written backward pass with explicit transposes (dW = dZᵀ·A, dA = dZ·W),
 * with nn.Linear's weight layout (out × in, so the forward product reads Wᵀ). On wasm both also
 * run in TF.js's fast layout: weights stored in × out, so the forward pass is a plain A·W
 * (XNNPACK is far slower with a transposed operand). TF.js computes in float32.
 * The gradients stay tensors (as a training step would use them) and are disposed each call.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Workload } from '../workloads.js';
import { skippedBecause, type Contender, type Entry, type Factory } from './types.js';

type Backend = 'cpu' | 'wasm';

let wasmConfigured = false;

/** Points the wasm backend at the .wasm files shipped in node_modules. */
function configureWasm(): void {
  if (wasmConfigured) return;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(dir + path.sep);
  setThreadsCount(os.availableParallelism());
  wasmConfigured = true;
}

async function useBackend(b: Backend): Promise<void> {
  if (tf.getBackend() === b) return;
  if (b === 'wasm') configureWasm();
  if (!(await tf.setBackend(b))) throw new Error(`TF.js backend '${b}' did not initialise`);
}

interface Net {
  /** Variables in canonical order: W0, b0, W1, b1, … (W is out × in, as nn.Linear; in × out in the fast layout). */
  readonly vars: tf.Variable[];
  /** Weights stored in × out (TF.js's fast layout: the forward product needs no transpose). */
  readonly inOut: boolean;
  readonly X: tf.Tensor2D;
  /** BCE targets (batch × out) or one-hot class labels (batch × classes). */
  readonly T: tf.Tensor2D;
}

function buildNet(w: Workload, inOut: boolean): Net {
  const vars = w.blocks.map((b) => {
    const values = Float32Array.from(w.params.subarray(b.offset, b.offset + b.rows * b.cols));
    if (!b.name.endsWith('weight')) return tf.variable(tf.tensor1d(values));
    const W = tf.tensor2d(values, [b.rows, b.cols]);
    if (!inOut) return tf.variable(W);
    const Wt = tf.transpose(W);
    W.dispose();
    return tf.variable(Wt);
  });
  const X = tf.tensor2d(Float32Array.from(w.x), [w.batch, w.sizes[0]!]);
  const classes = w.sizes[w.sizes.length - 1]!;
  const T = w.loss === 'bce'
    ? tf.tensor2d(Float32Array.from(w.y), [w.batch, classes])
    : tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(w.y), 'int32'), classes).toFloat() as tf.Tensor2D);
  return { vars, X, T, inOut };
}

function activate(w: Workload, z: tf.Tensor2D): tf.Tensor2D {
  return w.hidden === 'tanh' ? tf.tanh(z) : w.hidden === 'relu' ? tf.relu(z) : tf.sigmoid(z);
}

/** Forward pass to the logits; Z and A of every layer are kept for the manual backward pass. */
function forward(w: Workload, net: Net): { Z: tf.Tensor2D[]; A: tf.Tensor2D[] } {
  const Z: tf.Tensor2D[] = [], A: tf.Tensor2D[] = [net.X];
  const L = w.sizes.length - 1;
  for (let l = 0; l < L; l++) {
    const z = tf.add(tf.matMul(A[l]!, net.vars[2 * l]!, false, !net.inOut), net.vars[2 * l + 1]!) as tf.Tensor2D;
    Z.push(z);
    A.push(l + 1 < L ? activate(w, z) : z);
  }
  return { Z, A };
}

function loss(w: Workload, net: Net): tf.Scalar {
  const { Z } = forward(w, net);
  const z = Z[Z.length - 1]!;
  if (w.loss === 'cross_entropy') return tf.losses.softmaxCrossEntropy(net.T, z) as tf.Scalar;
  // L = −mean(y log ŷ + (1 − y) log(1 − ŷ)), ŷ = σ(z)
  const yh = tf.sigmoid(z);
  return tf.neg(tf.mean(tf.add(tf.mul(net.T, tf.log(yh)), tf.mul(tf.sub(1, net.T), tf.log(tf.sub(1, yh)))))) as tf.Scalar;
}

function autodiffGrads(w: Workload, net: Net): tf.Tensor[] {
  const { value, grads } = tf.variableGrads(() => loss(w, net), net.vars);
  value.dispose();
  return net.vars.map((v) => grads[v.name]!);
}

/** The backward pass by hand, with explicit transposes. */
function manualGrads(w: Workload, net: Net): tf.Tensor[] {
  return tf.tidy(() => {
    const { Z, A } = forward(w, net);
    const L = Z.length;
    const zL = Z[L - 1]!;
    // BCE∘σ and cross-entropy∘softmax share ∂L/∂z = (ŷ − t) / B
    const yh = w.loss === 'bce' ? tf.sigmoid(zL) : tf.softmax(zL);
    let dZ = tf.div(tf.sub(yh, net.T), w.batch) as tf.Tensor2D;
    const grads: tf.Tensor[] = [];
    for (let l = L - 1; l >= 0; l--) {
      // dW = dZᵀ·A_{l−1} (in the fast layout dWᵀ = A_{l−1}ᵀ·dZ)
      grads[2 * l] = net.inOut ? tf.matMul(tf.transpose(A[l]!), dZ) : tf.matMul(tf.transpose(dZ), A[l]!);
      grads[2 * l + 1] = tf.sum(dZ, 0); // db = Σ_b dZ
      if (l === 0) break;
      const dA = tf.matMul(dZ, net.vars[2 * l]!, false, net.inOut) as tf.Tensor2D; // dA = dZ·W
      const a = A[l]!, z = Z[l - 1]!;
      // tanh' = 1 − a², relu' = [z > 0], σ' = a(1 − a)
      const slope = w.hidden === 'tanh' ? tf.sub(1, tf.square(a)) : w.hidden === 'relu' ? tf.cast(tf.greater(z, 0), 'float32') : tf.mul(a, tf.sub(1, a));
      dZ = tf.mul(dA, slope) as tf.Tensor2D;
    }
    return grads;
  });
}

type Method = 'variableGrads' | 'manual backward';

async function contender(w: Workload, backend: Backend, method: Method, inOut = false): Promise<Contender> {
  const t0 = performance.now();
  await useBackend(backend);
  const net = buildNet(w, inOut);
  const grads = method === 'variableGrads' ? autodiffGrads : manualGrads;
  const enter = () => useBackend(backend);
  // a leak would make later samples slower and the process grow: check once up front
  const before = tf.memory().numTensors;
  tf.dispose(grads(w, net));
  if (tf.memory().numTensors !== before) throw new Error(`TF.js ${method} leaks tensors`);
  const flags = backend === 'wasm'
    ? `simd ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, multithread build ${String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}, threads ${getThreadsCount()}${inOut ? ', weights in × out' : ''}`
    : 'plain JS kernels, 1 thread';
  return {
    name: `TF.js ${backend} ${method}${inOut ? ' fast layout' : ''}`,
    kind: 'peer',
    dtype: 'f32',
    setupSeconds: (performance.now() - t0) / 1000,
    note: `tfjs ${tf.version.tfjs}, ${flags}`,
    enter,
    run(reps) {
      for (let i = 0; i < reps; i++) tf.dispose(grads(w, net));
    },
    async gradient() {
      await enter();
      const gs = grads(w, net);
      const out = new Float64Array(w.params.length);
      w.blocks.forEach((b, k) => {
        const weightIn = net.inOut && b.name.endsWith('weight');
        const t = weightIn ? tf.transpose(gs[k]!) : gs[k]!;
        out.set(t.dataSync(), b.offset);
        if (weightIn) t.dispose();
      });
      tf.dispose(gs);
      return out;
    },
    dispose() {
      tf.dispose([...net.vars, net.X, net.T]);
    },
  };
}

export const tfjsFactory: Factory = async (w) => {
  const entries: Entry[] = [];
  const variants = [['cpu', false], ['wasm', false], ['wasm', true]] as const;
  for (const [backend, inOut] of variants) {
    for (const method of ['variableGrads', 'manual backward'] as const) {
      try {
        entries.push(await contender(w, backend, method, inOut));
      } catch (e) {
        entries.push(skippedBecause(`TF.js ${backend} ${method}${inOut ? ' fast layout' : ''}`, 'peer', e));
      }
    }
  }
  return entries;
};
