/**
 * `symgrad grad -` reads the network from standard input: a real `symgrad` process (bin/symgrad.js,
 * through tsx in a checkout), fed the seed network on stdin; its loss is the in-repo PyTorch
 * reference's, and a broken file on stdin is one line naming <stdin>, exit 2. A real process
 * costs seconds of start-up, so this lives in the e2e project (the other habits: habits.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = join(ROOT, 'derivations/seed-2-2-1/network.yaml');
const REF = JSON.parse(readFileSync(join(ROOT, 'test/nn/fixtures/seed-2-2-1.reference.json'), 'utf8')) as { loss: number; loss_after_one_step: number };

describe('symgrad CLI habits', () => {
  it('reads the network from standard input with -', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/symgrad.js'), 'grad', '-', '--json'], { input: readFileSync(SEED), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(Math.abs((JSON.parse(r.stdout) as { loss: number }).loss - REF.loss)).toBeLessThan(1e-15);
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/symgrad.js'), 'grad', '-'], { input: 'layers: [', encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^symgrad grad: <stdin>:/);
  }, 180_000);
});
