"use strict";
// symgrad compiled gradient: 4 layers, batch 1, float64
// grad(p, x, y, g): g <- dL/dp, returns L;  step(p, x, y): optimizer step in place, returns L
// x: 1 x 2 row-major;  y: 1 x 1 row-major
// p[0..3] = 0.weight [2 x 2]
// p[4..5] = 0.bias [2]
// p[6..7] = 2.weight [1 x 2]
// p[8..8] = 2.bias [1]
// view: matrix (loops lowered from the derived tensor program)
const w0 = new Float64Array(2); // T2 (matmul) (1 x 2)
const w1 = new Float64Array(2); // A1 (1 x 2)
const w2 = new Float64Array(1); // T7 (matmul) (1 x 1)
const w3 = new Float64Array(1); // A2 (1 x 1)
const w4 = new Float64Array(1); // T12 (map2) (1 x 1)
const w5 = new Float64Array(1); // T13 (sum) (1 x 1)
const w6 = new Float64Array(1); // T14 (scale) (1 x 1)
const w7 = new Float64Array(1); // delta2 (1 x 1)
const w8 = new Float64Array(2); // T17 (matmul) (1 x 2)
const w9 = new Float64Array(2); // delta1 (1 x 2)
const gs = new Float64Array(9); // gradient buffer of step()
let t = 0; // optimizer step count
function grad(p, x, y, g) {
  let loss = 0;
  // Z1 = X 0.weight^T + 0.bias
  {
    {
      const a0 = 0;
      const b0 = 0, b1 = 2;
      let s00 = 0, s01 = 0;
      for (let q = 0; q < 2; q++) {
        const u0 = x[a0 + q];
        const v0 = p[b0 + q];
        s00 += u0 * v0;
        const v1 = p[b1 + q];
        s01 += u0 * v1;
      }
      w0[0] = s00 + p[4]; // C[0, 0]
      w0[1] = s01 + p[5]; // C[0, 1]
    }
  }
  {
    // A1 = elementwise(Z1)
    for (let k = 0; k < 2; k++) {
      const i0 = w0[k];
      const t0 = (1 / (1 + Math.exp(-i0))); // t0 = sigmoid(i0)
      w1[k] = t0;
    }
  }
  // Z2 = A1 2.weight^T + 2.bias
  {
    {
      const a0 = 0;
      const b0 = 0;
      let s00 = 0;
      for (let q = 0; q < 2; q++) {
        const u0 = w1[a0 + q];
        const v0 = p[6 + b0 + q];
        s00 += u0 * v0;
      }
      w2[0] = s00 + p[8]; // C[0, 0]
    }
  }
  {
    // A2 = elementwise(Z2)
    for (let k = 0; k < 1; k++) {
      const i0 = w2[k];
      const t0 = (1 / (1 + Math.exp(-i0))); // t0 = sigmoid(i0)
      w3[k] = t0;
    }
  }
  {
    // T12 (map2) = elementwise(A2, Y)
    for (let k = 0; k < 1; k++) {
      const i0 = w3[k];
      const i1 = y[k];
      const t0 = Math.log(i0); // t0 = log(i0)
      const t1 = Math.max(t0, (-100)); // t1 = max(t0, (-100))
      const t2 = (i1 * t1); // t2 = i1 * t1
      const t3 = (1 - i1); // t3 = 1 - i1
      const t4 = (1 - i0); // t4 = 1 - i0
      const t5 = Math.log(t4); // t5 = log(t4)
      const t6 = Math.max(t5, (-100)); // t6 = max(t5, (-100))
      const t7 = (t3 * t6); // t7 = t3 * t6
      const t8 = (t2 + t7); // t8 = t2 + t7
      const t9 = (-t8); // t9 = -t8
      w4[k] = t9;
    }
  }
  // T13 (sum)
  {
    let acc = 0;
    for (let k = 0; k < 1; k++) acc += w4[k];
    w5[0] = acc;
  }
  {
    // T14 (scale) = elementwise(T13 (sum))
    for (let k = 0; k < 1; k++) {
      const i0 = w5[k];
      const t0 = (1 * i0); // t0 = 1 * i0
      w6[k] = t0;
    }
  }
  {
    // delta2 = elementwise(A2, Y)
    for (let k = 0; k < 1; k++) {
      const i0 = w3[k];
      const i1 = y[k];
      const t0 = (1 - i0); // t0 = 1 - i0
      const t1 = (i0 * t0); // t1 = i0 * t0
      const t3 = (i0 - i1); // t3 = i0 - i1
      const t4 = (t3 / 1e-12); // t4 = t3 / 1e-12
      const t5 = (t4 * t1); // t5 = t4 * t1
      const t6 = (t1 >= 1e-12 ? t3 : t5); // t6 = where(t1 >= 1e-12, t3, t5)
      const t7 = (1 * t6); // t7 = 1 * t6
      w7[k] = t7;
    }
  }
  // T17 (matmul) = delta2 2.weight
  {
    {
      const a0 = 0;
      const b0 = 0, b1 = 1;
      let s00 = 0, s01 = 0;
      for (let q = 0; q < 1; q++) {
        const u0 = w7[a0 + q];
        const v0 = p[6 + b0 + q];
        s00 += u0 * v0;
        const v1 = p[6 + b1 + q];
        s01 += u0 * v1;
      }
      w8[0] = s00; // C[0, 0]
      w8[1] = s01; // C[0, 1]
    }
  }
  {
    // delta1 = elementwise(T17 (matmul), Z1, A1)
    for (let k = 0; k < 2; k++) {
      const i0 = w8[k];
      const i2 = w1[k];
      const t0 = (1 - i2); // t0 = 1 - i2
      const t1 = (i2 * t0); // t1 = i2 * t0
      const t2 = (i0 * t1); // t2 = i0 * t1
      w9[k] = t2;
    }
  }
  // T20 (matmul) = delta1^T X
  for (let i = 0; i < 2; i += 2) {
    {
      const a0 = i, a1 = (i + 1) * 1;
      const b0 = 0, b1 = 1;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let q = 0; q < 1; q++) {
        const u0 = w9[a0 + q];
        const u1 = w9[a1 + q];
        const v0 = x[b0 + q];
        s00 += u0 * v0; s10 += u1 * v0;
        const v1 = x[b1 + q];
        s01 += u0 * v1; s11 += u1 * v1;
      }
      g[i * 2 + 0] = s00; // C[i, 0]
      g[i * 2 + 1] = s01; // C[i, 1]
      g[(i + 1) * 2 + 0] = s10; // C[i + 1, 0]
      g[(i + 1) * 2 + 1] = s11; // C[i + 1, 1]
    }
  }
  // T21 (colsum)
  for (let c = 0; c < 2; c++) g[4 + c] = w9[c];
  for (let r = 2; r < 2; r += 2) {
    for (let c = 0; c < 2; c++) g[4 + c] += w9[r + c];
  }
  // T22 (matmul) = delta2^T A1
  {
    {
      const a0 = 0;
      const b0 = 0, b1 = 1;
      let s00 = 0, s01 = 0;
      for (let q = 0; q < 1; q++) {
        const u0 = w7[a0 + q];
        const v0 = w1[b0 + q];
        s00 += u0 * v0;
        const v1 = w1[b1 + q];
        s01 += u0 * v1;
      }
      g[6] = s00; // C[0, 0]
      g[7] = s01; // C[0, 1]
    }
  }
  // T23 (colsum)
  for (let c = 0; c < 1; c++) g[8 + c] = w7[c];
  for (let r = 1; r < 1; r += 1) {
    for (let c = 0; c < 1; c++) g[8 + c] += w7[r + c];
  }
  // L
  loss += w6[0];
  return loss;
}
function step(p, x, y) {
  const loss = grad(p, x, y, gs);
  t += 1;
  {
    // sgd update of parameters 0..8
    for (let k = 0; k < 9; k++) {
      const i0 = p[k];
      const i1 = gs[k];
      const t0 = (i0 - i1); // t0 = i0 - i1
      p[k] = t0;
    }
  }
  return loss;
}
function reset() { t = 0; }
return { grad, step, reset };
