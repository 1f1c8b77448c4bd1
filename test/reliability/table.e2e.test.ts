/**
 * The slow rows of issue 11's table (the rest: table.test.ts): a bad cell deep in a 150,000-row
 * JSON data file is still named by its path (three parses of a 1.5 MB file), and no raw control
 * character reaches the terminal (a real `symgrad` process, seconds of start-up through tsx).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SymgradError } from '../../src/errors.js';
import { escapeControl } from '../../src/errors.js';
import { parseNetwork } from '../../src/nn/load.js';
import { file } from './run.js';

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
