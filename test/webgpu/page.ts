/**
 * The browser side of the WebGPU tests, bundled by esbuild into the test page: the WGSL
 * generator (planWebgpu), the runtime and the device acquisition, exactly as shipped, behind one
 * function the test calls through page.evaluate. A lowered program arrives as JSON (lowering
 * itself happens in Node, where the network file's formulas are parsed), becomes WGSL here, and
 * runs on navigator.gpu's adapter. The benchmark uses the same page to time gradients there.
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

// The benchmark's side (bench/contenders/webgpu.ts): a prepared gradient timed inside the page.
const prepared = new Map<number, { grad: () => Promise<number>; g: Float32Array; destroy: () => void }>();

async function benchPrepare(c: Omit<Case, 'steps'>): Promise<{ id: number; adapter: CaseResult['adapter'] }> {
  const prog = fromPortable(c.program) as LoopProgram;
  const { device, adapter } = await (acquired ??= acquireDevice());
  const run = await runWebgpu(planWebgpu(prog), { paramCount: prog.paramCount, xLength: prog.batch * prog.inFeatures, yLength: prog.yLength }, device);
  const p = Float32Array.from(c.params), x = Float32Array.from(c.x), y = Float32Array.from(c.y), g = new Float32Array(prog.paramCount);
  const id = prepared.size + 1;
  prepared.set(id, { grad: () => run.grad(p, x, y, g), g, destroy: run.destroy });
  return { id, adapter };
}

/** `reps` gradients one after another, each read back (parameters and data uploaded each time). */
async function benchRun(id: number, reps: number): Promise<number> {
  const b = prepared.get(id)!;
  let s = 0;
  for (let i = 0; i < reps; i++) s += await b.grad();
  return s;
}

async function benchGradient(id: number): Promise<number[]> {
  const b = prepared.get(id)!;
  await b.grad();
  return [...b.g];
}

Object.assign(globalThis, { benchPrepare, benchRun, benchGradient });
document.title = 'ready';
