/**
 * What every emitter of the wasm backend shares: the memory layout fixed at compile time (one
 * region per array of the loop program, 16-byte aligned, plus a control block for threads), the
 * element type, the imported functions, and helpers that load an element of a view as f64 and
 * store an f64 back (float32 programs keep float32 in memory and compute elementwise steps in
 * f64, as the JS backend does). Work is split between threads by `part`: thread `tid` of `T`
 * takes [⌊N·tid/T⌋, ⌊N·(tid+1)/T⌋) of N units, computed in the code at run time.
 */
import type { ArrayRef, LoopProgram, View } from '../loops.js';
import type { Dtype } from '../js.js';
import { Code } from './encode.js';
import { OP_NAMES, type OpName } from '../../expr/ops.js';

/**
 * Ops of the table (src/expr/ops.ts) that steps.ts lowers to the module's own instructions; every
 * other op (sin, erf, atan2, …) is imported from JavaScript as `op_<name>`, evaluated by the op
 * table itself, so an op added to the table works here without a change to this backend.
 */
export const NATIVE_OPS: ReadonlySet<string> = new Set([
  'add', 'sub', 'mul', 'div', 'max', 'min', 'gt', 'ge', 'lt', 'le', 'eq', 'neg', 'sqrt', 'abs', 'exp', 'log', 'tanh',
  'sign', 'pow', 'sigmoid', 'relu', 'leaky_relu', 'softplus', 'where', 'floor', 'ceil', 'trunc', 'round',
]);
export const TABLE_IMPORTS: readonly OpName[] = OP_NAMES.filter((op) => !NATIVE_OPS.has(op));
/** The functions of JavaScript's Math the module imports under their own names. */
export const MATH_IMPORTS = ['exp', 'log', 'tanh', 'pow', 'log1p', 'sign'] as const;
/** Functions the module imports from JavaScript (by index in this order). */
export const IMPORTS: readonly string[] = [...MATH_IMPORTS, 'badClass', ...TABLE_IMPORTS.map((op) => `op_${op}`)];
export type ImportName = string;
/** Functions the module defines after grad and update (math.ts). */
export const OWN = ['exp', 'tanh'] as const;
export const ownIndex = (i: number) => IMPORTS.length + 2 + i;

export interface Layout {
  /** Byte address of each array's first element. */
  readonly base: (a: ArrayRef) => number;
  /** Byte address of the thread control block (barrier counter and generation, go flag). */
  readonly control: number;
  readonly bytes: number;
  readonly regions: ReadonlyArray<{ readonly ref: ArrayRef; readonly byte: number; readonly length: number }>;
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** One region per array: control block, params, grad, x, y, work buffers, optimizer state. */
export function layoutMemory(prog: LoopProgram, elem: number): Layout {
  let next = 64; // 0..63: thread control block
  const regions: Array<{ ref: ArrayRef; byte: number; length: number }> = [];
  const add = (ref: ArrayRef, length: number) => {
    regions.push({ ref, byte: next, length });
    // One spare vector after each region: a vector load never reads past the memory's end.
    next = align16(next + length * elem) + 16;
  };
  add({ kind: 'param' }, prog.paramCount);
  add({ kind: 'grad' }, prog.paramCount);
  add({ kind: 'x' }, prog.batch * prog.inFeatures);
  add({ kind: 'y' }, prog.yLength);
  for (const w of prog.work) add({ kind: 'work', id: w.id }, w.size);
  for (const s of prog.state) add({ kind: 'state', id: s.id }, s.size);
  const key = (a: ArrayRef) => ('id' in a ? `${a.kind}${a.id}` : a.kind);
  const byKey = new Map(regions.map((r) => [key(r.ref), r.byte]));
  return { base: (a) => byKey.get(key(a))!, control: 0, bytes: next, regions };
}

export class Emit {
  /** Element size in bytes. */
  readonly E: number;
  readonly tid: number;
  constructor(
    readonly code: Code,
    readonly layout: Layout,
    readonly dtype: Dtype,
    /** Number of threads the program is compiled for. */
    readonly T: number,
    readonly uniforms: ReadonlyMap<string, number> = new Map(),
  ) {
    this.E = dtype === 'float32' ? 4 : 8;
    this.tid = 0; // parameter 0 of every exported function
  }

