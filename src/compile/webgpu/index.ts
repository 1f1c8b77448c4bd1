/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend: plan the LoopProgram's WGSL kernels (kernels.ts, pure), take a device
 * (device.ts: the caller's, the browser's navigator.gpu, or Node's optional `webgpu` package)
 * and build the pipelines (runtime.ts). Computation is float32 (WGSL has no float64); the
 * result's `mode` names the adapter, e.g. `webgpu:google swiftshader (fallback adapter: software
 * rendering, not GPU speed)`, and `source` is every kernel's WGSL in dispatch order.
 */
import { commentText } from '../literal.js';
import type { LoopProgram } from '../loops.js';
import { acquireDevice, adapterText, type AdapterLabel } from './device.js';
import { planWebgpu, type WebgpuPlan } from './kernels.js';
import { runWebgpu, type WebgpuRun } from './runtime.js';

export type { AdapterLabel } from './device.js';
export type { ResidentTraining } from './runtime.js';
export { planWebgpu } from './kernels.js';

export interface WebgpuCompiled extends WebgpuRun {
  readonly source: string;
  readonly mode: string;
  readonly adapter: AdapterLabel;
}

/** All kernels as one text, each introduced by its place and dispatch size. */
export function planSource(plan: WebgpuPlan): string {
  const part = (k: WebgpuPlan['grad'][number], i: number, phase: string) =>
    `// ---- ${phase} kernel ${i}: ${commentText(k.note)}; workgroups ${k.groups.join(' x ')}\n${k.code}`;
  return [
    `// memory: one f32 buffer of ${plan.memory.size} values; loss at 0, params at ${plan.memory.param}, grad at ${plan.memory.grad}, x at ${plan.memory.x}, y at ${plan.memory.y}`,
    ...plan.grad.map((k, i) => part(k, i, 'grad')),
    ...plan.update.map((k, i) => part(k, i, 'step')),
  ].join('\n');
}

export async function compileWebgpu(prog: LoopProgram, opts: { header: readonly string[]; device?: GPUDevice }): Promise<WebgpuCompiled> {
  const plan = planWebgpu(prog, opts.header);
  const { device, adapter } = await acquireDevice(opts.device);
  const run = await runWebgpu(plan, { paramCount: prog.paramCount, xLength: prog.batch * prog.inFeatures, yLength: prog.yLength }, device);
  // A device we acquired is ours to release too; a caller's device stays theirs.
  const destroy = () => {
    run.destroy();
    if (!opts.device) device.destroy();
  };
  return { ...run, destroy, source: planSource(plan), mode: `webgpu:${adapterText(adapter)}`, adapter };
}
