/**
 * The wasm backend's matrix product C = A·Bᵀ (+ bias), with SIMD128: f32x4 or f64x2 lanes run
 * along the shared dimension k (rows of A and B are contiguous — the lowering packs the other
 * product forms, δᵀ·A and δ·W, into this one with a transpose), and each pass of the inner loop
 * loads R vectors of A and C of B into R×C vector accumulators (register blocking). The lanes
 * are summed once per output, the k mod lanes leftover is done in scalar code, and the leftover
 * rows and columns get their own smaller blocks — all sizes are compile-time constants. The
 * epilogue adds the bias and, when the next step is an elementwise map over this product's
 * output (an activation), evaluates that map on each element while it is still in a register's
 * reach. Rows are split between threads in blocks of R.
 */
import type { Step } from '../loops.js';
import type { Emit } from './context.js';
import { emitMapElement } from './steps.js';

type MatmulStep = Extract<Step, { kind: 'matmulNT' }>;
type MapStep = Extract<Step, { kind: 'map' }>;

/** Register block: rows of A × rows of B per pass (8 accumulators; 2×4 measured faster than 3×4, 4×2, 2×6). */
export const BLOCK = { float64: { R: 2, C: 4 }, float32: { R: 2, C: 4 } } as const;

export function emitMatmul(e: Emit, s: MatmulStep, epilogue?: MapStep): void {
  e.rowBlocks(s.m, BLOCK[e.dtype].R, (r, i) => band(e, s, r, i, epilogue));
}

/** All column blocks of the r rows starting at row local `i`. */
function band(e: Emit, s: MatmulStep, r: number, i: number, epilogue?: MapStep): void {
  const c = e.code;
  const { C } = BLOCK[e.dtype];
  const nc = Math.floor(s.n / C);
  const j = c.local('i32');
  if (nc > 0) c.forRange(j, 0, nc * C, C, () => block(e, s, r, C, i, j, epilogue));
  if (s.n % C) {
    c.i32(nc * C).set(j);
    block(e, s, r, s.n % C, i, j, epilogue);
  }
}

/** One r×cols block of C at row local `i`, column local `j`. */
function block(e: Emit, s: MatmulStep, r: number, cols: number, i: number, j: number, epilogue?: MapStep): void {
  const c = e.code;
  const E = e.E;
  const f32 = E === 4;
  const L = 16 / E;
  const k = s.k;
  const kv = k - (k % L);
  const row = k * E;
  const [pa, pb] = [c.local('i32'), c.local('i32')];
  c.get(i).i32(row).op('i32.mul').i32(e.addr(s.a)).op('i32.add').set(pa);
  c.get(j).i32(row).op('i32.mul').i32(e.addr(s.b)).op('i32.add').set(pb);
  const st = f32 ? 'f32' : 'f64';
  const sums = Array.from({ length: r }, () => Array.from({ length: cols }, () => c.local(st)));
  if (kv > 0) {
    const acc = Array.from({ length: r }, () => Array.from({ length: cols }, () => c.local('v128')));
    const va = Array.from({ length: r }, () => c.local('v128'));
    const vb = c.local('v128');
    const end = c.local('i32');
    c.get(pa).i32(kv * E).op('i32.add').set(end);
    // Accumulators start at zero (locals are zero-initialised, but the block may run again).
    for (const rowAcc of acc) for (const a of rowAcc) c.f64(0).simd('f64x2.splat').set(a);
    c.begin('loop');
    for (let a = 0; a < r; a++) c.get(pa).vload(a * row).set(va[a]!);
    for (let b = 0; b < cols; b++) {
      c.get(pb).vload(b * row).set(vb);
      for (let a = 0; a < r; a++) {
        c.get(acc[a]![b]!).get(va[a]!).get(vb).simd(f32 ? 'f32x4.mul' : 'f64x2.mul').simd(f32 ? 'f32x4.add' : 'f64x2.add').set(acc[a]![b]!);
      }
    }
    c.get(pb).i32(16).op('i32.add').set(pb);
    c.get(pa).i32(16).op('i32.add').tee(pa).get(end).op('i32.lt_u').br(0, true);
    c.op('end');
    // Sum the lanes: f64 l0 + l1; f32 (l0 + l1) + (l2 + l3).
    for (let a = 0; a < r; a++) {
      for (let b = 0; b < cols; b++) {
        const v = acc[a]![b]!;
        if (f32) {
          c.get(v).simd('f32x4.extract_lane', 0).get(v).simd('f32x4.extract_lane', 1).op('f32.add');
          c.get(v).simd('f32x4.extract_lane', 2).get(v).simd('f32x4.extract_lane', 3).op('f32.add').op('f32.add');
        } else {
          c.get(v).simd('f64x2.extract_lane', 0).get(v).simd('f64x2.extract_lane', 1).op('f64.add');
        }
        c.set(sums[a]![b]!);
      }
    }
  } else {
    for (const rowSums of sums) for (const sl of rowSums) (f32 ? c.f32(0) : c.f64(0)).set(sl);
  }
  // The k mod L leftover (pa, pb now point at column kv).
  for (let q = kv; q < k; q++) {
    for (let a = 0; a < r; a++) {
      for (let b = 0; b < cols; b++) {
        c.get(sums[a]![b]!);
        c.get(pa).mem(f32 ? 'f32.load' : 'f64.load', a * row + (q - kv) * E);
        c.get(pb).mem(f32 ? 'f32.load' : 'f64.load', b * row + (q - kv) * E);
        c.op(f32 ? 'f32.mul' : 'f64.mul').op(f32 ? 'f32.add' : 'f64.add').set(sums[a]![b]!);
      }
    }
  }
  // Epilogue: + bias, store C[i + a, j + b], then the fused elementwise map on that element.
  const po = c.local('i32');
  c.get(i).i32(s.n).op('i32.mul').get(j).op('i32.add').i32(E).op('i32.mul').set(po);
  const pj = c.local('i32');
  if (s.bias && !s.bias.shared) c.get(j).i32(E).op('i32.mul').set(pj);
  const kb = c.local('i32');
  for (let a = 0; a < r; a++) {
    for (let b = 0; b < cols; b++) {
      c.get(po);
      c.get(sums[a]![b]!);
      if (s.bias) {
        if (s.bias.shared) c.i32(0).mem(f32 ? 'f32.load' : 'f64.load', e.addr(s.bias.view));
        else c.get(pj).mem(f32 ? 'f32.load' : 'f64.load', e.addr(s.bias.view, b));
        c.op(f32 ? 'f32.add' : 'f64.add');
      }
      c.mem(f32 ? 'f32.store' : 'f64.store', e.addr(s.out, a * s.n + b));
      if (epilogue) {
        c.get(po).i32((a * s.n + b) * E).op('i32.add').set(kb);
        emitMapElement(e, epilogue, kb);
      }
    }
  }
}
