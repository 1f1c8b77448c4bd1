/**
 * A LoopProgram as one WebAssembly module: `grad(tid) → L` runs the gradient steps (products
 * with their fused epilogues, maps, row-wise steps) and `update(tid)` the optimizer's maps,
 * reading its per-call uniforms (first step, bias corrections) from the control block. Both run
 * on every thread at once, each taking its share of every split step; with T > 1 threads a
 * barrier follows each step (a counter and a generation in shared memory: spin briefly, then
 * memory.atomic.wait32; the last thread to arrive bumps the generation and notifies).
 */
import type { LoopProgram, Step, View } from '../loops.js';
import type { Dtype } from '../js.js';
import { Code, encodeModule, type FuncImport } from './encode.js';
import { Emit, IMPORTS, layoutMemory, ownIndex, type Layout } from './context.js';
import { expFunction, tanhFunction } from './math.js';
import { emitMatmul } from './matmul.js';
import { emitOuter, type OuterProduct } from './outer.js';
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

type Outer = OuterProduct & { readonly kind: 'outer'; readonly note: string };
type Planned = Step | Outer;

/** The views a step reads. */
function reads(s: Planned): View[] {
  switch (s.kind) {
    case 'matmulNT': case 'outer': return [s.a, s.b, ...(s.bias ? [s.bias.view] : [])];
    case 'map': return s.inputs.filter((v): v is View => !('uniform' in v));
    case 'transpose': case 'softmax': case 'colSum': case 'broadcast': case 'rowSum': return [s.in];
    case 'onehot': return [s.target];
    case 'xentRows': return [s.logits, s.q];
    case 'loss': return [s.view];
    case 'zero': return [];
  }
}

const sameArray = (a: View, b: View) => a.array.kind === b.array.kind && ('id' in a.array ? a.array.id : -1) === ('id' in b.array ? b.array.id : -1);

/**
 * Products whose B operand the lowering transposed (B′ = Bᵀ, to keep the JS backend's inner loop
 * contiguous) become outer products reading B row-major in place, and an A operand transposed
 * the same way is read strided; transposes no step reads any more are dropped.
 */
export function plan(steps: readonly Step[]): Planned[] {
  const transposeOf = (v: View) => steps.find((t): t is Extract<Step, { kind: 'transpose' }> => t.kind === 'transpose' && sameArray(t.out, v) && t.out.offset === v.offset);
  const out: Planned[] = steps.map((s) => {
    if (s.kind !== 'matmulNT') return s;
    const tb = transposeOf(s.b);
    if (!tb || tb.rows !== s.k || tb.cols !== s.n) return s;
    const ta = transposeOf(s.a);
    const aT = !!ta && ta.rows === s.k && ta.cols === s.m;
    return { kind: 'outer', out: s.out, a: aT ? ta.in : s.a, aT, b: tb.in, m: s.m, n: s.n, k: s.k, ...(s.bias ? { bias: s.bias } : {}), note: s.note };
  });
  const read = out.flatMap((s) => (s.kind === 'transpose' ? [] : reads(s)));
  return out.filter((s) => s.kind !== 'transpose' || read.some((v) => sameArray(v, s.out)));
}

/**
 * Whether `map` (the step right after product `mm`) can run in mm's epilogue: it covers exactly
 * mm's output, reads it element for element (no other element of it), and stores nowhere mm
 * reads (so no product sees a value the map has already overwritten).
 */
function fusable(mm: Extract<Planned, { kind: 'matmulNT' | 'outer' }>, map: Planned | undefined): map is Extract<Step, { kind: 'map' }> {
  if (!map || map.kind !== 'map' || map.n !== mm.m * mm.n) return false;
  const ins = reads(map);
  const readsOut = ins.some((v) => sameArray(v, mm.out) && v.offset === mm.out.offset);
  const otherOut = ins.some((v) => sameArray(v, mm.out) && v.offset !== mm.out.offset);
  const clobbers = map.stores.some((st) => st !== null && reads(mm).some((r) => sameArray(r, st)));
  return readsOut && !otherOut && !clobbers;
}

/** The steps in order, each product taking its elementwise successor when it can. */
function emitSteps(e: Emit, steps: readonly Planned[], loss: number, T: number): number {
  let fused = 0;
  const serial = (s: Planned) => !['matmulNT', 'outer', 'map', 'transpose', 'zero'].includes(s.kind);
  for (let k = 0; k < steps.length; k++) {
    const s = steps[k]!;
    if (s.kind === 'matmulNT' || s.kind === 'outer') {
      const next = steps[k + 1];
      const epilogue = fusable(s, next) ? next : undefined;
      if (s.kind === 'outer') emitOuter(e, s, epilogue);
      else emitMatmul(e, s, epilogue);
      if (epilogue) {
        fused++;
        k++;
      }
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
  const fused = emitSteps(new Emit(grad, layout, dtype, T), plan(prog.grad), loss, T);
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
  const bytes = encodeModule({ imports, memory: { pages, shared: T > 1 }, funcs: [
    { name: 'grad', code: grad }, { name: 'update', code: update },
    { name: 'exp', code: expFunction() }, { name: 'tanh', code: tanhFunction(ownIndex(0)) },
  ] });
  return { bytes, layout, pages, fused };
}
