/**
 * A LoopProgram as one WebAssembly module: `grad(tid) → L` runs the gradient steps (products
 * with their fused epilogues, maps, row-wise steps) and `update(tid)` the optimizer's maps,
 * reading its per-call uniforms (first step, bias corrections) from the control block. Both run
 * on every thread at once, each taking its share of every split step; with T > 1 threads a
 * barrier follows each step (a counter and a generation in shared memory: spin briefly, then
 * memory.atomic.wait32; the last thread to arrive bumps the generation and notifies).
 */
import type { LoopProgram, Step } from '../loops.js';
import type { Dtype } from '../js.js';
import { Code, encodeModule, type FuncImport } from './encode.js';
import { Emit, IMPORTS, layoutMemory, type Layout } from './context.js';
import { emitMatmul, fusable } from './matmul.js';
import { emitStep } from './steps.js';

/** Control block (byte addresses): barrier counter, generation; worker go counter, command; uniforms. */
export const CTL = { count: 0, gen: 4, go: 8, cmd: 12, uFirst: 16, uBc1: 24, uBc2: 32 } as const;
const SPIN = 4000;

export interface BuiltModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly layout: Layout;
  readonly pages: number;
  /** Products whose elementwise successor runs in their epilogue. */
  readonly fused: number;
}

function barrier(c: Code, T: number): void {
  const [gen, spins] = [c.local('i32'), c.local('i32')];
  c.i32(0).atomic('i32.atomic.load', CTL.gen).set(gen);
  c.i32(0).i32(1).atomic('i32.atomic.rmw.add', CTL.count).i32(T - 1).op('i32.eq').begin('if');
  c.i32(0).i32(0).atomic('i32.atomic.store', CTL.count);
  c.i32(0).i32(1).atomic('i32.atomic.rmw.add', CTL.gen).op('drop');
  c.i32(0).i32(T).atomic('memory.atomic.notify', CTL.gen).op('drop');
  c.op('else');
  c.i32(0).set(spins);
  c.begin('block').begin('loop');
  c.i32(0).atomic('i32.atomic.load', CTL.gen).get(gen).op('i32.ne').br(1, true);
  c.get(spins).i32(1).op('i32.add').tee(spins).i32(SPIN).op('i32.gt_s').begin('if');
  c.i32(0).get(gen).i64MinusOne().atomic('memory.atomic.wait32', CTL.gen).op('drop');
  c.op('end');
  c.br(0);
  c.op('end').op('end');
  c.op('end');
}

/** The steps in order, each product taking its elementwise successor when it can. */
function emitSteps(e: Emit, steps: readonly Step[], loss: number, T: number): number {
  let fused = 0;
  const serial = (s: Step) => !['matmulNT', 'map', 'transpose', 'zero'].includes(s.kind);
  for (let k = 0; k < steps.length; k++) {
    const s = steps[k]!;
    if (s.kind === 'matmulNT') {
      const next = steps[k + 1];
      if (fusable(s, next)) {
        emitMatmul(e, s, next);
        fused++;
        k++;
      } else emitMatmul(e, s);
    } else emitStep(e, s, loss);
    const following = steps[k + 1];
    if (T > 1 && !(serial(s) && following && serial(following))) barrier(e.code, T);
  }
  return fused;
}

export function buildModule(prog: LoopProgram, dtype: Dtype, T: number): BuiltModule {
  const E = dtype === 'float32' ? 4 : 8;
  const layout = layoutMemory(prog, E);
  const pages = Math.max(1, Math.ceil(layout.bytes / 65536));
  const grad = new Code(['i32'], ['f64']);
  const loss = grad.local('f64');
  const fused = emitSteps(new Emit(grad, layout, dtype, T), prog.grad, loss, T);
  if (T > 1 && prog.grad.length === 0) barrier(grad, T);
  grad.get(loss);
  const update = new Code(['i32'], []);
  const uniforms = new Map<string, number>();
  for (const [name, at] of [['first', CTL.uFirst], ['bc1', CTL.uBc1], ['bc2sqrt', CTL.uBc2]] as const) {
    const l = update.local('f64');
    update.i32(0).mem('f64.load', at).set(l);
    uniforms.set(name, l);
  }
  emitSteps(new Emit(update, layout, dtype, T, uniforms), prog.update, update.local('f64'), T);
  if (T > 1 && prog.update.length === 0) barrier(update, T);
  const f64 = ['f64'] as const;
  const imports: FuncImport[] = IMPORTS.map((name) => ({
    module: 'm', name,
    params: name === 'pow' ? ['f64', 'f64'] : name === 'badClass' ? [] : f64,
    results: name === 'badClass' ? [] : f64,
  }));
  const bytes = encodeModule({ imports, memory: { pages, shared: T > 1 }, funcs: [{ name: 'grad', code: grad }, { name: 'update', code: update }] });
  return { bytes, layout, pages, fused };
}
