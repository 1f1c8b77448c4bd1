/**
 * Grading a file of answers: `symbol: value` pairs (YAML) checked against a network. Each pair is
 * read as the equation `symbol = value` at its line and goes through the same truth check and
 * diagnosis as a document's equations. Keys may be LaTeX (`\sigma_2`, `\frac{\partial
 * \mathcal{L}}{\partial W_5}`, `W_5(t+1)`) or the ASCII spellings graders type (`sigma_2`,
 * `yhat`, `L`, `dL/dW_5`).
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { SymgradError } from '../errors.js';
import { Checker } from './checker.js';
import { equationsOf } from './equations.js';
import { Slots } from './parse.js';
import { summarize, type Report } from './report.js';
import type { Truth } from './truth.js';

const GREEK = /^(alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|sigma|tau|phi)(?=_|$)/;

/** An answer key as LaTeX. */
function keyToLatex(key: string): string {
  const k = key.trim();
  const d = /^d(\w+)\s*\/\s*d(.+)$/.exec(k);
  if (d) return `\\frac{\\partial ${keyToLatex(d[1]!)}}{\\partial ${keyToLatex(d[2]!)}}`;
  if (k === 'L' || k === 'loss') return '\\mathcal{L}';
  if (k === 'yhat' || k === 'y_hat') return '\\hat{y}';
  return k.replace(GREEK, '\\$1');
}

/** Lines (1-based) of offsets in `text`. */
const lineOf = (text: string, off: number) => text.slice(0, off).split('\n').length;

export function checkClaims(text: string, file: string, truth: Truth): Report {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new SymgradError(e.message.split('\n')[0]!.replace(/:$/, ''), { file, line: e.linePos?.[0]?.line ?? 1 });
  }
  if (!isMap(doc.contents)) throw new SymgradError('expected a map of symbol: value pairs', { file, line: 1 });
  const checker = new Checker(new Slots(), { truth });
  const results = doc.contents.items.map((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyOff = isScalar(pair.key) ? pair.key.range?.[0] ?? 0 : 0;
    const line = lineOf(text, keyOff);
    const valueNode = pair.value;
    if (!isScalar(valueNode) || (typeof valueNode.value !== 'number' && !/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(String(valueNode.value)))) {
      throw new SymgradError(`the answer for '${key}' must be a number`, { file, line });
    }
    const range = valueNode.range ?? [0, 0];
    const printed = text.slice(range[0], range[1]).trim().replace(/^['"]|['"]$/g, '');
    const eqs = equationsOf({ tex: `${keyToLatex(key)} = ${printed}`, line, column: 1, display: false });
    if (eqs.length !== 1) {
      const message = `${key}: not checked: cannot read '${key}' as a symbol`;
      return { line, column: 1, subject: key, status: 'not-checked' as const, checks: 0, findings: [{ severity: 'note' as const, line, column: 1, cause: 'not-checked' as const, message }] };
    }
    return checker.check(eqs[0]!);
  });
  return { file, model: { source: 'file', notes: [] }, equations: results, summary: summarize(results) };
}
