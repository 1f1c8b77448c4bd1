/**
 * Matrix statements checked entry by entry (matrices.ts): products of bmatrix operands, names
 * given a matrix earlier, transposes, broadcasting, element-wise formulas, bounded sums, and a
 * formula given before its numbers. Values are Mazur's published forward pass (0.3775, 0.3925)
 * and the Jakubak mini-batch notebook of the corpus (its printed outputs), with one entry changed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const mazur = (z2: string) => [
  '$$W_1 = \\begin{bmatrix} 0.15 & 0.20 \\\\ 0.25 & 0.30 \\end{bmatrix}, \\quad b = 0.35, \\quad X = \\begin{bmatrix} 0.05 \\\\ 0.10 \\end{bmatrix}$$',
  '',
  `$$Z_1 = W_1 \\cdot X + b = \\begin{bmatrix} 0.15 & 0.20 \\\\ 0.25 & 0.30 \\end{bmatrix} \\cdot \\begin{bmatrix} 0.05 \\\\ 0.10 \\end{bmatrix} + 0.35 = \\begin{bmatrix} 0.3775 \\\\ ${z2} \\end{bmatrix}$$`,
].join('\n');

describe('matrix statements, entry by entry', () => {
  it('passes a correct product W·x + b (both entries checked)', () => {
    const r = checkDocument(mazur('0.3925'), 'm.md');
    expect(flagged(r)).toEqual([]);
    const z = r.equations.find((e) => e.subject === 'Z_1')!;
    expect(z.status).toBe('passed');
    expect(z.checks).toBeGreaterThanOrEqual(4);
    // One result per statement, not one per entry.
    expect(r.equations.filter((e) => e.line === 3)).toHaveLength(1);
  });

  it('locates the wrong entry of a product', () => {
    const text = mazur('0.4925');
    const f = flagged(checkDocument(text, 'm.md'));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/^Z_1_2: /);
    expect(f[0]!.message).toContain('0.3925');
  });

  it('reads a transpose and a bounded sum', () => {
    const text = [
      '$$W = \\begin{bmatrix} 0.15 & 0.20 \\\\ 0.25 & 0.30 \\end{bmatrix}, \\quad x = \\begin{bmatrix} 0.05 \\\\ 0.10 \\end{bmatrix}$$',
      '$$d = W^T x = \\begin{bmatrix} 0.0325 \\\\ 0.0400 \\end{bmatrix}$$',
      '$$s = \\sum_{i=1}^{2} W_{i,1} x_i = 0.0075 + 0.0250 = 0.0335$$',
    ].join('\n');
    const f = flagged(checkDocument(text, 't.md'));
    // d_1 = 0.15·0.05 + 0.25·0.10 = 0.0325 and d_2 = 0.20·0.05 + 0.30·0.10 = 0.0400 hold; the sum's
    // written-out terms do not add up (0.0075 + 0.0250 = 0.0325, not 0.0335).
    expect(f.map((x) => [x.line, x.cause])).toEqual([[3, 'arithmetic']]);
  });

  it('checks a batch notebook: Z0 = W X0 + b per sample, σ entry-wise, numbers given after the formula', () => {
    const doc = readFileSync('test/check/corpus/jakubak-minibatch-en/doc.md', 'utf8');
    const spec = loadNetworkFile('test/check/corpus/jakubak-minibatch-en/network.yaml');
    expect(flagged(checkDocument(doc, 'j.md', { spec }))).toEqual([]);
    // Sample 2's activation printed wrong (true 0.47502081): found on its entry, against the batch model.
    const text = doc.replace('0.52497919 & 0.47502081', '0.52497919 & 0.47602081');
    const f = flagged(checkDocument(text, 'j.md', { spec }));
    expect(f.map((x) => x.line)).toEqual([lineOf(text, '0.47602081')]);
    expect(f[0]!.message).toContain('A_0_2 = 0.476021');
    expect(f[0]!.message).toContain('0.475021');
  });
});
