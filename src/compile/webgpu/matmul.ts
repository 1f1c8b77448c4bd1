/**
 * The tiled matrix product of the WebGPU backend, C = op(A)·op(B)ᵀ (+ bias), as one WGSL
 * compute shader over the device memory `m`. Each workgroup of 16×16 threads computes a 64×64
 * tile of C, each thread 4×4 elements (strided by 16, so neighbouring threads store neighbouring
 * elements); A and B are staged through workgroup memory 16 columns of the shared dimension at a
 * time. Operands are addressed by strides, so the three forms a network's passes use — A·Wᵀ
 * (forward), δᵀ·A (∂L/∂W) and δ·W (backward) — are all this one kernel, reading the stored
 * matrix in place instead of transposing it first; each tile load walks the operand's
 * contiguous dimension across neighbouring threads.
 */
import { u32 } from './wgsl.js';

/** Element (i, q) of an operand is m[offset + i·row + q·col]. */
export interface Strided {
  readonly offset: number;
  readonly row: number;
  readonly col: number;
}

export interface MatmulShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: Strided;
  /** B is n×k: C[i, j] = Σ_q A(i, q)·B(j, q). */
  readonly b: Strided;
  readonly out: number;
  readonly bias?: { readonly offset: number; readonly shared: boolean };
}

export const TILE = 64;
const TK = 16;
const THREADS = 16;
const PER = TILE / THREADS;

/** Lines loading one 64×16 operand tile into workgroup memory `tile` (laid out [q][r]). */
function loadTile(name: string, s: Strided, rows: number, k: number, first: string): string[] {
  // Neighbouring threads take neighbouring elements along the operand's contiguous dimension.
  const rowFast = s.row === 1 && s.col !== 1;
  const [r, q] = rowFast ? [`e % ${u32(TILE)}`, `e / ${u32(TILE)}`] : [`e / ${u32(TK)}`, `e % ${u32(TK)}`];
  return [
    `    for (var l = 0u; l < ${u32((TILE * TK) / (THREADS * THREADS))}; l = l + 1u) {`,
    `      let e = li + l * ${u32(THREADS * THREADS)};`,
    `      let r = ${r}; let q = ${q};`,
    `      let gi = ${first} + r; let gq = k0 + q;`,
    '      var v = 0.0;',
    `      if (gi < ${u32(rows)} && gq < ${u32(k)}) { v = m[${u32(s.offset)} + gi * ${u32(s.row)} + gq * ${u32(s.col)}]; }`,
    `      ${name}[q * ${u32(TILE)} + r] = v;`,
    '    }',
  ];
}

export function renderMatmulWgsl(s: MatmulShape): { code: string[]; groups: [number, number, number] } {
  const bias = s.bias ? ` + m[${u32(s.bias.offset)}${s.bias.shared ? '' : ' + j'}]` : '';
  const T = u32(THREADS);
  // Four rows of four columns per thread as vec4 registers (constant swizzles, no indexed arrays).
  const four = (name: string, tile: string, lane: string) =>
    `      let ${name} = vec4<f32>(${[0, 1, 2, 3].map((a) => `${tile}[q * ${u32(TILE)} + ${lane}${a ? ` + ${u32(a * THREADS)}` : ''}]`).join(', ')});`;
  const code = [
    `var<workgroup> ta: array<f32, ${u32(TILE * TK)}>;`,
    `var<workgroup> tb: array<f32, ${u32(TILE * TK)}>;`,
    `@compute @workgroup_size(${THREADS}, ${THREADS})`,
    'fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {',
    `  let i0 = wg.y * ${u32(TILE)};`,
    `  let j0 = wg.x * ${u32(TILE)};`,
    '  var c0 = vec4<f32>(0.0); var c1 = vec4<f32>(0.0); var c2 = vec4<f32>(0.0); var c3 = vec4<f32>(0.0);',
    `  for (var k0 = 0u; k0 < ${u32(s.k)}; k0 = k0 + ${u32(TK)}) {`,
    ...loadTile('ta', s.a, s.m, s.k, 'i0'),
    ...loadTile('tb', s.b, s.n, s.k, 'j0'),
    '    workgroupBarrier();',
    `    for (var q = 0u; q < ${u32(TK)}; q = q + 1u) {`,
    four('a', 'ta', 'lid.y'),
    four('b', 'tb', 'lid.x'),
    '      c0 = c0 + a.x * b; c1 = c1 + a.y * b; c2 = c2 + a.z * b; c3 = c3 + a.w * b;',
    '    }',
    '    workgroupBarrier();',
    '  }',
    ...[0, 1, 2, 3].flatMap((a) => [
      `  { let i = i0 + lid.y + ${u32(a * THREADS)};`,
      ...[0, 1, 2, 3].map((b) => `    { let j = j0 + lid.x + ${u32(b * THREADS)}; if (i < ${u32(s.m)} && j < ${u32(s.n)}) { m[${u32(s.out)} + i * ${u32(s.n)} + j] = c${a}.${'xyzw'[b]}${bias}; } }`),
      '  }',
    ]),
    '}',
  ];
  void T;
  return { code, groups: [Math.ceil(s.n / TILE), Math.ceil(s.m / TILE), 1] };
}
