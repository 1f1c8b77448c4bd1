/**
 * Golden files of generated code: the seed network's straight-line and loop sources, compared
 * byte for byte, so that any change to the code generator shows up as a reviewable diff.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/compile/golden.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGradient, type CompileOptions } from '../../src/compile/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const spec = loadNetworkFile(here('../../derivations/seed-2-2-1/network.yaml'));

const cases: Array<[string, CompileOptions]> = [
  ['seed-2-2-1.scalar.js', { view: 'scalar' }],
  ['seed-2-2-1.loops.js', { view: 'matrix' }],
  ['seed-2-2-1.loops-f32-batch4.js', { view: 'matrix', dtype: 'float32', batch: 4 }],
];

describe('generated code matches the golden files', () => {
  for (const [file, opts] of cases) {
    it(file, () => {
      const source = `${compileGradient(spec, opts).source}\n`;
      const path = here(`golden/${file}`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(path, source);
      expect(source).toBe(readFileSync(path, 'utf8'));
    });
  }
});
