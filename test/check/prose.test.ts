/**
 * Numbers stated outside the math (prose.ts): prose assignments (en/zh/ko), tuple assignments,
 * output lists, Markdown weight tables (symbol|value, header row of symbols, from/to) feeding the
 * document's model. The numbers are Matt Mazur's published 2-2-2 example (out_o1 = 0.75136507,
 * out_o2 = 0.772928465, E_total = 0.298371109, ∂E/∂w_5 = 0.082167041, his values); each planted
 * slip is a change of one of them. No test here gives a network file unless it says so.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { extract } from '../../src/check/extract.js';
import { proseValues as read } from '../../src/check/prose.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { mazurForward } from './fixtures/mazur.js';

const proseValues = (text: string) => read(text, extract(text, 'markdown'));
const flagged = (r: ReturnType<typeof checkDocument>) => r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');
const errorsAt = (r: ReturnType<typeof checkDocument>) => flagged(r).filter((f) => f.severity === 'error').map((f) => f.line);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** Mazur's forward and one derivative, in math; the parameters come from `given` (prose or table). */
const mazur = (given: string[], dw5 = '0.082167041', outO1 = '0.75136507', w5 = 'w_5') => [
  ...given,
  '',
  'Every unit is logistic (sigmoid); the error is $E = \\sum \\frac{1}{2}(t - out)^2$.',
  '',
  ...mazurForward(outO1, dw5, w5),
].join('\n');

