/**
 * Reading LaTeX arithmetic: the grammar the checker understands, into Expr with literal slots,
 * the canonical symbol names, the equation structure of align blocks, and the reasons given for
 * what it cannot read.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/expr/eval.js';
import { freeSymbols, type Expr } from '../../src/expr/node.js';
import { equationsOf } from '../../src/check/equations.js';
import { docKind, extract } from '../../src/check/extract.js';
import { lex } from '../../src/check/lex.js';
import { ParseError, Slots, isSlot, parseSide } from '../../src/check/parse.js';
import { prettyTex } from '../../src/check/names.js';

function read(tex: string): { e: Expr; slots: Slots } {
  const slots = new Slots();
  const p = parseSide(lex(tex), slots);
  if (p.kind !== 'expr') throw new Error('a vector');
  return { e: p.expr, slots };
}

/** Value with literals at their printed values and the named symbols bound. */
function value(tex: string, env: Record<string, number> = {}): number {
  const { e, slots } = read(tex);
  const full: Record<string, number> = { ...env };
  for (const s of freeSymbols(e)) if (isSlot(s)) full[s.name] = slots.get(s)!.value;
  return evaluate(e, full);
}

const names = (tex: string) => freeSymbols(read(tex).e).filter((s) => !isSlot(s)).map((s) => s.name);

describe('arithmetic', () => {
  it.each([
    ['0.4352 \\times 1 + 0.3545 \\times 1 - 0.1419', 0.6478],
    ['2 \\cdot 3 / 4', 1.5],
    ['\\frac{1}{1 + e^{-0.6478}}', 1 / (1 + Math.exp(-0.6478))],
    ['\\frac12', 0.5],
    ['\\dfrac{3}{4}', 0.75],
    ['-\\log(0.5846)', -Math.log(0.5846)],
    ['\\ln 2', Math.log(2)],
    ['\\exp(1) - e', 0],
    ['\\sqrt{16} + 2^{3} + 2^3', 20],
    ['x^23', 2 ** 2 * 3],
    ['\\left( 1 + 2 \\right)^{-1}', 1 / 3],
    ['-2^2', -4],
    ['(1 - 0.25)(1 + 1)', 1.5],
    ['[1 + 1] \\times 2', 4],
    ['\\left| -3 \\right| + |{-2}|', 5],
    ['\\sigma(0)', 0.5],
    ['\\max(0, -1) + \\operatorname{ReLU}(2)', 2],
    ['3 \\div 2', 1.5],
    ['2 × 3 − 1 · 1', 5],
  ])('%s', (tex, v) => {
    expect(value(tex, { x: 2 })).toBeCloseTo(v, 12);
  });

  it('keeps each printed number as a slot with its decimals; short numbers count as exact', () => {
    const { e, slots } = read('0.4350 + 1 + 0.1 + 12.5');
    const got = freeSymbols(e).map((s) => slots.get(s)!).map((s) => [s.text, s.decimals, s.half]);
    expect(got).toEqual([['0.4350', 4, 0.00005], ['1', 0, 0], ['0.1', 1, 0], ['12.5', 1, 0.05]]);
  });
});

describe('symbols', () => {
  it.each([
    ['W_1 x_1', ['W_1', 'x_1']],
    ['z_{1}', ['z_1']],
    ['z_{12}', ['z_{12}']],
    ['\\sigma_2', ['\\sigma_2']],
    ['\\hat{y}', ['\\hat{y}']],
    ['ŷ', ['\\hat{y}']],
    ['\\mathcal{L}', ['\\mathcal{L}']],
    ['\\frac{\\partial \\mathcal{L}}{\\partial W_5}', ['\\frac{\\partial \\mathcal{L}}{\\partial W_5}']],
    ['\\partial \\mathcal{L} / \\partial z_3', ['\\frac{\\partial \\mathcal{L}}{\\partial z_3}']],
    ['W_5(t+1)', ['W_5(t+1)']],
    ["W_5'", ['W_5(t+1)']],
    ['W_5^{(t+1)}', ['W_5(t+1)']],
    ['W_5^{new}', ['W_5(t+1)']],
    ['W_n(t)', ['W_n']],
    ['W^{(1)}_{2}', ['W^{(1)}_2']],
    ['\\alpha \\eta', ['\\alpha', '\\eta']],
    ['W\\_1', ['W_1']],
  ])('%s', (tex, expected) => {
    expect(names(tex)).toEqual(expected);
  });
});

