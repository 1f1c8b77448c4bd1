/// <reference types="@webgpu/types" preserve="true" />
/**
 * Runs a WebgpuPlan on a GPUDevice: one storage buffer holds the whole memory layout and stays
 * on the device between calls; every kernel is one compute pipeline (identical shaders share
 * one) over one bind group, and a call is one command buffer with all its dispatches in one
 * compute pass. grad() and step() keep the calling convention of the other backends (parameters
 * and data in host arrays, the gradient or the updated parameters copied back); `resident` runs
 * steps on the parameters already on the device and reads back only the loss, until download().
 * Calls are queued one after another, since each maps the same staging buffer.
 */
import { SymgradError } from '../../errors.js';
import type { Kernel, WebgpuPlan } from './kernels.js';
import { SLOT } from './kernels.js';

// GPUBufferUsage / GPUMapMode / GPUShaderStage flags as numbers: Node has no such globals.
const STORAGE = 0x80, COPY_SRC = 0x04, COPY_DST = 0x08, MAP_READ = 0x01, COMPUTE = 0x4;

type Arr = Float64Array | Float32Array;

/** Training with the parameters kept on the device. */
export interface ResidentTraining {
  /** Copy whichever of parameters, x, y are given to the device (y's class indices are checked). */
  upload(p?: Arr, x?: Arr, y?: Arr): void;
  /** One optimizer step on the device's parameters and data; reads back only the loss before it. */
  step(): Promise<number>;
  /** The loss at the device's parameters; with `out`, the gradient too. */
  grad(out?: Arr): Promise<number>;
  /** Copy the device's parameters into `p`. */
  download(p: Arr): Promise<void>;
}

export interface WebgpuRun {
  grad(p: Arr, x: Arr, y: Arr, out: Arr): Promise<number>;
  step(p: Arr, x: Arr, y: Arr): Promise<number>;
  reset(): void;
  readonly resident: ResidentTraining;
  /** Free the device memory, and the device if symgrad acquired it (the closure is unusable afterwards). */
  destroy(): void;
}

export interface RunSizes {
  readonly paramCount: number;
  readonly xLength: number;
  readonly yLength: number;
}

async function pipelines(device: GPUDevice, kernels: readonly Kernel[], layout: GPUPipelineLayout): Promise<GPUComputePipeline[]> {
  const made = new Map<string, Promise<GPUComputePipeline>>();
  const make = (k: Kernel) => {
    let p = made.get(k.code);
    if (!p) {
      const module = device.createShaderModule({ code: k.code });
      p = device.createComputePipelineAsync({ layout, compute: { module, entryPoint: 'main' } }).catch(async (e: unknown) => {
        const info = await module.getCompilationInfo();
        const msg = info.messages.find((m) => m.type === 'error');
        throw new Error(`webgpu: kernel '${k.note}' did not compile: ${msg ? `${msg.lineNum}:${msg.linePos} ${msg.message}` : String(e)}`);
      });
      made.set(k.code, p);
    }
    return p;
  };
  return Promise.all(kernels.map(make));
}

