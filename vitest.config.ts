import { defineConfig } from 'vitest/config';

// Two projects (docs/testing.md): `fast` (unit and property tests) and `e2e` (`*.e2e.test.ts`:
// real `symgrad` processes, Chromium, pdflatex, npm pack, the benchmark harness, whole-gallery
// runs, big inputs, worker threads). `npm test` runs fast, then e2e, so the browser and pdflatex
// checks do not compete for the CPU with the unit tests.
//
// `fast` runs its files without per-file isolation: each worker imports src/ (mathjs, KaTeX,
// the engine) once instead of once per file, which was more than half of the fast project's
// CPU time. A test file therefore must not rely on another file's side effects, nor leave any
// behind (environment variables, module state); `npx vitest run <file>` runs a file alone.
//
// `npm run test:fast` (the inner loop) adds `--mode quick`: SYMGRAD_QUICK=1 in the tests, which
// run a share of their long loops (test/support/quick.ts). Without it every case runs.
export default defineConfig(({ mode }) => ({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: mode === 'quick' ? { SYMGRAD_QUICK: '1' } : {},
    projects: [
      {
        extends: true,
        test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts'], isolate: false },
      },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'] } },
    ],
  },
}));
