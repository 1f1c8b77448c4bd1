/**
 * The one matrix-product kernel of the JS backend, C = A·Bᵀ (+ bias): C[i,j] = Σ_q A[i,q]·B[j,q],
 * whose inner loop walks rows of A and B contiguously. It is register-blocked: each pass of the
 * inner loop loads 2 elements of A and 4 of B and updates 2×4 accumulators held in locals, so
 * every load feeds several multiply-adds. Sizes are compile-time numbers, so the leftover rows
 * and columns get their own smaller blocks, emitted as straight code rather than tested at run
 * time.
 */
import type { Step, View } from './loops.js';

const ROWS = 2;
const COLS = 4;

type MatmulStep = Extract<Step, { kind: 'matmulNT' }>;
type At = (v: View, index: string) => string;

/** `(i + a) * k` as source, folded to a number when `i` is one. */
function scaled(i: string, a: number, k: number): string {
  if (/^\d+$/.test(i)) return String((Number(i) + a) * k);
  return a === 0 ? (k === 1 ? i : `${i} * ${k}`) : `(${i} + ${a}) * ${k}`;
}

/** `j + b` as source, folded when `j` is a number. */
function plus(j: string, b: number): string {
  if (/^\d+$/.test(j)) return String(Number(j) + b);
  return b === 0 ? j : `${j} + ${b}`;
}

/** One r×c block at row `i`, column `j` (both source expressions). */
function block(s: MatmulStep, r: number, c: number, i: string, j: string, ind: string, at: At): string[] {
  const lines: string[] = [];
  const rowsA = Array.from({ length: r }, (_, a) => a);
  const colsB = Array.from({ length: c }, (_, b) => b);
  lines.push(`${ind}const ${rowsA.map((a) => `a${a} = ${scaled(i, a, s.k)}`).join(', ')};`);
  lines.push(`${ind}const ${colsB.map((b) => `b${b} = ${scaled(j, b, s.k)}`).join(', ')};`);
  lines.push(`${ind}let ${rowsA.flatMap((a) => colsB.map((b) => `s${a}${b} = 0`)).join(', ')};`);
  lines.push(`${ind}for (let q = 0; q < ${s.k}; q++) {`);
  for (const a of rowsA) lines.push(`${ind}  const u${a} = ${at(s.a, `a${a} + q`)};`);
  for (const b of colsB) {
    lines.push(`${ind}  const v${b} = ${at(s.b, `b${b} + q`)};`);
    lines.push(`${ind}  ${rowsA.map((a) => `s${a}${b} += u${a} * v${b};`).join(' ')}`);
  }
  lines.push(`${ind}}`);
  for (const a of rowsA) {
    for (const b of colsB) {
      const bias = s.bias ? ` + ${at(s.bias.view, s.bias.shared ? '0' : plus(j, b))}` : '';
      const row = scaled(i, a, s.n);
      const col = plus(j, b);
      const index = /^\d+$/.test(row) && /^\d+$/.test(col) ? String(Number(row) + Number(col)) : `${row} + ${col}`;
      lines.push(`${ind}${at(s.out, index)} = s${a}${b}${bias}; // C[${plus(i, a)}, ${col}]`);
    }
  }
  return lines;
}

/** All column blocks of one row band of height r starting at row `i`. */
function band(s: MatmulStep, r: number, i: string, ind: string, at: At): string[] {
  const mainCols = s.n - (s.n % COLS);
  const lines: string[] = [];
  if (mainCols > 0) {
    lines.push(`${ind}for (let j = 0; j < ${mainCols}; j += ${COLS}) {`);
    lines.push(...block(s, r, COLS, i, 'j', `${ind}  `, at));
    lines.push(`${ind}}`);
  }
  if (s.n % COLS > 0) {
    lines.push(`${ind}{`);
    lines.push(...block(s, r, s.n % COLS, i, String(mainCols), `${ind}  `, at));
    lines.push(`${ind}}`);
  }
  return lines;
}

export function renderMatmulNT(s: MatmulStep, ind: string, at: At): string[] {
  const mainRows = s.m - (s.m % ROWS);
  const lines: string[] = [];
  if (mainRows > 0) {
    lines.push(`${ind}for (let i = 0; i < ${mainRows}; i += ${ROWS}) {`);
    lines.push(...band(s, ROWS, 'i', `${ind}  `, at));
    lines.push(`${ind}}`);
  }
  if (s.m % ROWS > 0) {
    lines.push(`${ind}{`);
    lines.push(...band(s, s.m % ROWS, String(mainRows), `${ind}  `, at));
    lines.push(`${ind}}`);
  }
  return lines;
}
