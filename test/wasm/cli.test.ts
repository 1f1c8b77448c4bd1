/**
 * The command line of the wasm backend: `symgrad bench` (text and --json, random data from
 * --batch when the file has none), `compile --backend wasm`, `grad --backend wasm|auto` agreeing
 * with the interpreter, and one-line errors for bad --backend, --threads and --batch values.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const file = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const seed = file('derivations/seed-2-2-1/network.yaml');
const mnist = file('examples/mnist-mlp.yaml');
const classifier = file('derivations/relu-softmax-classifier/network.yaml');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('symgrad bench', () => {
  it('--json gives the documented fields for a file without data (random batch)', async () => {
    const r = await cli('bench', mnist, '--batch', '3', '--backend', 'wasm', '--float32', '--threads', '2', '--rounds', '3', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    for (const k of ['median_ms', 'p25_ms', 'p75_ms', 'gflops']) expect(j[k]).toBeGreaterThan(0);
    expect(j).toMatchObject({ backend: 'wasm', dtype: 'float32', threads: 2, batch: 3 });
    expect(j.p25_ms as number).toBeLessThanOrEqual(j.median_ms as number);
    expect(j.median_ms as number).toBeLessThanOrEqual(j.p75_ms as number);
  });

  it('auto picks the JS straight line for the seed network and says so', async () => {
    const r = await cli('bench', seed, '--rounds', '2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/backend js \(js-scalar\), 1 thread/);
    expect(r.out).toMatch(/median [\d.e-]+ ms/);
  });

  it('refuses a file without data and no --batch, and bad flags, in one line', async () => {
    for (const argv of [[mnist], [seed, '--threads', '0'], [seed, '--backend', 'cuda'], [seed, '--batch', 'x'], [seed, '--rounds', '0']]) {
      const r = await cli('bench', ...argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('compile and grad with the wasm backend', () => {
  it('compile --backend wasm describes the module: memory layout and steps', async () => {
    const r = await cli('compile', mnist, '--backend', 'wasm', '--batch', '4', '--threads', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\/\/ mode: wasm-simd\n/);
    expect(r.out).toMatch(/wasm: SIMD128 module of \d+ bytes, 1 thread/);
    expect(r.out).toContain('memory[');
  });

  it('grad --backend wasm and auto give the interpreter\'s numbers', async () => {
    const want = JSON.parse((await cli('grad', classifier, '--steps', '3', '--json')).out);
    for (const backend of ['wasm', 'auto']) {
      const r = await cli('grad', classifier, '--steps', '3', '--json', '--backend', backend);
      expect(r.code).toBe(0);
      const got = JSON.parse(r.out);
      got.losses.forEach((l: number, i: number) => expect(Math.abs(l - want.losses[i])).toBeLessThan(1e-12));
      expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-12);
    }
  });
});
