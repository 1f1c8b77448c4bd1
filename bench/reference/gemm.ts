/**
 * The matrix kernels of the hand-written yardstick for workloads (b) and (c). One product shape
 * serves every step of the backward pass: C = A·Bᵀ with A (m × k) and B (n × k) row-major, so
 * both operands are read along contiguous rows. The inner loop is register-blocked 4 × 4: sixteen
 * running sums stay in registers while each step loads four values of A and four of B, reusing
 * every load four times (naive i, j, k loops reload one operand per multiply-add). Transposes
 * bring the other products (dW = dZᵀ·A, dA = dZ·W) into this shape.
 */

/**
 * C[i][j] = Σ_p A[i][p] · B[j][p] for i < m, j < n. Each matrix starts at an offset into its
 * array (ao, bo, co), so the caller passes whole parameter vectors without making views.
 */
export function gemmNT(
  A: Float64Array, ao: number, B: Float64Array, bo: number, C: Float64Array, co: number,
  m: number, n: number, k: number,
): void {
  const m4 = m - (m % 4), n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = ao + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) block44(A, B, C, a0, a1, a2, a3, bo + j * k, co + i * n + j, n, k);
    for (let j = n4; j < n; j++) block41(A, B, C, a0, a1, a2, a3, bo + j * k, co + i * n + j, n, k);
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) C[co + i * n + j] = dot(A, ao + i * k, B, bo + j * k, k);
  }
}

/** The 4 × 4 block at C[c] from rows a0..a3 of A and the four rows of B starting at b0. */
function block44(
  A: Float64Array, B: Float64Array, C: Float64Array,
  a0: number, a1: number, a2: number, a3: number, b0: number, c: number, n: number, k: number,
): void {
  const b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let p = 0; p < k; p++) {
    const y0 = B[b0 + p]!, y1 = B[b1 + p]!, y2 = B[b2 + p]!, y3 = B[b3 + p]!;
    let x = A[a0 + p]!;
    s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
    x = A[a1 + p]!;
    s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
    x = A[a2 + p]!;
    s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
    x = A[a3 + p]!;
    s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
  }
  C[c] = s00; C[c + 1] = s01; C[c + 2] = s02; C[c + 3] = s03;
  c += n;
  C[c] = s10; C[c + 1] = s11; C[c + 2] = s12; C[c + 3] = s13;
  c += n;
  C[c] = s20; C[c + 1] = s21; C[c + 2] = s22; C[c + 3] = s23;
  c += n;
  C[c] = s30; C[c + 1] = s31; C[c + 2] = s32; C[c + 3] = s33;
}

/** The 4 × 1 block for a leftover column j (row b of B). */
function block41(
  A: Float64Array, B: Float64Array, C: Float64Array,
  a0: number, a1: number, a2: number, a3: number, b: number, c: number, n: number, k: number,
): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let p = 0; p < k; p++) {
    const y = B[b + p]!;
    s0 += A[a0 + p]! * y; s1 += A[a1 + p]! * y; s2 += A[a2 + p]! * y; s3 += A[a3 + p]! * y;
  }
  C[c] = s0; C[c + n] = s1; C[c + 2 * n] = s2; C[c + 3 * n] = s3;
}

function dot(A: Float64Array, a: number, B: Float64Array, b: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += A[a + p]! * B[b + p]!;
  return s;
}

/** T = Mᵀ for the rows × cols matrix at M[mo]; T is cols × rows. */
export function transpose(M: Float64Array, mo: number, T: Float64Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const r = mo + i * cols;
    for (let j = 0; j < cols; j++) T[j * rows + i] = M[r + j]!;
  }
}