describe('what cannot be read', () => {
  it.each([
    ['activation(x)', "unknown name 'activation'"],
    ['\\int_0^1 x', "unknown command '\\int'"],
    ['\\sum_i x_i', 'a sum over an index'],
    ['1 + \\cdots', 'ellipsis'],
    ['\\text{the loss}', 'text inside the formula'],
    ['(1 + 2', "expected ')'"],
    ['1 +', 'ends too early'],
    ['\\frac{1}{}', 'empty braces'],
    ['\\sqrt[3]{8}', 'roots other than the square root'],
    ['('.repeat(100) + '1' + ')'.repeat(100), 'nested more than'],
  ])('%s', (tex, reason) => {
    expect(() => read(tex)).toThrow(ParseError);
    expect(() => read(tex)).toThrow(reason);
  });
});

describe('equations of a fragment', () => {
  const frag = (tex: string, line = 10) => equationsOf({ tex, line, column: 1, display: true });

  it('splits a chain at = and keeps each side\'s line in an align block', () => {
    const eqs = frag('\\begin{align*}\n\\mathcal{L} &= -\\log(0.5846) \\\\\n&= 0.5368\n\\end{align*}');
    expect(eqs).toHaveLength(1);
    expect(eqs[0]!.sides.map((s) => [s.text, s.line])).toEqual([['\\mathcal{L}', 11], ['-\\log(0.5846)', 11], ['0.5368', 12]]);
  });

  it('starts a new equation on a row without a leading &=, and at \\quad and commas', () => {
    expect(frag('a &= 1 \\\\ b &= 2').map((e) => e.sides.length)).toEqual([2, 2]);
    expect(frag('a = 1, \\quad b = 2 \\qquad c = 3.').map((e) => e.sides[0]!.text)).toEqual(['a', 'b', 'c']);
    expect(frag('f(1, 2) = 3')).toHaveLength(1);
  });

  it('treats \\approx and := as equality, marks other relations, and ignores lists without a relation', () => {
    expect(frag('a \\approx 0.5 := b')[0]!.sides).toHaveLength(3);
    expect(frag('a \\le b')[0]!.unsupported).toContain('\\le');
    expect(frag('W_5, W_6, b_3')).toEqual([]);
  });

  it('drops \\label, \\tag and prose after a claim', () => {
    const eqs = frag('z = 1 \\label{eq:z} \\text{ (rounded)}');
    expect(eqs[0]!.sides.map((s) => s.text)).toEqual(['z', '1']);
  });

  it('reads a vector side', () => {
    const slots = new Slots();
    const p = parseSide(frag('x = [1, -2]')[0]!.sides[1]!.toks, slots);
    expect(p.kind).toBe('vector');
  });
});

describe('finding math in documents', () => {
  it('Markdown: displays, inline math, code blocks, code spans and front matter', () => {
    const md = '---\ntitle: $x = 1$\n---\nText $a = 1$ and `$b = 2$`.\n\n$$\nc = 3\n$$\n\n```python\nd = "$e = 4$"\n```\n\\[ f = 5 \\]\nPrice \\$5 and $6.\n';
    const ex = extract(md, docKind('doc.md'));
    expect(ex.fragments.map((f) => [f.tex.trim(), f.line, f.display])).toEqual([['a = 1', 4, false], ['c = 3', 6, true], ['f = 5', 13, true]]);
    expect(ex.code.map((c) => [c.lang, c.line])).toEqual([['python', 11]]);
    expect(ex.unclosed).toEqual([]);
  });

  it('LaTeX: environments, \\( \\), comments and listings', () => {
    const tex = '% $no = 1$\n\\(a = 1\\)\n\\begin{align*}\nb &= 2\n\\end{align*}\n\\begin{lstlisting}[language=Python]\n$c = 3$\n\\end{lstlisting}\n\\begin{equation}\nd = 4';
    const ex = extract(tex, docKind('doc.tex'));
    expect(ex.fragments.map((f) => [f.tex.replace(/\s+/g, ' ').trim(), f.line])).toEqual([['a = 1', 2], ['\\begin{align*} b &= 2 \\end{align*}', 3]]);
    expect(ex.code.map((c) => [c.lang, c.line])).toEqual([['python', 6]]);
    expect(ex.unclosed.map((u) => [u.opener, u.line])).toEqual([['\\begin{equation}', 9]]);
  });

  it('prints LaTeX readably in messages', () => {
    expect(prettyTex('\\frac{1}{1 + e^{-0.3415}} - 0.1 \\times 2 \\cdots')).toBe('1/(1 + e^{−0.3415}) − 0.1 × 2 \\cdots');
  });
});
