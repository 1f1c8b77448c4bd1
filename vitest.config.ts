import { defineConfig } from 'vitest/config';

// Two projects: `fast` (unit and property tests, `npm run test:fast`) and `e2e` (`*.e2e.test.ts`:
// gallery regeneration, Chromium, pdflatex, the benchmark harness). `npm test` runs fast, then
// e2e, so the browser and pdflatex checks do not compete for the CPU with the unit tests.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'] } },
    ],
  },
});
