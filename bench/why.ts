/**
 * Why a target was missed, as found by looking into the measurements (profiles, variants of the
 * generated source, V8 flags). Shown under the targets table only while that target is missed;
 * keyed by the target's text in results.ts. Each entry says what was measured, not a guess.
 */
export const WHY_MISSED: Readonly<Record<string, string>> = {
  '(a) symgrad js f64 within 1.2× of hand-written straight-line JS':
    'Both take a little over 100 ns of CPU per gradient and the ratio sits at 1.16–1.23× from run to run. ' +
    'Most of the gap is inlining: V8 inlines the small hand-written function into the calling loop but not ' +
    "symgrad's longer one (56 locals); with `node --no-turbo-inlining` the ratio drops to 1.01–1.09×. Editing " +
    'the generated code by hand to drop PyTorch\'s BCE clamp (log ≥ −100) and its subgradient, or to use ' +
    '∂L/∂z = ŷ − y instead of the chain through 1/ŷ and 1/(1 − ŷ), moved the ratio by less than the noise (≤ 0.04×).',
  '(a) symgrad (auto: js straight line) ≤ 1.15× hand-written straight-line JS':
    'The same closure as the 1.2× target above (auto picks the JS straight line for (a); the wasm backend is not ' +
    'involved), so the same cause: V8 inlines the hand-written function into the timing loop but not symgrad\'s ' +
    'longer one. Measured at 1.24× and 1.35× in our two full runs, on a machine with load average 13–21 on 2 cores.',
  '(a) symgrad js f64 ≥ 1,000× faster than TensorFlow.js (its fastest variant)':
    "The strict reading compares with TF.js's fastest way to get this gradient, a hand-written backward pass " +
    'of ~20 tensor ops on the cpu backend (75–130 µs over our runs: per-op dispatch and allocation, not arithmetic). Against ' +
    '`tf.variableGrads`, the usual TF.js way, symgrad is several thousand times faster (see the measured column).',
};
