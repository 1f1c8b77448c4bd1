/**
 * The hand-written yardstick for workload (a): the 2-2-1 sigmoid/BCE network's gradient as
 * straight-line code, every intermediate a local, nothing allocated — what a careful person
 * writes by hand after deriving the tutorial's backward pass on paper.
 * Layout (canonical, see workloads.ts): p = [W00 W01 W10 W11 | b0 b1 | V0 V1 | c0].
 */

/** Writes ∂L/∂p into out (same layout as p) and returns L. */
export function grad221(p: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array): number {
  const x0 = x[0]!, x1 = x[1]!, t = y[0]!;
  const v0 = p[6]!, v1 = p[7]!;
  // hidden layer: z = W·x + b, h = σ(z)
  const h0 = 1 / (1 + Math.exp(-(p[0]! * x0 + p[1]! * x1 + p[4]!)));
  const h1 = 1 / (1 + Math.exp(-(p[2]! * x0 + p[3]! * x1 + p[5]!)));
  // output: ŷ = σ(V·h + c)
  const yh = 1 / (1 + Math.exp(-(v0 * h0 + v1 * h1 + p[8]!)));
  // BCE through the sigmoid: ∂L/∂z₃ = ŷ − y
  const d3 = yh - t;
  // σ'(z) = σ(1 − σ): δ_j = d3 · V_j · h_j (1 − h_j)
  const d0 = d3 * v0 * h0 * (1 - h0);
  const d1 = d3 * v1 * h1 * (1 - h1);
  out[0] = d0 * x0;
  out[1] = d0 * x1;
  out[2] = d1 * x0;
  out[3] = d1 * x1;
  out[4] = d0;
  out[5] = d1;
  out[6] = d3 * h0;
  out[7] = d3 * h1;
  out[8] = d3;
  // L = −(y log ŷ + (1 − y) log(1 − ŷ))
  return -(t * Math.log(yh) + (1 - t) * Math.log(1 - yh));
}
