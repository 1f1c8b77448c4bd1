/**
 * CLI habits: --version, --every, compile --json, shell completion from the command table, and
 * progress that appears only on a terminal. The expected version is the one package.json states.
 * `-` for standard input needs a real process: stdin.e2e.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';
import { progress } from '../../src/cli/progress.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = join(ROOT, 'derivations/seed-2-2-1/network.yaml');

const run = runCli;

describe('symgrad CLI habits', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('--every N lists every N-th loss and the last', async () => {
    const r = await run('grad', SEED, '--steps', '7', '--every', '3');
    const steps = [...r.out.matchAll(/loss after step (\d+):/g)].map((m) => Number(m[1]));
    expect(steps).toEqual([3, 6, 7]);
    expect((await run('grad', SEED, '--every', 'x')).code).toBe(2);
  });

  it('compile --json gives the mode, layout and source', async () => {
    const r = await run('compile', SEED, '--json');
    const j = JSON.parse(r.out) as { mode: string; layout: { paramCount: number }; source: string };
    expect(j.layout.paramCount).toBe(9);
    expect(j.mode).toBe('js-scalar');
    expect(j.source).toContain('function grad');
  });

  it('completion scripts list every command and its flags', async () => {
    const bash = await run('completion', 'bash');
    expect(bash.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(bash.out).toContain(`    ${name}) flags="`);
    expect(bash.out).toMatch(/grad\) flags="[^"]*--every[^"]*"/);
    expect(bash.out).toMatch(/compile\) flags="[^"]*--json[^"]*"/);
    const syntax = spawnSync('bash', ['-n'], { input: bash.out, encoding: 'utf8' });
    expect(syntax.status).toBe(0);
    const zsh = await run('completion', 'zsh');
    expect(zsh.out).toMatch(/^#compdef symgrad/);
    expect(zsh.out).toContain("'derive:write a step-by-step derivation document");
    expect((await run('completion', 'fish')).code).toBe(2);
  });

  it('progress draws only on a terminal, and erases itself', () => {
    let tty = '';
    const p = progress('symgrad grad', { isTTY: true, write: (s: string) => (tty += s) });
    for (let k = 1; k <= 3; k++) p.tick(k, 3);
    p.done();
    expect(tty).toContain('step 3/3 (100%)');
    expect(tty.endsWith('\r\x1b[2K')).toBe(true);
    let pipe = '';
    const q = progress('symgrad grad', { isTTY: false, write: (s: string) => (pipe += s) });
    q.tick(1, 1);
    q.done();
    expect(pipe).toBe('');
  });
});