const PROSE_EN = ['The weights are w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55;', 'the biases b1 = 0.35, b2 = 0.60; inputs i1 = 0.05, i2 = 0.10; targets t1 = 0.01, t2 = 0.99 and η = 0.5.'];
const PROSE_ZH = ['权重 w1=0.15, w2=0.20, w3=0.25, w4=0.30, w5=0.40, w6=0.45, w7=0.50, w8=0.55;截距 b1=0.35, b2=0.60;', '输入 i1, i2 = 0.05, 0.10;目标 t1=0.01, t2=0.99。'];
const PROSE_KO = ['가중치는 w_1 = 0.15, w_2 = 0.20, w_3 = 0.25, w_4 = 0.30, w_5 = 0.40, w_6 = 0.45, w_7 = 0.50, w_8 = 0.55 이고', '편향은 b_1 = 0.35, b_2 = 0.60, 입력은 i_1 = 0.05, i_2 = 0.10, 목표값은 t_1 = 0.01, t_2 = 0.99 이다.'];
const TABLE = (head: [string, string], rows: Array<[string, string]>) => [`| ${head[0]} | ${head[1]} |`, '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)];
const MAZUR_ROWS: Array<[string, string]> = [['w1', '0.15'], ['w2', '0.20'], ['w3', '0.25'], ['w4', '0.30'], ['w5', '0.40'], ['w6', '0.45'], ['w7', '0.50'], ['w8', '0.55'], ['b1', '0.35'], ['b2', '0.60'], ['i1', '0.05'], ['i2', '0.10'], ['t1', '0.01'], ['t2', '0.99']];

describe('numbers stated in prose', () => {
  for (const [lang, given] of [['English', PROSE_EN], ['Chinese', PROSE_ZH], ['Korean', PROSE_KO]] as const) {
    it(`infers the model from ${lang} prose and finds a planted wrong ∂E/∂w_5 (0.082167041 → 0.092167041)`, () => {
      const clean = checkDocument(mazur([...given]), 'm.md');
      expect(clean.model.source).toBe('document');
      expect(clean.model.notes[0]).toMatch(/^model inferred from the document: 2-2-2 \(2 hidden units\), sigmoid units, one bias per layer/);
      expect(flagged(clean)).toEqual([]);
      const text = mazur([...given], '0.092167041');
      const r = checkDocument(text, 'm.md');
      expect(errorsAt(r)).toEqual([lineOf(text, '0.092167041')]);
      expect(flagged(r)[0]!.message).toContain('0.082167');
    });
  }

  it('reads `x1, x2 = 0.5, 0.3` as two assignments, not x2 = 0.5', () => {
    const got = proseValues('输入值: x1, x2 = 0.5, 0.3;输出值: y1, y2 = 0.23, -0.07').fragments.map((f) => f.tex);
    expect(got).toEqual(['x_1 = 0.5, x_2 = 0.3', 'y_1 = 0.23, y_2 = -0.07']);
  });

  it('leaves math, inline code and code blocks to their own readers', () => {
    const got = proseValues('$w_1 = 0.1$ and `w2 = 0.2`\n```python\nw3 = 0.3\n```\nw4 = 0.4').fragments;
    expect(got.map((f) => [f.tex, f.line, f.column])).toEqual([['w_4 = 0.4', 5, 6]]);
  });

  it('checks a printed output list in prose against the network (javashuo-zh: 0.75136079 for 0.75136507)', () => {
    const net = loadNetworkFile('test/check/corpus/javashuo-zh/network.yaml');
    const text = '前向傳播的過程就結束了,咱們獲得輸出值爲[0.75136079 , 0.772928465],與實際值相差還很遠';
    const r = checkDocument(text, 'j.md', { spec: net });
    expect(flagged(r).map((f) => [f.line, f.cause])).toEqual([[1, 'wrong-value']]);
    const ok = checkDocument('The outputs are [0.75136507, 0.772928465].', 'j.md', { spec: net });
    expect(flagged(ok)).toEqual([]);
    expect(ok.summary.passed).toBe(2);
  });
});

describe('weights stated in a Markdown table', () => {
  for (const head of [['weight', 'value'], ['权重', '值'], ['가중치', '값']] as Array<[string, string]>) {
    it(`infers the model from a | ${head.join(' | ')} | table and finds a planted slip`, () => {
      const given = ['Initial values:', '', ...TABLE(head, MAZUR_ROWS), ''];
      const clean = checkDocument(mazur(given), 'm.md');
      expect(clean.model.source).toBe('document');
      expect(flagged(clean)).toEqual([]);
      const text = mazur(given, '0.092167041');
      expect(errorsAt(checkDocument(text, 'm.md'))).toEqual([lineOf(text, '0.092167041')]);
    });
  }

  it('reads a header row of symbols over a row of numbers', () => {
    const got = proseValues('| w1 | w2 | b |\n|---|---|---|\n| 0.15 | −0.2 | 0.35 |').fragments.map((f) => f.tex);
    expect(got).toEqual(['w_1 = 0.15', 'w_2 = -0.2', 'b = 0.35']);
  });

  it('reads a from/to table as two-index weights with the convention the table fixes, and infers the model', () => {
    const rows = [['i1', 'h1', '0.15'], ['i2', 'h1', '0.20'], ['i1', 'h2', '0.25'], ['i2', 'h2', '0.30'], ['h1', 'o1', '0.40'], ['h2', 'o1', '0.45'], ['h1', 'o2', '0.50'], ['h2', 'o2', '0.55']];
    const table = ['| 从 | 到 | 权重 |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)];
    const given = ['$b_1 = 0.35$, $b_2 = 0.60$, $i_1 = 0.05$, $i_2 = 0.10$, $t_1 = 0.01$, $t_2 = 0.99$', '', ...table, ''];
    expect(proseValues(table.join('\n')).fragments.map((f) => f.tex).slice(0, 5)).toEqual(['w^{(1)}_{1,1} = 0.15', 'w^{(1)}_{2,1} = 0.20', 'w^{(1)}_{1,2} = 0.25', 'w^{(1)}_{2,2} = 0.30', 'w^{(2)}_{1,1} = 0.40']);
    const clean = checkDocument(mazur(given, '0.082167041', '0.75136507', 'w^{(2)}_{1,1}'), 'm.md');
    expect(clean.model.source).toBe('document');
    expect(flagged(clean)).toEqual([]);
    expect(clean.equations.find((e) => e.subject.includes('∂E_total/∂'))!.status).toBe('passed');
    const text = mazur(given, '0.092167041', '0.75136507', 'w^{(2)}_{1,1}');
    expect(errorsAt(checkDocument(text, 'm.md'))).toEqual([lineOf(text, '0.092167041')]);
  });

  it('a table weight that reproduces no printed value: no model, not checked, never an error', () => {
    const rows = MAZUR_ROWS.map(([a, b]): [string, string] => (a === 'w1' ? [a, '0.95'] : [a, b]));
    const r = checkDocument(mazur(['', ...TABLE(['weight', 'value'], rows), ''], '0.092167041'), 'm.md');
    expect(r.model.source).toBe('none');
    expect(r.model.notes[0]).toMatch(/no reading of them reproduces/);
    expect(errorsAt(r)).toEqual([]);
  });
});

describe('a published weight table (corpus appendixb-table-en: Han & Kamber\'s 3-2-1 example)', () => {
  const dir = 'test/check/corpus/appendixb-table-en';
  const text = readFileSync(`${dir}/doc.md`, 'utf8');
  const net = loadNetworkFile(`${dir}/network.yaml`);

  it('reads its header-row table as w_{ij} with units counted across the network and w_{0j} as unit j\'s bias', () => {
    const r = checkDocument(text, 'a.md', { spec: net });
    expect(r.model.notes[0]).toBe('w_{ij}: read as the weight from input unit i to unit j (units counted across the network, inputs first): 0.weight[j-4][i-1], 2.weight[j-6][i-4]; w_05 (input 0): the bias of its unit');
    const row = lineOf(text, '| 1  | 0  | 1  |');
    expect(r.equations.filter((e) => e.line === row).map((e) => e.status)).toEqual(new Array(14).fill('passed'));
    expect(flagged(r)).toEqual([]);
  });

  it('a table weight that is not the network\'s leaves the family unbound: a note, never an error', () => {
    const r = checkDocument(text.replace('| -0.2| -0.4| 0.2 | 0.1 |', '| -0.2| -0.4| 0.2 | 0.3 |'), 'a.md', { spec: net });
    expect(r.model.notes[0]).toMatch(/^w_\{ij\}: no one reading of the two indices/);
    expect(errorsAt(r)).toEqual([]);
  });
});

