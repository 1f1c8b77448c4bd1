/**
 * Worker threads never outlive their use: a process that compiles a threaded wasm gradient and
 * returns without dispose() still exits by itself (workers are unref'd), and dispose() ends
 * every worker (each emits 'exit'), after which the process exits at once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runScript(body: string): { status: number | null; stdout: string; stderr: string; ms: number } {
  const script = `
    import { compileGradient } from ${JSON.stringify(join(root, 'src/compile/index.ts'))};
    import { networkFromObject } from ${JSON.stringify(join(root, 'src/nn/load.ts'))};
    const spec = networkFromObject({
      layers: [{ type: 'linear', in: 40, out: 30 }, { type: 'tanh' }, { type: 'linear', in: 30, out: 4 }],
      loss: { type: 'cross_entropy' }, optimizer: { type: 'sgd', lr: 0.1 }, seed: 2,
      data: { x: Array.from({ length: 16 }, (_, i) => Array.from({ length: 40 }, (_, j) => Math.sin(i + j))), y: Array.from({ length: 16 }, (_, i) => [i % 4]) },
    });
    ${body}
  `;
  const dir = mkdtempSync(join(tmpdir(), 'symgrad-workers-'));
  try {
    writeFileSync(join(dir, 'run.mts'), script);
    const t = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'run.mts')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('wasm worker threads', { timeout: 90_000 }, () => {
  it('a process that never calls dispose() still exits on its own', () => {
    const r = runScript(`
      const c = compileGradient(spec, { backend: 'wasm', threads: 3 });
      const { x, y } = c.data();
      const g = new Float64Array(c.layout.paramCount);
      console.log(c.mode, c.grad(c.initialParams(), x, y, g) > 0);
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('wasm-simd:3-threads true');
  });

  it('dispose() ends every worker', () => {
    const r = runScript(`
      const c = compileGradient(spec, { backend: 'wasm', threads: 3 });
      const { x, y } = c.data();
      c.grad(c.initialParams(), x, y, new Float64Array(c.layout.paramCount));
      const late = setTimeout(() => { console.log('workers still running'); process.exit(3); }, 10000);
      console.log(await c.dispose());
      clearTimeout(late);
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('2');
  });
});
