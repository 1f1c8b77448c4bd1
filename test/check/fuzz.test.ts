/**
 * Random Markdown and LaTeX never crash the checker: whatever the input, checkDocument returns
 * a report whose summary adds up and whose findings point at lines of the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDocument, type Report } from '../../src/check/index.js';
import { runs } from '../support/quick.js';

const PIECES = [
  '$', '$$', '\\[', '\\]', '\\(', '\\)', '\n', '\n\n', ' ', '=', '&=', '\\\\', '+', '-', '−', '\\times', '\\cdot', '/', '^', '_',
  '{', '}', '(', ')', '[', ']', '|', ',', '.', '0.4352', '1', '0', '-0.1419', '0.7225', '2', '1e5', '.5',
  'x_1', 'W_3', 'z_2', 'b_2', '\\sigma_2', '\\sigma', '\\hat{y}', 'y', 'e', 'e^{-z_1}', '\\frac', '\\frac{1}{1 + e^{-0.6478}}',
  '\\partial', '\\frac{\\partial \\mathcal{L}}{\\partial W_5}', '\\mathcal{L}', '\\log', '\\ln', '\\exp', '\\sqrt', '\\left(', '\\right)',
  '\\begin{align*}', '\\end{align*}', '\\begin{equation}', '\\end{equation}', '\\text{ and }', '\\quad', '(t+1)', "'", '\\alpha',
  '```', '```python\n', '`', '~~~', '---\n', '%', '\\le', '\\approx', '\\cdots', 'activation', '한글', '∂', 'ŷ', '×', '\\{', '\\$',
  'net_{h1}', 'out_', '\\text{net}_{o1}', "\\sigma'(", 'E_{total}', 'after the update', 'w_5^{+}',
];

const MODEL = [
  '```python',
  'model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())',
  'model[0].weight.data = torch.Tensor([[0.4352, 0.3545], [0.1951, 0.4835]])',
  'model[0].bias.data = torch.Tensor([-0.1419, 0.0439])',
  'model[2].weight.data = torch.Tensor([[-0.1725, 0.1129]])',
  'model[2].bias.data = torch.Tensor([-0.3043])',
  'criterion = nn.BCELoss()',
  'optimizer = optim.SGD(model.parameters(), lr=1)',
  '```',
  '$x = [1, 1]$, $y = 0$',
  '',
].join('\n');

const doc = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join(''));

function wellFormed(r: Report, text: string): void {
  const s = r.summary;
  expect(s.passed + s.failed + s.not_checked).toBe(r.equations.length);
  const lines = text.split('\n').length;
  for (const f of r.equations.flatMap((e) => e.findings)) {
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.line).toBeLessThanOrEqual(lines);
    expect(f.message.length).toBeGreaterThan(0);
  }
}

describe('the checker on random input', () => {
  it('never crashes on random Markdown math', () => {
    fc.assert(fc.property(doc, (text) => wellFormed(checkDocument(text, 'fuzz.md'), text)), { numRuns: runs(400) });
  });

  it('never crashes on random LaTeX', () => {
    fc.assert(fc.property(doc, (text) => wellFormed(checkDocument(text, 'fuzz.tex'), text)), { numRuns: runs(200) });
  });

  it('never crashes with a model, where truth checks and diagnoses run', () => {
    fc.assert(fc.property(doc, (math) => {
      const text = MODEL + math;
      wellFormed(checkDocument(text, 'fuzz.md'), text);
    }), { numRuns: runs(150) });
  });

  it('never crashes on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => wellFormed(checkDocument(text, 'fuzz.md'), text)), { numRuns: runs(300) });
  });
});