export async function runWebgpu(plan: WebgpuPlan, sizes: RunSizes, device: GPUDevice): Promise<WebgpuRun> {
  const bytes = plan.memory.size * 4;
  if (bytes > device.limits.maxStorageBufferBindingSize || bytes > device.limits.maxBufferSize) {
    throw new SymgradError(`webgpu: this network needs ${bytes} bytes of device memory in one buffer; the device allows ${Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize)}`);
  }
  const P = sizes.paramCount;
  const mem = device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const read = device.createBuffer({ size: (1 + P) * 4, usage: MAP_READ | COPY_DST });
  const bgl = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: COMPUTE, buffer: { type: 'storage' } }] });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bgl] });
  const bind = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: mem } }] });
  const [gradPipes, updatePipes] = await Promise.all([pipelines(device, plan.grad, layout), pipelines(device, plan.update, layout)]);
  const scratch = { p: new Float32Array(P), x: new Float32Array(sizes.xLength), y: new Float32Array(sizes.yLength) };
  let t = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <R>(f: () => Promise<R>): Promise<R> => {
    const r = queue.then(f, f);
    queue = r.catch(() => undefined);
    return r;
  };

  const put = (what: 'p' | 'x' | 'y', a: Arr, offset: number) => {
    const want = scratch[what].length;
    if (a.length !== want) throw new SymgradError(`${what}: expected ${want} values, got ${a.length}`, { field: what });
    const data = a instanceof Float32Array ? a : (scratch[what].set(a), scratch[what]);
    device.queue.writeBuffer(mem, offset * 4, data.buffer, data.byteOffset, want * 4);
  };
  const upload = (p?: Arr, x?: Arr, y?: Arr) => {
    if (y) {
      for (const c of plan.classChecks) {
        for (let r = 0; r < c.rows; r++) {
          const v = y[c.offset + r]!;
          if (!(v >= 0 && v < c.classes && Math.floor(v) === v)) throw new RangeError('cross_entropy: class index out of range');
        }
      }
      put('y', y, plan.memory.y);
    }
    if (p) put('p', p, plan.memory.param);
    if (x) put('x', x, plan.memory.x);
  };
  const encode = (withUpdate: boolean): GPUCommandEncoder => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setBindGroup(0, bind);
    const run = (ks: readonly Kernel[], ps: readonly GPUComputePipeline[]) =>
      ks.forEach((k, i) => {
        pass.setPipeline(ps[i]!);
        pass.dispatchWorkgroups(k.groups[0], k.groups[1], k.groups[2]);
      });
    run(plan.grad, gradPipes);
    if (withUpdate) run(plan.update, updatePipes);
    pass.end();
    return enc;
  };
  /** Submit, then read back the loss and `n` values from `from` (into `into`). */
  const finish = async (enc: GPUCommandEncoder, from: number, into?: Arr): Promise<number> => {
    enc.copyBufferToBuffer(mem, SLOT.loss * 4, read, 0, 4);
    if (into) enc.copyBufferToBuffer(mem, from * 4, read, 4, P * 4);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(1, 0, into ? (1 + P) * 4 : 4);
    const f = new Float32Array(read.getMappedRange(0, into ? (1 + P) * 4 : 4));
    const loss = f[0]!;
    if (into) into.set(f.subarray(1, 1 + P));
    read.unmap();
    return loss;
  };
  const uniforms = () => {
    t += 1;
    const { beta1, beta2 } = plan.uniforms;
    const u = new Float32Array([t === 1 ? 1 : 0, 1 - Math.pow(beta1, t), Math.sqrt(1 - Math.pow(beta2, t))]);
    device.queue.writeBuffer(mem, SLOT.first * 4, u);
  };
  const gradNow = (out?: Arr) => finish(encode(false), plan.memory.grad, out);
  const stepNow = (p?: Arr) => {
    uniforms();
    return finish(encode(true), plan.memory.param, p);
  };

  const resident: ResidentTraining = {
    upload: (p, x, y) => upload(p, x, y),
    step: () => serial(() => stepNow()),
    grad: (out) => serial(() => gradNow(out)),
    download: (p) =>
      serial(async () => {
        if (p.length !== P) throw new SymgradError(`p: expected ${P} values, got ${p.length}`, { field: 'p' });
        const enc = device.createCommandEncoder();
        await finish(enc, plan.memory.param, p);
      }),
  };
  return {
    grad: (p, x, y, out) =>
      serial(() => {
        if (out.length !== P) throw new SymgradError(`out: expected ${P} values, got ${out.length}`, { field: 'out' });
        upload(p, x, y);
        return gradNow(out);
      }),
    step: (p, x, y) =>
      serial(() => {
        upload(p, x, y);
        return stepNow(p);
      }),
    reset: () => {
      t = 0;
      // The state region is contiguous at the end of the layout.
      const first = plan.memory.state[0];
      if (first !== undefined) device.queue.writeBuffer(mem, first * 4, new Float32Array(plan.memory.size - first));
    },
    resident,
    destroy: () => {
      mem.destroy();
      read.destroy();
    },
  };
}
