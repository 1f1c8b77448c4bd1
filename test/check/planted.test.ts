/**
 * A correct worked example of the seed network passes clean; the same example with one planted
 * slip of each kind is caught on the right line with the right diagnosis, and nothing else is flagged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';

const clean = readFileSync('test/check/fixtures/clean.md', 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('the clean worked example', () => {
  it('passes with no finding at all', () => {
    const r = checkDocument(clean, 'clean.md');
    expect(r.model.source).toBe('code');
    expect(r.summary).toEqual({ passed: 16, failed: 0, warnings: 0, not_checked: 0 });
    expect(r.equations.flatMap((e) => e.findings)).toEqual([]);
  });
});

interface Plant {
  name: string;
  from: string;
  to: string;
  cause: string;
  severity: 'error' | 'warning';
  says: string[];
}

const PLANTS: Plant[] = [
  {
    name: 'a sign slip in a substitution', from: '0.4835 \\times 1 + 0.0439', to: '0.4835 \\times 1 - 0.0439',
    cause: 'sign-slip', severity: 'error', says: ['b_2 = 0.0439, but it is put in as −0.0439'],
  },
  {
    name: 'a sign slip in an exponent', from: 'e^{0.3415}} = 0.4154', to: 'e^{-0.3415}} = 0.4154',
    cause: 'sign-slip', severity: 'error', says: ['z_3 = −0.3415, but it is put in as 0.3415'],
  },
  {
    name: 'swapped operands', from: '-0.1725 \\times 0.6565 + 0.1129 \\times 0.6732', to: '-0.1725 \\times 0.6732 + 0.1129 \\times 0.6565',
    cause: 'wrong-operand', severity: 'error', says: ['σ_1 and σ_2 are swapped'],
  },
  {
    name: 'a wrong operand', from: '0.4154 \\times 0.6565 = 0.2727', to: '0.4154 \\times 0.1129 = 0.2727',
    cause: 'wrong-operand', severity: 'error', says: ['W_6'],
  },
  {
    name: 'a transposed weight index', from: '0.4352 \\times 1 + 0.3545 \\times 1', to: '0.4352 \\times 1 + 0.1951 \\times 1',
    cause: 'transposed-index', severity: 'error', says: ['W_2 = 0.3545, but 0.1951 is W_3', '"0.weight"[0][1]', '"0.weight"[1][0]'],
  },
  {
    name: 'a transposed index in the formula itself', from: 'z_1 = W_1 x_1 + W_2 x_2 + b_1', to: 'z_1 = W_1 x_1 + W_3 x_2 + b_1',
    cause: 'transposed-index', severity: 'error', says: ['the formula has W_3 where W_2 fits'],
  },
  {
    name: 'rounding drift', from: '0.1129 \\times 0.6732 - 0.3043', to: '0.1129 \\times 0.6731 - 0.3043',
    cause: 'rounding-drift', severity: 'warning', says: ['σ_2 is used as 0.6731', 'σ_2 = 0.6732'],
  },
  {
    name: 'a wrong learning rate in the substitution', from: '-0.1725 - 1 \\times 0.2727 = -0.4452', to: '-0.1725 - 0.1 \\times 0.2727 = -0.1998',
    cause: 'wrong-learning-rate', severity: 'error', says: ["the optimizer's lr is 1, but α = 0.1 is used"],
  },
  {
    name: 'a wrong learning rate in the result only', from: '= -0.1725 - 1 \\times 0.2727 = -0.4452', to: '= -0.1998',
    cause: 'wrong-learning-rate', severity: 'error', says: ['fits α = 0.1'],
  },
  {
    name: 'an update that adds the gradient', from: '-0.3043 - 1 \\times 0.4154 = -0.7197', to: '-0.3043 + 1 \\times 0.4154 = 0.1111',
    cause: 'sign-slip', severity: 'error', says: ['sign'],
  },
  {
    name: 'an arithmetic error', from: '0.4154 \\times 0.6732 = 0.2797', to: '0.4154 \\times 0.6732 = 0.2779',
    cause: 'arithmetic', severity: 'error', says: ['0.4154 × 0.6732 gives 0.279647, not 0.2779'],
  },
  {
    name: 'an arithmetic error early in the forward pass', from: '- 0.1419 = 0.6478', to: '- 0.1419 = 0.6487',
    cause: 'arithmetic', severity: 'error', says: ['gives 0.6478, not 0.6487'],
  },
];

describe.each(PLANTS)('a planted slip: $name', (p) => {
  it(`is found on its line as ${p.cause}, and nothing else is flagged`, () => {
    expect(clean).toContain(p.from);
    const doc = clean.replace(p.from, p.to);
    const r = checkDocument(doc, 'doc.md');
    const flagged = r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');
    expect(flagged.map((f) => [f.line, f.severity, f.cause])).toEqual([[lineOf(doc, p.to), p.severity, p.cause]]);
    for (const s of p.says) expect(flagged[0]!.message).toContain(s);
    expect(r.summary.failed).toBe(p.severity === 'error' ? 1 : 0);
  });
});

describe('a slip carried forward', () => {
  it('is charged once, where it was made; later lines that reuse it get a carried-over warning', () => {
    const doc = clean.replace('- 0.1419 = 0.6478', '- 0.1419 = 0.6487').replace('e^{-0.6478}} = 0.6565', 'e^{-0.6487}} = 0.6567');
    const r = checkDocument(doc, 'doc.md');
    const flagged = r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');
    expect(flagged.map((f) => [f.line, f.severity, f.cause])).toEqual([
      [lineOf(doc, '0.6487'), 'error', 'arithmetic'],
      [lineOf(doc, '0.6567'), 'warning', 'carried-over'],
    ]);
    expect(flagged[1]!.message).toContain('carried over from z_1 = 0.6487');
  });
});
