/**
 * Deterministic initialisation of omitted weights and biases, with PyTorch's *distribution*
 * but not PyTorch's random stream. nn.Linear draws weight and bias from U(−1/√in, 1/√in)
 * (kaiming_uniform_ with a = √5 gives exactly that bound); we draw from the same interval with
 * mulberry32, a small documented 32-bit PRNG: state += 0x6D2B79F5, then two xorshift-multiply
 * rounds; u = output / 2³² ∈ [0, 1); value = (2u − 1)·bound. The same `seed` always gives the
 * same network, but not the numbers torch.manual_seed(seed) would give.
 *
 * As in PyTorch, every Linear layer draws its whole weight (row-major) and then its bias, in
 * layer order, whether or not the file gives them: values given in the file replace the drawn
 * ones, so giving one layer's weights does not change another layer's initial values.
 */

/** mulberry32: a generator of uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LinearInit {
  readonly weight: number[][];
  /** `out` values, or none for a layer without a (vector) bias. */
  readonly bias: number[];
}

/** Initial values for each Linear layer, given (in, out, has a vector bias) in layer order. */
export function initLinears(seed: number, layers: readonly { in: number; out: number; bias: boolean }[]): LinearInit[] {
  const next = mulberry32(seed);
  return layers.map(({ in: fanIn, out, bias }) => {
    // U(−1/√in, 1/√in), as nn.Linear.reset_parameters
    const bound = 1 / Math.sqrt(fanIn);
    const draw = () => (2 * next() - 1) * bound;
    const weight = Array.from({ length: out }, () => Array.from({ length: fanIn }, draw));
    return { weight, bias: bias ? Array.from({ length: out }, draw) : [] };
  });
}
