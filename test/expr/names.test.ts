/**
 * Symbol names: the LaTeX, canonical (IR) and plain-text spellings of a table of names, and the
 * property that text → canonical → text is stable, so printed formulas parse back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalName, symbolLatex, symbolText } from '../../src/expr/names.js';
import { expectKatex } from '../support/katex.js';

/** [name as given, LaTeX, canonical IR name, plain text]. */
const NAMES: Array<[string, string, string, string]> = [
  ['W_1', 'W_{1}', 'W_1', 'W_1'],
  ['z_12', 'z_{12}', 'z_{12}', 'z_12'],
  ['z_{12}', 'z_{12}', 'z_{12}', 'z_12'],
  ['w1', 'w_{1}', 'w_1', 'w_1'],
  ['W12', 'W_{12}', 'W_{12}', 'W_12'],
  ['sigma_3', '\\sigma_{3}', '\\sigma_3', 'sigma_3'],
  ['\\sigma_3', '\\sigma_{3}', '\\sigma_3', 'sigma_3'],
  ['\\sigma_{3}', '\\sigma_{3}', '\\sigma_3', 'sigma_3'],
  ['sigma3', '\\sigma_{3}', '\\sigma_3', 'sigma_3'],
  ['alpha', '\\alpha', '\\alpha', 'alpha'],
  ['omega', '\\omega', '\\omega', 'omega'],
  ['Delta', '\\Delta', '\\Delta', 'Delta'],
  ['Omega_2', '\\Omega_{2}', '\\Omega_2', 'Omega_2'],
  ['y_hat', '\\hat{y}', '\\hat{y}', 'y_hat'],
  ['yhat', '\\hat{y}', '\\hat{y}', 'y_hat'],
  ['\\hat{y}', '\\hat{y}', '\\hat{y}', 'y_hat'],
  ['y_hat_2', '\\hat{y}_{2}', '\\hat{y}_2', 'y_hat_2'],
  ['\\hat{y}_{2}', '\\hat{y}_{2}', '\\hat{y}_2', 'y_hat_2'],
  ['x_bar', '\\bar{x}', '\\bar{x}', 'x_bar'],
  ['L', 'L', 'L', 'L'],
  ['\\mathcal{L}', '\\mathcal{L}', '\\mathcal{L}', 'L_cal'],
  ['L_cal', '\\mathcal{L}', '\\mathcal{L}', 'L_cal'],
  ['loss', '\\mathrm{loss}', 'loss', 'loss'],
  ['loss_2', '\\mathrm{loss}_{2}', 'loss_2', 'loss_2'],
  ['\\mathrm{loss}', '\\mathrm{loss}', 'loss', 'loss'],
  ['W_1_2', 'W_{1,2}', 'W_{1,2}', 'W_1_2'],
  ['x_ij', 'x_{ij}', 'x_{ij}', 'x_ij'],
  ['x_1^{(2)}', 'x_{1}^{(2)}', 'x_1^{(2)}', 'x_1__2'],
  ['x_1__2', 'x_{1}^{(2)}', 'x_1^{(2)}', 'x_1__2'],
  ['\\hat{y}^{(3)}', '\\hat{y}^{(3)}', '\\hat{y}^{(3)}', 'y_hat__3'],
  ['W^{(1)}', 'W^{(1)}', 'W^{(1)}', 'W__1'],
  ['W_{12}^{(2)}', 'W_{12}^{(2)}', 'W_{12}^{(2)}', 'W_12__2'],
];

describe('symbol names', () => {
  it.each(NAMES)('%s', (name, latex, canonical, text) => {
    expect(symbolLatex(name)).toBe(latex);
    expect(canonicalName(name)).toBe(canonical);
    expect(symbolText(name)).toBe(text);
    expect(canonicalName(text)).toBe(canonical);
    expectKatex(latex);
  });

  it('keeps names outside the grammar as LaTeX, bracing subscripts', () => {
    expect(symbolLatex('W^{T}')).toBe('W^{T}');
    expect(symbolLatex('\\delta^{T}_12')).toBe('\\delta^{T}_{12}');
    expect(canonicalName('W^{T}')).toBe('W^{T}');
    expect(symbolText('W^{T}')).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expectKatex(symbolLatex('\\delta^{T}_12'));
  });

  it('is stable: the text of a canonical name reads back to it', () => {
    const ident = fc.tuple(
      fc.constantFrom('x', 'W', 'b', 'sigma', 'alpha', 'Delta', 'loss', 'z'),
      fc.subarray(['hat', 'bar', 'cal'], { maxLength: 2 }),
      fc.array(fc.constantFrom('1', '2', '12', 'i', 'j'), { maxLength: 2 }),
      fc.constantFrom('', '__2', '__10'),
    ).map(([base, decorations, sub, sup]) => [base, ...decorations, ...sub].join('_') + sup);
    fc.assert(fc.property(ident, (id) => {
      const canonical = canonicalName(id);
      expect(canonicalName(symbolText(canonical))).toBe(canonical);
      expect(canonicalName(canonical)).toBe(canonical);
      expect(symbolLatex(canonical)).toBe(symbolLatex(id));
      expectKatex(symbolLatex(id));
    }), { numRuns: 200 });
  });
});