  /** Static byte address of element `index` of a view. */
  addr(v: View, index = 0): number {
    return this.layout.base(v.array) + (v.offset + index) * this.E;
  }

  /** Push element (byteLocal + static index) of `v`, as f64. byteLocal < 0: static address. */
  load(v: View, byteLocal: number, index = 0): void {
    const c = this.code;
    if (byteLocal >= 0) c.get(byteLocal);
    else c.i32(0);
    if (this.E === 4) c.mem('f32.load', this.addr(v, index)).op('f64.promote_f32');
    else c.mem('f64.load', this.addr(v, index));
  }

  /** Store the f64 in `valueLocal` at (byteLocal + static index) of `v`. */
  store(v: View, byteLocal: number, index: number, valueLocal: number): void {
    const c = this.code;
    if (byteLocal >= 0) c.get(byteLocal);
    else c.i32(0);
    c.get(valueLocal);
    if (this.E === 4) c.op('f32.demote_f64').mem('f32.store', this.addr(v, index));
    else c.mem('f64.store', this.addr(v, index));
  }

  /** Call a function: exp and tanh are the module's own (math.ts), the rest imported from Math. */
  call(name: ImportName): void {
    const own = OWN.indexOf(name as (typeof OWN)[number]);
    const imported = IMPORTS.indexOf(name);
    if (own < 0 && imported < 0) throw new Error(`wasm backend: no function ${name}`);
    this.code.call(own >= 0 ? ownIndex(own) : imported);
  }

  /**
   * Set lo/hi (i32 locals) to this thread's share of `n` units, then run body. With one thread
   * the bounds are constants. Units are counted by the caller (rows, row blocks, elements).
   */
  part(n: number, lo: number, hi: number): void {
    const c = this.code;
    if (this.T === 1) {
      c.i32(0).set(lo).i32(n).set(hi);
      return;
    }
    c.get(this.tid).i32(n).op('i32.mul').i32(this.T).op('i32.div_u').set(lo);
    c.get(this.tid).i32(1).op('i32.add').i32(n).op('i32.mul').i32(this.T).op('i32.div_u').set(hi);
  }

  /** for (i = lo; i < hi; i += step) body(), with lo, hi locals (possibly empty). */
  loopLocals(i: number, lo: number, hi: number, step: number, body: () => void): void {
    const c = this.code;
    c.get(lo).tee(i).get(hi).op('i32.lt_s').begin('if').begin('loop');
    body();
    c.get(i).i32(step).op('i32.add').tee(i).get(hi).op('i32.lt_s').br(0, true);
    c.op('end').op('end');
  }

  /**
   * Rows 0..m in blocks of R, split between threads by block: band(R, i) for each full block at
   * row local i, then band(m mod R, i) for the leftover rows, run by the thread whose share ends
   * with them.
   */
  rowBlocks(m: number, R: number, band: (rows: number, i: number) => void): void {
    const c = this.code;
    const nb = Math.floor(m / R);
    const remRows = m % R;
    const units = nb + (remRows ? 1 : 0);
    const [lo, hi, i] = [c.local('i32'), c.local('i32'), c.local('i32')];
    this.part(units, lo, hi);
    if (nb > 0) {
      const end = c.local('i32');
      // Full row blocks in [lo, min(hi, nb)).
      c.get(hi).i32(nb).get(hi).i32(nb).op('i32.lt_s').op('select').set(end);
      c.get(lo).i32(R).op('i32.mul').set(lo);
      c.get(end).i32(R).op('i32.mul').set(end);
      this.loopLocals(i, lo, end, R, () => band(R, i));
    }
    if (remRows) {
      c.get(hi).i32(units).op('i32.eq').begin('if');
      c.i32(nb * R).set(i);
      band(remRows, i);
      c.op('end');
    }
  }

  /** Run body only on thread 0 (serial steps). */
  onlyFirst(body: () => void): void {
    if (this.T === 1) {
      body();
      return;
    }
    this.code.get(this.tid).op('i32.eqz').begin('if');
    body();
    this.code.op('end');
  }
}
