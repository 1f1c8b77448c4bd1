/**
 * A model inferred from the document (doc-model.ts) and two-index weight families (pairs.ts):
 * planted slips in published worked examples (Mazur's numbers stated in prose; PrimeLearnPoint's
 * w_{i,j} page from the corpus). Expected values were computed first with plain Python floats
 * (corpus oracle scripts and the numbers quoted in each test).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');
const errorsAt = (r: ReturnType<typeof checkDocument>) => flagged(r).filter((f) => f.severity === 'error').map((f) => f.line);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

// Mazur's 2-2-2 example with its numbers stated in prose (no code): out_o1 = 0.75136507,
// E_total = 0.298371109, ∂E/∂w_5 = 0.082167041 (his published values).
const mazur = (outO1: string, dw5 = '0.082167041') => [
  'The initial weights are $w_1 = 0.15$, $w_2 = 0.20$, $w_3 = 0.25$, $w_4 = 0.30$, $w_5 = 0.40$, $w_6 = 0.45$, $w_7 = 0.50$, $w_8 = 0.55$,',
  'the biases $b_1 = 0.35$ and $b_2 = 0.60$, the inputs $i_1 = 0.05$, $i_2 = 0.10$ and the targets $t_1 = 0.01$, $t_2 = 0.99$.',
  'Every unit is logistic (sigmoid); the error is $E = \\sum \\frac{1}{2}(t - out)^2$ and $\\eta = 0.5$.',
  '',
  '$$net_{h1} = w_1 i_1 + w_2 i_2 + b_1 = 0.15 \\times 0.05 + 0.2 \\times 0.1 + 0.35 = 0.3775$$',
  '',
  '$$out_{h1} = 0.593269992$$ and $$out_{h2} = 0.596884378$$',
  '',
  `$$out_{o1} = ${outO1}$$ and $$out_{o2} = 0.772928465$$`,
  '',
  '$$E_{total} = 0.298371109$$',
  '',
  `$$\\frac{\\partial E_{total}}{\\partial w_5} = ${dw5}$$`,
  '',
  '$$w_5^{+} = w_5 - \\eta \\cdot \\frac{\\partial E_{total}}{\\partial w_5} = 0.4 - 0.5 \\times 0.082167041 = 0.35891648$$',
].join('\n');

describe('a model inferred from the document', () => {
  it('infers Mazur\'s 2-2-2 network from prose and checks every value against it', () => {
    const r = checkDocument(mazur('0.75136507'), 'mazur.md');
    expect(r.model.source).toBe('document');
    expect(r.model.notes[0]).toMatch(/^model inferred from the document: 2-2-2 \(2 hidden units\), sigmoid units, one bias per layer/);
    expect(r.model.notes[0]).toContain('numbered by output unit in layer 1, by output unit in layer 2');
    expect(flagged(r)).toEqual([]);
    // The derivative and the update need the model: they are checked, not left out.
    const d = r.equations.find((e) => e.subject.includes('∂E_total/∂w_5'))!;
    expect(d.status).toBe('passed');
  });

  it('finds a wrong derivative against the inferred model (the author printed 0.082167041)', () => {
    const text = mazur('0.75136507', '0.092167041');
    const r = checkDocument(text, 'mazur.md');
    expect(r.model.source).toBe('document');
    expect(errorsAt(r)).toEqual([lineOf(text, '= 0.092167041')]);
    expect(flagged(r)[0]!.message).toContain('0.082167');
  });

  it('infers no model when no reading reproduces the printed forward values, and raises no truth errors', () => {
    // The same prose, but every printed forward value belongs to another network.
    const text = mazur('0.75136507').replace('0.593269992', '0.61').replace('0.596884378', '0.62').replace('0.772928465', '0.63').replace('0.75136507', '0.64').replace('0.298371109', '0.2').replace('0.3775$$', '0.3775$$');
    const r = checkDocument(text.replace('= 0.3775', '= 0.3775'), 'mazur.md');
    expect(r.model.source).toBe('none');
    expect(r.model.notes[0]).toMatch(/no model: the document states weights, but no reading of them reproduces the document's own forward values/);
    expect(errorsAt(r)).toEqual([]);
  });

  it('says why when the activation is not named', () => {
    const r = checkDocument(mazur('0.75136507').replace('Every unit is logistic (sigmoid); ', ''), 'mazur.md');
    expect(r.model.source).toBe('none');
    expect(r.model.notes[0]).toContain('no activation (sigmoid, ReLU, tanh) is named');
  });
});

describe('a model inferred from matrices (fixtures/matrix-2-2-2.md: Mazur\'s network in matrix form, his published values)', () => {
  const text = readFileSync('test/check/fixtures/matrix-2-2-2.md', 'utf8');

  it('reads W_1, W_2 (out × in), the bias vectors, X and Y, and passes every entry', () => {
    const r = checkDocument(text, 'm.md');
    expect(r.model.source).toBe('document');
    expect(r.model.notes[0]).toContain('a bias vector per layer');
    expect(r.model.notes).toContain('W^{(1)}_{i,j}: read as the weight from input unit j to unit i (units counted from 1 in each layer): 0.weight[i-1][j-1], 2.weight[i-1][j-1]');
    expect(flagged(r)).toEqual([]);
  });

  it('locates a wrong output entry (0.782928 for ŷ_2 = 0.772928)', () => {
    const bad = text.replace('0.772928', '0.782928');
    const f = flagged(checkDocument(bad, 'm.md'));
    expect(f.map((x) => x.line)).toEqual([lineOf(bad, '0.782928')]);
    expect(f[0]!.message).toMatch(/A_2_2/);
  });
});

describe('two-index weight families', () => {
  const page = readFileSync('test/check/corpus/primelearn-wij-en/doc.md', 'utf8');
  const spec = loadNetworkFile('test/check/corpus/primelearn-wij-en/network.yaml');

  it('reads w_{i,j} as the weight from input i to unit j, units counted across the layers', () => {
    for (const r of [checkDocument(page, 'p.md'), checkDocument(page, 'p.md', { spec })]) {
      expect(r.model.notes).toContain('w_{i,j}: read as the weight from input unit i to unit j (units counted across the layers): 0.weight[j-1][i-1], 2.weight[j-3][i-1]');
    }
  });

  it('finds a planted wrong pre-activation against the model inferred from the prose', () => {
    const text = page.replace('0.1657 + 0.5203 = 0.6860', '0.1657 + 0.5203 = 0.7860');
    const r = checkDocument(text, 'p.md');
    expect(r.model.source).toBe('document');
    expect(errorsAt(r)).toContain(lineOf(text, '= 0.7860'));
  });

  it('reads the out×in convention (w_{jk}: into unit j from input k) from the printed values', () => {
    const text = [
      '$w_{11} = 0.15$, $w_{12} = 0.20$, $w_{21} = 0.25$, $w_{22} = 0.30$',
      '',
      '$$z_1 = w_{11} x_1 + w_{12} x_2 + b_1 = 0.15 \\times 0.05 + 0.20 \\times 0.10 + 0.35 = 0.3775$$',
    ].join('\n');
    const r = checkDocument(text, 'o.md', { spec: loadNetworkFile('test/check/corpus/mazur-en/network.yaml') });
    // Counted from 1 in each layer, w_{11} could be in either 2×2 layer; across the layers it is in the first.
    expect(r.model.notes).toContain('w_{ij}: read as the weight from input unit j to unit i (units counted across the layers): 0.weight[i-1][j-1]');
    expect(errorsAt(r)).toEqual([]);
  });

  it('binds nothing, and raises no error, when no one convention gives every printed weight', () => {
    const text = page.replace('$w_{1,2} = 0.3$', '$w_{1,2} = 0.7$');
    const r = checkDocument(text, 'p.md', { spec });
    expect(r.model.notes.some((n) => /^w_\{i,j\}: no one reading of the two indices/.test(n))).toBe(true);
    // Only the page's own slip (line 49, 1/1.5037 ≠ 0.6651) is reported.
    expect(errorsAt(r).filter((l) => l !== lineOf(text, '1 / 1.5037'))).toEqual([]);
  });
});
