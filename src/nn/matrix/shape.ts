/**
 * Shapes of tensor-program values. Every value is a matrix `rows × cols` (a row vector is
 * `1 × n`, a scalar `1 × 1`, stored row-major). The batch dimension is kept symbolic as `'B'`,
 * so one derivation serves every batch size; the interpreter binds `B` to the rows of X.
 * Shape mismatches are found while the program is built and reported as SymgradError.
 */
import { SymgradError } from '../../errors.js';

/** A dimension: a fixed size, or the batch size B. */
export type Dim = number | 'B';
export type Shape = readonly [Dim, Dim];

export const SCALAR: Shape = [1, 1];

export function dimText(d: Dim): string {
  return typeof d === 'number' ? String(d) : d;
}

export function shapeText(s: Shape): string {
  return `${dimText(s[0])}×${dimText(s[1])}`;
}

/** `B \times 2` */
export function shapeLatex(s: Shape): string {
  return `${dimText(s[0])} \\times ${dimText(s[1])}`;
}

export const sameShape = (a: Shape, b: Shape): boolean => a[0] === b[0] && a[1] === b[1];
export const isScalarShape = (s: Shape): boolean => s[0] === 1 && s[1] === 1;

/** Throw a SymgradError naming the op and both shapes unless `ok`. */
export function checkShape(ok: boolean, op: string, detail: string): void {
  if (!ok) throw new SymgradError(`matrix view: ${op}: shape mismatch, ${detail}`);
}

/** The number of a dimension given the batch size. */
export function dimValue(d: Dim, batch: number): number {
  return d === 'B' ? batch : d;
}
