/**
 * The browser side of the WebGPU tests, bundled by esbuild into the test page: the WGSL
 * generator (planWebgpu), the runtime and the device acquisition, exactly as shipped, behind one
 * function the test calls through page.evaluate. A lowered program arrives as JSON (lowering
 * itself happens in Node, where the network file's formulas are parsed), becomes WGSL here, and
 * runs on navigator.gpu's adapter.
 */
import { planWebgpu } from '../../src/compile/webgpu/kernels.js';
import { runWebgpu } from '../../src/compile/webgpu/runtime.js';
import { acquireDevice } from '../../src/compile/webgpu/device.js';
import type { LoopProgram } from '../../src/compile/loops.js';
import { fromPortable, type Case, type CaseResult } from './portable.js';

let acquired: ReturnType<typeof acquireDevice> | undefined;

async function runCase(c: Case): Promise<CaseResult> {
  const prog = fromPortable(c.program) as LoopProgram;
  const plan = planWebgpu(prog, ['test']);
  const { device, adapter } = await (acquired ??= acquireDevice());
  const run = await runWebgpu(plan, { paramCount: prog.paramCount, xLength: prog.batch * prog.inFeatures, yLength: prog.yLength }, device);
  const F = Float32Array;
  const p = F.from(c.params), x = F.from(c.x), y = F.from(c.y);
  const g = new F(prog.paramCount);
  const loss = await run.grad(p, x, y, g);
  // Resident training: upload once, step without reading parameters back, download at the end.
  run.reset();
  run.resident.upload(F.from(c.params), x, y);
  const losses: number[] = [];
  for (let s = 0; s < c.steps; s++) losses.push(await run.resident.step());
  const after = new F(prog.paramCount);
  await run.resident.download(after);
  // The host-array step() of the common calling convention, for comparison.
  run.reset();
  const q = F.from(c.params);
  for (let s = 0; s < c.steps; s++) await run.step(q, x, y);
  run.destroy();
  return { loss, grad: [...g], losses, after: [...after], afterHostSteps: [...q], adapter, kernels: plan.grad.length + plan.update.length };
}

(globalThis as unknown as { runCase: typeof runCase }).runCase = runCase;
document.title = 'ready';
