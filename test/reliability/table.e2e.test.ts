/**
 * The slow rows of issue 11's table (the rest: table.test.ts): a bad cell deep in a 150,000-row
 * JSON data file is still named by its path (three parses of a 1.5 MB file), deep structures
 * (a 2,000-term sum, a 3,000-step chain, 5,000 layers) never overflow the stack, and no raw
 * control character reaches the terminal (a real `symgrad` process, seconds of start-up).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SymgradError } from '../../src/errors.js';
import { escapeControl } from '../../src/errors.js';
import { parseNetwork } from '../../src/nn/load.js';
import { file, oneLine, run, scratch, SEED } from './run.js';

describe('issue 11: input files are bounded', () => {
  it('a bad cell deep in a large JSON data file is still named by its path', { timeout: 120_000 }, () => {
    const rows = Array(150_000).fill('[1,1]');
    const at = (i: number, cell: string) => parseNetwork(`{"name":"rows","layers":[{"type":"linear","in":2,"out":1}],"loss":{"type":"mse"},` +
      `"optimizer":{"type":"sgd","lr":0.1},"data":{"x":[${rows.map((r, k) => (k === i ? cell : r)).join(',')}],"y":[${rows.map(() => '[0]').join(',')}]}}`, 'rows.json');
    const message = (i: number, cell: string): string => {
      try {
        at(i, cell);
      } catch (e) {
        return (e as SymgradError).format();
      }
      return 'accepted';
    };
    expect(message(140_000, '[1,1,1]')).toBe('rows.json: data.x[140000]: expected a row of 2 numbers, got 3');
    expect(message(149_999, '[1,"a"]')).toMatch(/^rows\.json: data\.x\[149999\]\[1\]: expected a number, got/);
    expect(message(7, '[1,1e999]')).toMatch(/^rows\.json: data\.x\[7\]\[1\]: infinity is not allowed/);
    expect(at(0, '[1,1]').data.x[149_999]).toEqual([1, 1]);
  });
});

describe('issue 11: deep structures never overflow the stack', () => {
  it('diff of a 2,000-term sum', async () => {
    const sum = Array.from({ length: 2000 }, (_, i) => `a${i}*x`).join(' + ');
    const r = await run('diff', sum, '--wrt', 'a1999');
    expect(r.code).toBe(0);
    expect(r.out).toContain('∂f/∂a_1999 = x');
  });
  it('diff of a 3,000-step assignment chain', async () => {
    const chain = ['v0 = x', ...Array.from({ length: 3000 }, (_, i) => `v${i + 1} = v${i} + x`)].join('\n');
    const r = await run('diff', chain, '--wrt', 'x', '--at', 'x=2');
    expect(r.code).toBe(0);
    expect(r.out).toContain('∂v_3000/∂x = 3001');
  });
  it('a 5,000-layer network gets one line at load time (grad --backend js, derive --view matrix)', async () => {
    const layers = Array.from({ length: 2500 }, () => '  - {type: linear, in: 2, out: 2}\n  - sigmoid').join('\n');
    const deep = file('deep.yaml', SEED.replace(/layers:[\s\S]*?loss:/, `layers:\n${layers}\nloss:`).replace('bce', 'mse').replace('y: [[0]]', 'y: [[0, 0]]'));
    for (const args of [['grad', deep, '--backend', 'js'], ['derive', deep, '--view', 'matrix', '--out', scratch()]]) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toMatch(/deep\.yaml:3: layers: 5000 layers is more than the limit of 1000 \(docs\/limits\.md\)/);
    }
  });
});

describe('issue 11: text input is text', () => {
  it('no raw control character reaches the terminal', () => {
    expect(escapeControl('a\u001bcb\u0007\u009b\tc\n')).toBe('a\\x1bcb\\x07\\x9b\tc\n');
    const path = file('reset.md', 'Text \u001bc here\n\n$$z_1 = 1 + 1 = 2$$\n');
    const r = spawnSync(process.execPath, ['bin/symgrad.js', 'check', path, '--tolerance', `\u001bc`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('\\x1bc');
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
