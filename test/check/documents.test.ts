/**
 * Whole documents and the command line: unreadable math is "not checked" with a reason and a
 * normal exit; without a model the arithmetic and consistency checks still run; a LaTeX file
 * checked against --model; a grader's answers file; exit codes 0 / 1 / 2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClaims, checkDocument } from '../../src/check/index.js';
import { buildTruth } from '../../src/check/truth.js';
import { main } from '../../src/cli/main.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const fixture = (name: string) => `test/check/fixtures/${name}`;
const read = (name: string) => readFileSync(fixture(name), 'utf8');
const NETWORK = 'derivations/seed-2-2-1/network.yaml';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('math the checker cannot read', () => {
  const r = checkDocument(read('unreadable.md'), 'unreadable.md');

  it('is reported as not checked, each with its reason', () => {
    const notes = r.equations.filter((e) => e.status === 'not-checked').map((e) => [e.line, e.findings[0]!.message]);
    expect(notes).toEqual([
      [3, expect.stringContaining("unknown command '\\int'")],
      [5, expect.stringContaining('a sum over an index')],
      [7, expect.stringContaining("the relation '\\le' is not checked")],
      [9, expect.stringContaining('text inside the formula')],
      [11, expect.stringContaining("found '\\cdots'")],
      [15, expect.stringContaining('never closed')],
    ]);
  });

  it('still checks what it can read, and exits normally', async () => {
    expect(r.summary).toEqual({ passed: 1, failed: 0, warnings: 0, not_checked: 6 });
    const { code, out } = await cli(fixture('unreadable.md'));
    expect(code).toBe(0);
    expect(out.split('\n').at(-1)).toBe('1 passed, 0 failed, 0 warnings, 6 not checked');
  });
});

describe('a document without a model', () => {
  const r = checkDocument(read('arithmetic.md'), 'arithmetic.md');

  it('says that values are not compared with a network', () => {
    expect(r.model.source).toBe('none');
    expect(r.model.notes[0]).toContain('no model');
  });

  it('checks arithmetic (exp, sqrt, ln, powers, fractions) and consistency of symbols', () => {
    const status = Object.fromEntries(r.equations.map((e) => [e.line, e.status]));
    expect(status).toEqual({ 3: 'passed', 5: 'passed', 7: 'failed', 9: 'passed', 11: 'failed' });
    const t = r.equations.find((e) => e.line === 7)!.findings[0]!;
    expect([t.cause, t.message]).toEqual(['inconsistent', 't: inconsistent: line 3 gives z = 1.1, but 1.2 is put in']);
    const v = r.equations.find((e) => e.line === 11)!.findings[0]!;
    expect(v.cause).toBe('arithmetic');
    expect(v.message).toContain('(0.25 + 0.5) · 4 gives 3, not 3.1');
  });

  it('uses an absolute --tolerance when given', () => {
    const loose = checkDocument('$$ a = 0.1 + 0.2 = 0.31 $$', 'loose.md', { tolerance: 0.02 });
    expect(loose.summary.failed).toBe(0);
    const strict = checkDocument('$$ a = 0.1 + 0.2 = 0.31 $$', 'strict.md');
    expect(strict.summary.failed).toBe(1);
  });
});

describe('a model that cannot be used for truth checks', () => {
  const code = (body: string) => `\`\`\`python\n${body}\n\`\`\`\n\n$$ z_1 = 0.5 + 0.25 = 0.75 $$\n`;

  it('says so when the input is not given, and still checks the arithmetic', () => {
    const r = checkDocument(code('model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())\nmodel[0].weight.data = torch.Tensor([[0.5, 0.25]])\nmodel[0].bias.data = torch.Tensor([0.0])\ncriterion = nn.BCELoss()\noptimizer = optim.SGD(model.parameters(), lr=0.1)'), 'no-x.md');
    expect(r.model.notes).toEqual([expect.stringContaining('the input x is not given: pass --x (2 values)')]);
    expect(r.summary).toEqual({ passed: 1, failed: 0, warnings: 0, not_checked: 0 });
  });

  it('says so when weights are not literals', () => {
    const r = checkDocument(code('model = nn.Sequential(nn.Linear(2, 1))\nmodel[0].weight.data = torch.randn(1, 2)'), 'random.md', { x: [1, 1], y: [0] });
    expect(r.model.notes[0]).toContain('the weight of model[0] is not given as a literal');
    expect(r.summary.passed).toBe(1);
  });

  it('checks an update written with \\leftarrow against the value after the step', () => {
    const doc = readFileSync(fixture('clean.md'), 'utf8') + '\n$$ W_6 \\leftarrow W_6 - 1 \\times 0.2797 = -0.1668 $$\n$$ b_3 \\gets b_3 - 0.4154 = -0.8 $$\n';
    const r = checkDocument(doc, 'update.md');
    const last = r.equations.slice(-2);
    expect(last.map((e) => [e.subject, e.status])).toEqual([['W_6(t+1)', 'passed'], ['b_3(t+1)', 'failed']]);
  });
});

describe('a LaTeX document checked against --model', () => {
  const spec = loadNetworkFile(NETWORK);

  it('reads align rows, \\[ \\], equation bodies, inline \\( \\) and skips comments and listings', () => {
    const r = checkDocument(read('clean.tex'), 'clean.tex', { spec });
    expect(r.model.source).toBe('file');
    expect(r.equations.map((e) => [e.line, e.subject, e.status])).toEqual([
      [5, 'x', 'passed'], [5, 'y', 'passed'], [8, 'z_1', 'passed'], [14, 'σ_1', 'passed'],
      [18, 'z_2', 'passed'], [22, 'σ_2', 'passed'], [25, 'z_3', 'passed'],
    ]);
  });

  it('reports a slip on the row of the align block where it is', () => {
    const doc = read('clean.tex').replace('0.3545 \\cdot 1 - 0.1419', '0.3545 \\cdot 1 + 0.1419');
    const r = checkDocument(doc, 'slip.tex', { spec });
    const errors = r.equations.flatMap((e) => e.findings).filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.line, f.cause])).toEqual([[9, 'sign-slip']]);
  });

  it('runs from the command line', async () => {
    const { code, out } = await cli(fixture('clean.tex'), '--model', NETWORK);
    expect([code, out]).toEqual([0, '7 passed, 0 failed, 0 warnings, 0 not checked']);
  });
});

describe('--claims: a grader\'s answers file', () => {
  it('checks each answer against the network and explains the wrong one', () => {
    const truth = buildTruth(loadNetworkFile(NETWORK));
    const r = checkClaims(read('answers.yaml'), 'answers.yaml', truth);
    expect(r.summary).toEqual({ passed: 6, failed: 1, warnings: 0, not_checked: 0 });
    const wrong = r.equations.find((e) => e.status === 'failed')!;
    expect(wrong.line).toBe(8);
    expect(wrong.findings[0]!.cause).toBe('sign-slip');
    expect(wrong.findings[0]!.message).toContain('b_2 = −0.0439');
  });

  it('lists answers it cannot read or compare as not checked', () => {
    const truth = buildTruth(loadNetworkFile(NETWORK));
    const r = checkClaims('foo bar: 1\nq_7: 3\n"\\\\frac{": 2\n', 'odd.yaml', truth);
    expect(r.equations.map((e) => [e.line, e.status])).toEqual([[1, 'not-checked'], [2, 'not-checked'], [3, 'not-checked']]);
    expect(r.equations[1]!.findings[0]!.message).toContain('nothing to compare it with');
  });

  it('exits 1 from the command line, and 2 without --model', async () => {
    const r = await cli('--claims', fixture('answers.yaml'), '--model', NETWORK);
    expect(r.code).toBe(1);
    expect(r.out).toContain('answers.yaml:8: error: z_2:');
    expect((await cli('--claims', fixture('answers.yaml'))).code).toBe(2);
  });
});

describe('unusable input exits 2 with one line', () => {
  it.each([
    [['no-such-file.md'], 'no such file'],
    [[fixture('clean.md'), '--tolerance', 'tight'], '--tolerance'],
    [[fixture('clean.md'), '--x', '1,a'], '--x'],
    [[fixture('clean.md'), '--x', '1,1,1'], 'the network in the code takes 2'],
    [[fixture('clean.md'), '--model', 'no-such-network.yaml'], 'no such file'],
    [[], 'expected one document'],
  ])('%j', async (argv, says) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(says);
    expect(r.err.split('\n')[0]).toMatch(/^symgrad check: /);
  });
});
