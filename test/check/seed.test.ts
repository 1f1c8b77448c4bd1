/**
 * The seed tutorial (forward-backward-propagation.ko.md) checked with its own PyTorch code block
 * as the model and x = [1, 1], y = 0: both slips found and explained, nothing else flagged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument, formatReport, type Report } from '../../src/check/index.js';
import { main } from '../../src/cli/main.js';

// A verbatim copy of shared/seed/forward-backward-propagation.ko.md, so the test runs in any checkout.
const SEED = 'test/check/fixtures/forward-backward-propagation.ko.md';
const text = readFileSync(SEED, 'utf8');

function byLine(r: Report, line: number) {
  const eq = r.equations.find((e) => e.line === line);
  if (!eq) throw new Error(`no equation at line ${line}`);
  return eq;
}

describe.each([
  ['with --x 1,1 --y 0', { x: [1, 1], y: [0] }],
  ['with x and y read from the text', {}],
])('the seed tutorial, %s', (_, opts) => {
  const r = checkDocument(text, 'seed.md', opts);

  it('reads the model from the code block', () => {
    expect(r.model.source).toBe('code');
    expect(r.model.notes).toEqual([]);
  });

  it('finds the sign slip in the substitution for z_2, with the value 0.7225 right', () => {
    const z2 = byLine(r, 79);
    expect(z2.status).toBe('failed');
    const errors = z2.findings.filter((f) => f.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.cause).toBe('sign-slip');
    expect(errors[0]!.message).toContain('b_2 = 0.0439, but it is put in as −0.0439');
    expect(errors[0]!.message).toContain('gives 0.6347, not 0.7225');
    expect(errors[0]!.message).toContain('the result 0.7225 is right');
  });

  it('reports σ_2 used as 0.6731 in z_3 as rounding drift, a warning, with z_3 = −0.3415 still right', () => {
    const z3 = byLine(r, 99);
    expect(z3.status).toBe('passed');
    expect(z3.findings.map((f) => [f.severity, f.cause])).toEqual([['warning', 'rounding-drift']]);
    const m = z3.findings[0]!.message;
    expect(m).toContain('σ_2 is used as 0.6731, but line 91 gives σ_2 = 0.6732');
    expect(m).toContain('truncated, not rounded');
    expect(m).toContain('the result −0.3415 is right');
  });

  it('accepts σ_3 = 1/(1 + e^{0.3415}): e^{−z_3} with z_3 = −0.3415 is e^{0.3415}', () => {
    const s3 = byLine(r, 103);
    expect(s3.status).toBe('passed');
    expect(s3.findings).toEqual([]);
  });

  it('raises no error anywhere else', () => {
    const errors = r.equations.flatMap((e) => e.findings).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.line)).toEqual([79]);
    for (const line of [75, 87, 91, 103, 117]) expect(byLine(r, line).status).toBe('passed');
  });

  it('says which equations it cannot check and why', () => {
    expect(byLine(r, 22).status).toBe('not-checked');
    expect(byLine(r, 22).findings[0]!.message).toContain("unknown name 'activation'");
    expect(byLine(r, 133).status).toBe('not-checked');
    expect(byLine(r, 133).findings[0]!.message).toContain('no value for W_n(t+1)');
  });

  it('prints a compiler-style report with the summary line', () => {
    const out = formatReport(r).split('\n');
    expect(out).toContain(out.find((l) => l.startsWith('seed.md:79: error: z_2: sign slip')));
    expect(out.at(-1)).toBe('8 passed, 1 failed, 2 warnings, 2 not checked');
  });
});

describe('symgrad check on the seed', () => {
  it('exits 1 because an error is found, and prints JSON with --json', async () => {
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    expect(await main(['check', SEED, '--x', '1,1', '--y', '0'], io)).toBe(1);
    expect(out.join('\n')).toMatch(/forward-backward-propagation\.ko\.md:79: error: z_2: /);
    out.length = 0;
    expect(await main(['check', SEED, '--json'], io)).toBe(1);
    const json = JSON.parse(out.join('')) as Report;
    expect(json.summary).toEqual({ passed: 8, failed: 1, warnings: 2, not_checked: 2 });
  });
});
