/**
 * A missing or extra network-file argument is a user mistake: `symgrad grad`, `derive` and
 * `compile` each answer with exactly one line on stderr (naming the count and pointing to
 * --help) and exit code 2, never the multi-line usage block.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const run = runCli;

describe('missing network file', () => {
  for (const cmd of ['grad', 'derive', 'compile']) {
    it(`symgrad ${cmd} with no file prints one line and exits 2`, async () => {
      const r = await run(cmd);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`symgrad ${cmd}: expected one network file, got 0 (see symgrad ${cmd} --help)\n`);
    });
    it(`symgrad ${cmd} with two files prints one line and exits 2`, async () => {
      const r = await run(cmd, 'a.yaml', 'b.yaml');
      expect(r.code).toBe(2);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toContain('got 2');
    });
  }
  it('symgrad derive --gallery with a file prints one line and exits 2', async () => {
    const r = await run('derive', '--gallery', 'derivations', 'net.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toBe('symgrad derive: --gallery takes no network file, got 1 (see symgrad derive --help)\n');
  });
});
