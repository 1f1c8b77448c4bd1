/**
 * The inner loop's share of the long loops. `npm run test:fast` runs vitest with `--mode quick`,
 * for which vitest.config.ts sets SYMGRAD_QUICK=1: then a property test runs a fifth of its
 * fast-check cases (the first ones of the same seeded sequence) and an exhaustive table
 * (every activation × every loss) runs every third row, the rest reported as skipped. Every
 * other way of running the tests (`npm test`, `npx vitest run`, `npx vitest run <path>`) runs
 * every case, so `npm test` never runs fewer. docs/testing.md has the whole scheme.
 */

/** True under `npm run test:fast` (vitest --mode quick). */
export const QUICK = process.env.SYMGRAD_QUICK === '1';

/** fast-check's numRuns: `n`, or a fifth of it (at least 5) under test:fast. */
export function runs(n: number): number {
  return QUICK ? Math.min(n, Math.max(5, Math.ceil(n / 5))) : n;
}

/**
 * Whether row `i` (0, 1, 2, … in the table's order) of an exhaustive table runs: every row,
 * or every third one under test:fast. Three is prime to the tables' batch and loss counts, so
 * the share still meets every activation, every loss and every batch size.
 */
export function sampled(i: number): boolean {
  return !QUICK || i % 3 === 0;
}
