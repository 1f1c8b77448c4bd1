/**
 * The derivative cases of the mathjs and nerdamer test suites against a SymPy oracle
 * (test/ops/peers: cases, oracle, checker); each case passes or is listed out of scope with a
 * reason, out of scope stays at most 10 %, and the committed report PEERS.md is the current one.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CASES, renderReport, runCase } from './peers/run.js';

describe('peer derivative suites (mathjs, nerdamer) against SymPy', () => {
  const results = CASES.map(runCase);
  it.each(results.map((r) => [`#${r.case.id} ${r.case.suite}: ${r.case.formula} (d/d${r.case.wrt})`, r] as const))('%s', (_, r) => {
    expect(r.status, r.detail).not.toBe('fail');
  });

  it('at most 10 % out of scope, each with a reason', () => {
    const out = results.filter((r) => r.status === 'out');
    expect(out.length / results.length).toBeLessThanOrEqual(0.1);
    for (const r of out) expect(r.detail.length).toBeGreaterThan(20);
  });

  it('the committed report is current', () => {
    expect(readFileSync(new URL('./PEERS.md', import.meta.url), 'utf8')).toBe(renderReport(results));
  });
});
