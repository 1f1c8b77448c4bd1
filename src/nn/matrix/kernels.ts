/**
 * Numeric kernels of the tensor ops that are more than one line: the matrix product with
 * transpose flags, row softmax and row cross-entropy, over float64 row-major matrices.
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

/** out[off..off+n) = softmax(z[off..off+n)), shifted by the row maximum for stability. */
export function softmaxRow(z: Float64Array, out: Float64Array, off: number, n: number): void {
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, z[off + j]!);
  let s = 0;
  for (let j = 0; j < n; j++) s += out[off + j] = Math.exp(z[off + j]! - m);
  for (let j = 0; j < n; j++) out[off + j]! /= s;
}

/** ℓᵢ = −Σ_c Q_ic (Z_ic − logsumexp(Zᵢ)), the log-sum-exp shifted by the row maximum. */
export function xentRows(z: Mat, q: Mat): Mat {
  const out = mat(z.rows, 1);
  const c = z.cols;
  for (let r = 0; r < z.rows; r++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, z.data[r * c + j]!);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(z.data[r * c + j]! - m);
    const lse = m + Math.log(s);
    let l = 0;
    for (let j = 0; j < c; j++) l -= q.data[r * c + j]! * (z.data[r * c + j]! - lse);
    out.data[r] = l;
  }
  return out;
}
