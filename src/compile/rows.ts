/**
 * The numerics of the row functions (softmax, cross-entropy) as source lines, written once for
 * both backends (js.ts, gpu.ts) and matching the matrix view's composites (nn/matrix/composites.ts):
 * the row maximum m is subtracted before exponentiating, as PyTorch does, and Math.max lets a NaN
 * logit propagate. `at(q)` is the source of element q of the row; `n` the row length.
 */

type At = (q: string) => string;

/** `mx` = max over the row. */
export const rowMaxLines = (at: At, n: number): string[] => ['let mx = -Infinity;', `for (let q = 0; q < ${n}; q++) { mx = Math.max(mx, ${at('q')}); }`];

/** `se` = Σ_q e^{z_q − mx}. */
export const expSumLines = (at: At, n: number): string[] => ['let se = 0;', `for (let q = 0; q < ${n}; q++) { se += Math.exp(${at('q')} - mx); }`];

/** `l` = −Σ_q Q_q (z_q − logsumexp(z)): the cross-entropy of one row. */
export const xentLines = (logit: At, target: At, n: number): string[] => [
  ...rowMaxLines(logit, n),
  ...expSumLines(logit, n),
  'const lse = mx + Math.log(se);',
  'let l = 0;',
  `for (let q = 0; q < ${n}; q++) { l -= ${target('q')} * (${logit('q')} - lse); }`,
];
