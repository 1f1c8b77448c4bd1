/**
 * The wasm backend's second product kernel, for the backward pass's forms δᵀ·A (∂L/∂W) and δ·W
 * (∂L/∂A): C = op(A)·B with B row-major k×n, read in place — no transpose of the activations
 * or weights. SIMD lanes run along C's columns: each step of q splats R elements of op(A)
 * (v128.loadN_splat; op(A) is A itself, m×k, or A stored k×m for δᵀ) and loads V vectors of
 * row q of B, updating R×V vector accumulators (register blocking), which are stored as whole
 * vectors — no lane sums. Leftover vectors get a narrower block; the n mod lanes leftover
 * columns a scalar one. Rows are split between threads in blocks of R. The epilogue (bias,
 * fused elementwise map) is the same as the A·Bᵀ kernel's.
 */
import type { Step, View } from '../loops.js';
import type { Emit } from './context.js';
import { emitMapElement } from './steps.js';

type MapStep = Extract<Step, { kind: 'map' }>;

/** C (m×n) = op(A)·B: op(A)[i,q] is a[i·k + q], or a[q·m + i] when aT (A stored k×m). */
export interface OuterProduct {
  readonly out: View; readonly a: View; readonly aT: boolean; readonly b: View;
  readonly m: number; readonly n: number; readonly k: number;
  readonly bias?: { readonly view: View; readonly shared: boolean };
}

/** Rows × vectors per pass (8 accumulators; 2×4 measured at least as fast as 4×2, 3×3, 6×2). */
export const OUTER_BLOCK = { R: 2, V: 4 } as const;

export function emitOuter(e: Emit, s: OuterProduct, epilogue?: MapStep): void {
  e.rowBlocks(s.m, OUTER_BLOCK.R, (r, i) => band(e, s, r, i, epilogue));
}

function band(e: Emit, s: OuterProduct, r: number, i: number, epilogue?: MapStep): void {
  const c = e.code;
  const L = 16 / e.E;
  const { V } = OUTER_BLOCK;
  const nv = Math.floor(s.n / L);
  const full = Math.floor(nv / V);
  const j = c.local('i32');
  if (full > 0) c.forRange(j, 0, full * V * L, V * L, () => block(e, s, r, V, i, j, epilogue));
  if (nv % V) {
    c.i32(full * V * L).set(j);
    block(e, s, r, nv % V, i, j, epilogue);
  }
  if (s.n % L) {
    c.i32(nv * L).set(j);
    block(e, s, r, 0, i, j, epilogue, s.n % L);
  }
}

/**
 * One block of r rows at row local i, column local j: `vecs` vectors of lanes, or (vecs = 0)
 * `scalars` single columns.
 */
function block(e: Emit, s: OuterProduct, r: number, vecs: number, i: number, j: number, epilogue: MapStep | undefined, scalars = 0): void {
  const c = e.code;
  const E = e.E;
  const f32 = E === 4;
  const L = 16 / E;
  const [pa, pb, end] = [c.local('i32'), c.local('i32'), c.local('i32')];
  // op(A)[i + a, q] at pa + aOff(a) while pa walks q; B[q, j + …] at pb while pb walks rows.
  const aStep = s.aT ? s.m * E : E;
  const aOff = (a: number) => (s.aT ? a * E : a * s.k * E);
  c.get(i).i32(s.aT ? E : s.k * E).op('i32.mul').i32(e.addr(s.a)).op('i32.add').set(pa);
  c.get(j).i32(E).op('i32.mul').i32(e.addr(s.b)).op('i32.add').tee(pb).i32(s.k * s.n * E).op('i32.add').set(end);
  const cols = vecs > 0 ? vecs : scalars;
  const vt = vecs > 0 ? 'v128' : f32 ? 'f32' : 'f64';
  const acc = Array.from({ length: r }, () => Array.from({ length: cols }, () => c.local(vt)));
  const vb = Array.from({ length: cols }, () => c.local(vt));
  const va = c.local(vt);
  for (const row of acc) {
    for (const l of row) {
      if (vecs > 0) c.f64(0).simd('f64x2.splat');
      else if (f32) c.f32(0);
      else c.f64(0);
      c.set(l);
    }
  }
  const load = f32 ? 'f32.load' : 'f64.load';
  const [mul, add] = vecs > 0 ? (f32 ? ['f32x4.mul', 'f32x4.add'] as const : ['f64x2.mul', 'f64x2.add'] as const) : (f32 ? ['f32.mul', 'f32.add'] as const : ['f64.mul', 'f64.add'] as const);
  const arith = (name: string) => (name.includes('x') ? c.simd(name as 'f32x4.mul') : c.op(name as 'f32.mul'));
  c.begin('loop');
  for (let b = 0; b < cols; b++) {
    c.get(pb);
    if (vecs > 0) c.vload(b * 16);
    else c.mem(load, b * E);
    c.set(vb[b]!);
  }
  for (let a = 0; a < r; a++) {
    c.get(pa);
    if (vecs > 0) c.vsplat(E as 4 | 8, aOff(a));
    else c.mem(load, aOff(a));
    c.set(va);
    for (let b = 0; b < cols; b++) {
      c.get(acc[a]![b]!).get(va).get(vb[b]!);
      arith(mul);
      arith(add);
      c.set(acc[a]![b]!);
    }
  }
  c.get(pa).i32(aStep).op('i32.add').set(pa);
  c.get(pb).i32(s.n * E).op('i32.add').tee(pb).get(end).op('i32.lt_u').br(0, true);
  c.op('end');
  // Epilogue: + bias, store, then the fused map on each element of the block.
  const po = c.local('i32');
  c.get(i).i32(s.n).op('i32.mul').get(j).op('i32.add').i32(E).op('i32.mul').set(po);
  const pj = c.local('i32');
  c.get(j).i32(E).op('i32.mul').set(pj);
  for (let a = 0; a < r; a++) {
    for (let b = 0; b < cols; b++) {
      c.get(po).get(acc[a]![b]!);
      if (s.bias) {
        if (vecs > 0) {
          if (s.bias.shared) c.i32(0).vsplat(E as 4 | 8, e.addr(s.bias.view));
          else c.get(pj).vload(e.addr(s.bias.view) + b * 16);
        } else if (s.bias.shared) c.i32(0).mem(load, e.addr(s.bias.view));
        else c.get(pj).mem(load, e.addr(s.bias.view, b));
        arith(add);
      }
      if (vecs > 0) c.vstore(e.addr(s.out) + (a * s.n) * E + b * 16);
      else c.mem(f32 ? 'f32.store' : 'f64.store', e.addr(s.out, a * s.n + b));
    }
  }
  if (epilogue) {
    const kb = c.local('i32');
    for (let a = 0; a < r; a++) {
      for (let col = 0; col < (vecs > 0 ? vecs * L : scalars); col++) {
        c.get(po).i32((a * s.n + col) * E).op('i32.add').set(kb);
        emitMapElement(e, epilogue, kb);
      }
    }
  }
}
