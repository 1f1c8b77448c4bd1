/**
 * The browser entry (src/index.ts) bundles for a browser as it is: no node: built-in, gpu.js
 * only behind a dynamic import(), none of mathjs beyond its parser, and the bundle runs in a bare JavaScript realm
 * (no `process`, no `require`) — parsing a network, training it, differentiating a formula.
 * Expected numbers: d/dx x²·y = 2xy = 12 at (3, 2); the seed's loss within 1e-15 of PyTorch's.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('browser bundle of src/index.ts', () => {
  it('has no node: imports, no gpu.js, only the mathjs parser, and runs without Node', async () => {
    const r = await build({
      entryPoints: [join(ROOT, 'src/index.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      globalName: 'symgrad',
      metafile: true,
      external: ['gpu.js'],
      logLevel: 'silent',
    });
    // what ends up in the bundle (esbuild lists every file it read, tree-shaken or not)
    const output = Object.values(r.metafile.outputs)[0]!;
    const inputs = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f);
    expect(inputs.filter((f) => f.startsWith('node:') || /(^|\/)src\/.*-node\.ts$/.test(f))).toEqual([]);
    expect(inputs.filter((f) => f.includes('node_modules/gpu.js') || f.includes('node_modules/webgpu'))).toEqual([]);
    // gpu.js is reached only by a dynamic import(), when a GPU backend is asked for
    const gpuImports = Object.values(r.metafile.inputs).flatMap((i) => i.imports).filter((i) => i.path === 'gpu.js');
    expect(gpuImports.map((i) => i.kind)).toEqual(['dynamic-import']);
    const mathjs = inputs.filter((f) => f.includes('node_modules/mathjs/'));
    expect(mathjs.some((f) => f.includes('/expression/parse.js'))).toBe(true);
    expect(mathjs.filter((f) => /\/function\/(statistics|probability|algebra|geometry)\//.test(f))).toEqual([]);
    // nothing left for the page to load but gpu.js's optional dynamic import
    expect(output.imports.map((i) => i.path)).toEqual(['gpu.js']);
    const code = r.outputFiles[0]!.text;
    const net = readFileSync(join(ROOT, 'derivations/seed-2-2-1/network.yaml'), 'utf8');
    const ref = JSON.parse(readFileSync(join(ROOT, 'test/nn/fixtures/seed-2-2-1.reference.json'), 'utf8')) as { loss: number };
    const sandbox: Record<string, unknown> = { net, out: undefined };
    runInNewContext(`${code}
      const spec = symgrad.loadNetwork(net);
      out = { loss: symgrad.train(spec).loss, dx: symgrad.grad('x^2*y', 'x')({ x: 3, y: 2 }), md: symgrad.render(symgrad.derive(spec), 'md', 'ko').get('derivation.md').length };`, sandbox);
    const out = sandbox.out as { loss: number; dx: number; md: number };
    expect(Math.abs(out.loss - ref.loss)).toBeLessThan(1e-15);
    expect(out.dx).toBe(12);
    expect(out.md).toBeGreaterThan(1000);
  });
});
