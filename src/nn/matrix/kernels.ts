/**
 * The numeric kernel of the tensor ops that is more than a loop: the matrix product with
 * transpose flags, over float64 row-major matrices.
 */

/** A value: rows × cols, row-major. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export const mat = (rows: number, cols: number, data = new Float64Array(rows * cols)): Mat => ({ rows, cols, data });

/** op(A)·op(B) with op = identity or transpose; each case loops so the innermost access is contiguous. */
export function matmulEval(a: Mat, b: Mat, tA: boolean, tB: boolean): Mat {
  const [m, k] = tA ? [a.cols, a.rows] : [a.rows, a.cols];
  const n = tB ? b.rows : b.cols;
  const out = mat(m, n);
  const A = a.data, Bd = b.data, C = out.data;
  if (!tA && tB) {
    // C[i][j] = Σ_p A[i][p] B[j][p]: a dot product of two rows
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0, ai = i * k, bj = j * k; p < k; p++) s += A[ai + p]! * Bd[bj + p]!;
        C[i * n + j] = s;
      }
    }
    return out;
  }
  // C[i][:] += op(A)[i][p] · op(B)[p][:]  (no skipping of zeros: 0 · ∞ must stay NaN, as in PyTorch)
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < m; i++) {
      const av = tA ? A[p * a.cols + i]! : A[i * a.cols + p]!;
      const row = i * n;
      if (tB) for (let j = 0; j < n; j++) C[row + j]! += av * Bd[j * b.cols + p]!;
      else for (let j = 0, q = p * b.cols; j < n; j++) C[row + j]! += av * Bd[q + j]!;
    }
  }
  return out;
}
