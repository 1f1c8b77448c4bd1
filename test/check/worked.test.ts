/**
 * Worked examples written the way tutorials and homework write them, not by symgrad: a 2-2-2
 * network with ½·squared error in `net_{h1}` / `out_{o1}` / `E_{total}` notation (no model), a
 * LaTeX align* homework (no model), a 2-2-1 network with its PyTorch code and inline math (model
 * from the code), and a page of odds and ends. Each correct document raises no error and no
 * warning; each planted slip is caught on its line with the right cause; math the reader cannot
 * evaluate is "not checked" with a reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument, type Report } from '../../src/check/index.js';

const read = (f: string) => readFileSync(`test/check/fixtures/${f}`, 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const flagged = (r: Report) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');

interface Plant {
  readonly file: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
  readonly says: string[];
  readonly severity?: 'error' | 'warning';
}

const MAZUR = 'backprop-2-2-2.md';
const HOMEWORK = 'homework.tex';
const WORKED = 'worked-2-2-1.md';

describe('correct worked examples', () => {
  it('reads a 2-2-2 network in net_{h1}/out_{o1}/E_{total} notation and passes it clean', () => {
    const r = checkDocument(read(MAZUR), MAZUR);
    // Its prose states every weight, bias, input and target: the model is inferred (doc-model.ts).
    expect(r.model.source).toBe('document');
    expect(flagged(r)).toEqual([]);
    expect(r.summary.passed).toBe(29); // the stated weights, inputs and targets now pass against the inferred model
    // Every note is a given value (i_1 = 0.05, w_5 = 0.4, …): nothing is left unread.
    const notes = r.equations.flatMap((e) => e.findings).map((f) => f.message);
    expect(notes.every((m) => m.includes('is a given value'))).toBe(true);
  });

  it('passes a LaTeX align* homework clean', () => {
    const r = checkDocument(read(HOMEWORK), HOMEWORK);
    expect(flagged(r)).toEqual([]);
    expect(r.summary).toMatchObject({ failed: 0, warnings: 0 });
    expect(r.summary.passed).toBe(17); // its stated values pass against the model inferred from its text
  });

  it('passes a 2-2-1 example with inline math against the network of its code block', () => {
    const r = checkDocument(read(WORKED), WORKED);
    expect(r.model.source).toBe('code');
    expect(r.summary).toEqual({ passed: 16, failed: 0, warnings: 0, not_checked: 0 });
  });
});

const PLANTS: Plant[] = [
  {
    file: MAZUR, name: 'swapped operands', from: '0.4 \\cdot 0.593269992 + 0.45 \\cdot 0.596884378', to: '0.4 \\cdot 0.596884378 + 0.45 \\cdot 0.593269992',
    cause: 'wrong-operand', says: ['out_h1 and out_h2 are swapped'],
  },
  {
    file: MAZUR, name: 'a sign slip in a result', from: '-(0.01 - 0.75136507) = 0.74136507', to: '-(0.01 - 0.75136507) = -0.74136507',
    cause: 'sign-slip', says: ['sign slip in the result', 'gives 0.74136507, but −0.74136507 is written'],
  },
  {
    file: MAZUR, name: 'an addition slip in the 9th digit', from: '0.023560026 = 0.298371109', to: '0.023560026 = 0.298371190',
    cause: 'arithmetic', says: ['gives 0.298371109, not 0.298371190'],
  },
  {
    file: MAZUR, name: 'the update worked with η = 1', from: '0.5 \\cdot 0.082167041 = 0.35891648', to: '0.5 \\cdot 0.082167041 = 0.31783296',
    cause: 'wrong-learning-rate', says: ['the result fits α = 1 in place of 0.5'],
  },
  {
    file: HOMEWORK, name: 'an arithmetic slip in an align* chain', from: '&= -0.1\n', to: '&= -0.01\n',
    // The model inferred from the homework's own text knows α = 0.1: −0.01 is −0.1 × α.
    cause: 'extra-factor', says: ['gives −0.1, not −0.01'],
  },
  {
    file: HOMEWORK, name: 'a sign slip in the update', from: '(-0.0655) = 0.80655', to: '(-0.0655) = 0.79345',
    cause: 'sign-slip', says: ['sign slip'],
  },
  {
    file: HOMEWORK, name: 'a wrong constant', from: '\\sqrt{2} = 1.4142', to: '\\sqrt{2} = 1.4124',
    cause: 'arithmetic', says: ['√2 gives 1.41421, not 1.4124'],
  },
  {
    file: WORKED, name: 'a transposed weight index (a one-digit weight)', from: '0.3 \\cdot 0.5 + (-0.2) \\cdot (-1) + 0.05 = 0.15 + 0.2 + 0.05 = 0.4$',
    to: '0.3 \\cdot 0.5 + 0.6 \\cdot (-1) + 0.05 = -0.4$', cause: 'transposed-index', says: ['W_2 = −0.2, but 0.6 is W_3'],
  },
  {
    file: WORKED, name: 'a sign slip in a result', from: '0.5897 - 1 = -0.4103', to: '0.5897 - 1 = 0.4103',
    cause: 'sign-slip', says: ['gives −0.4103, but 0.4103 is written'],
  },
  {
    file: WORKED, name: 'a wrong operand', from: 'W_6} = -0.4103 \\cdot 0.5125 = -0.2103', to: 'W_6} = -0.4103 \\cdot 0.5987 = -0.2456',
    cause: 'wrong-operand', says: ['with σ_2 = 0.512497 in place of 0.5987'],
  },
  {
    file: WORKED, name: 'a number put in for the wrong part of a formula', from: '-0.4103 \\cdot 0.7 \\cdot 0.5987 \\cdot 0.4013 = -0.0690',
    to: '-0.4103 \\cdot 0.7 \\cdot 0.5987 \\cdot 0.5987 = -0.1029', cause: 'wrong-operand', says: ['the numbers put in for ∂L/∂z_3 · W_5 · σ_1 (1 − σ_1) give −0.102948'],
  },
  {
    file: WORKED, name: 'rounding drift', from: '0.5 \\cdot 0.5125 + 0.2', to: '0.5 \\cdot 0.5124 + 0.2',
    cause: 'rounding-drift', severity: 'warning', says: ['σ_2 is used as 0.5124'],
  },
  {
    file: WORKED, name: 'a wrong learning rate', from: '(-0.2456) = 0.72456', to: '(-0.2456) = 0.9456',
    cause: 'wrong-learning-rate', says: ['the result fits α = 1 in place of 0.1'],
  },
  {
    file: WORKED, name: 'an arithmetic slip', from: '-\\ln(0.5897) = 0.5281', to: '-\\ln(0.5897) = 0.5218',
    cause: 'arithmetic', says: ['−ln(0.5897) gives 0.528141, not 0.5218'],
  },
];

describe('planted slips in the worked examples', () => {
  it.each(PLANTS.map((p) => [`${p.file}: ${p.name}`, p] as const))('%s', (_, p) => {
    const original = read(p.file);
    expect(original).toContain(p.from);
    const text = original.replace(p.from, p.to);
    const r = checkDocument(text, p.file);
    const found = flagged(r);
    expect(found.map((f) => f.cause)).toEqual([p.cause]);
    const f = found[0]!;
    expect(f.severity).toBe(p.severity ?? 'error');
    expect(f.line).toBe(lineOf(text, p.to.split('\n')[0]!));
    for (const s of p.says) expect(f.message).toContain(s);
  });

  it('does not charge a later line that uses the value the wrong line computes', () => {
    // ∂E/∂out_o1 printed as −0.74136507 (a sign slip there); the chain for ∂E/∂w_5 uses 0.74136507.
    const text = read(MAZUR).replace('-(0.01 - 0.75136507) = 0.74136507', '-(0.01 - 0.75136507) = -0.74136507');
    const r = checkDocument(text, MAZUR);
    expect(flagged(r).map((f) => f.line)).toEqual([lineOf(text, '= -0.74136507')]);
  });

  it('sees rounding drift in the 9th decimal', () => {
    const from = '\\frac{\\partial net_{o1}}{\\partial w_5} = out_{h1} = 0.593269992';
    expect(read(MAZUR)).toContain(from);
    const text = read(MAZUR).replace(from, from.replace(/992$/, '993'));
    const found = flagged(checkDocument(text, MAZUR));
    expect(found.every((f) => f.severity === 'warning' && f.cause === 'rounding-drift')).toBe(true);
    // Checked against the model inferred from the prose: the network's value rounds to …992.
    expect(found.find((f) => f.line === lineOf(text, '0.593269993'))?.message).toContain('rounds to 0.593269992');
  });

  it('names the sign slip against what a wrong line computes', () => {
    const text = read(HOMEWORK).replace('&= -0.1\n', '&= -0.01\n').replace('\\exp(0.1)', '\\exp(-0.1)');
    const r = checkDocument(text, HOMEWORK);
    const o = flagged(r).find((f) => f.line === lineOf(text, '\\exp(-0.1)'))!;
    expect(o.cause).toBe('sign-slip');
    expect(o.message).toContain('z = −0.1 (what its computation gives; it prints −0.01), but it is put in as 0.1');
  });
});

describe('math the reader cannot evaluate', () => {
  const text = read('odds-and-ends.md');
  const r = checkDocument(text, 'odds-and-ends.md');
  const at = (needle: string) => r.equations.filter((e) => e.line === lineOf(text, needle));

  it('checks the chains it can read and catches the one slip', () => {
    expect(at('$a = 2')[0]!.status).toBe('passed');
    expect(at('$$ s =')[0]!.status).toBe('passed');
    expect(at('\\tanh(0.5)').some((e) => e.status === 'passed')).toBe(true);
    expect(flagged(r).map((f) => [f.line, f.cause])).toEqual([[lineOf(text, 'Slip:'), 'arithmetic']]);
  });

  it.each([
    ["\\sigma'(0)", "a derivative σ'(…) is not evaluated"],
    ['\\text{softmax}', 'text inside the formula'],
    ['\\log_2', "'\\log' with a subscript (a base?) is not read"],
    ['0 \\le p', "the relation '\\le' is not checked"],
  ])('says why %s is not checked', (needle, reason) => {
    const messages = at(needle).flatMap((e) => e.findings).map((f) => f.message);
    expect(messages.some((m) => m.includes(reason))).toBe(true);
  });
});

describe('words with subscripts and inline formulas sharing a line', () => {
  it('reads net_{h1}, \\text{net}_{h1} and \\mathrm{net}_{h1} as one name, and compares formulas on one line', () => {
    const text = [
      '$net_{h1} = 0.15 \\cdot 0.05 + 0.35 = 0.3575$ and $\\text{out}_{h1} = \\frac{1}{1+e^{-\\mathrm{net}_{h1}}} = 0.5884$', '',
      'so $\\mathrm{out}_{h1} \\cdot 2 = 1.1768$, $out_{h1} = 0.5884$ and later $out_{h1} = 0.5784$.',
    ].join('\n');
    const r = checkDocument(text, 'names.md');
    expect(r.summary).toEqual({ passed: 4, failed: 1, warnings: 0, not_checked: 0 });
    expect(flagged(r).map((f) => [f.line, f.cause])).toEqual([[3, 'inconsistent']]);
  });
});

describe('a value restated after an update, without a model', () => {
  it('is not called inconsistent when the text speaks of the update', () => {
    const text = [
      'The loss is $\\mathcal{L} = 0.5369$.', '',
      'With the new parameters the forward pass gives $\\mathcal{L} = 0.2804$ (before the update: $0.5369$).',
    ].join('\n');
    const r = checkDocument(text, 'after.md');
    expect(flagged(r)).toEqual([]);
    expect(r.equations[1]!.findings[0]!.message).toContain('is a new value (line 1 gives 0.5369');
  });

  it('is inconsistent when nothing says so', () => {
    const r = checkDocument('The loss is $\\mathcal{L} = 0.5369$.\n\nSo $\\mathcal{L} = 0.2804$.', 'plain.md');
    expect(flagged(r).map((f) => f.cause)).toEqual(['inconsistent']);
  });
});
