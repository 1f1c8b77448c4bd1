/**
 * Checking hand calculations: read a Markdown or LaTeX document, find every equation, and say
 * which hold and which do not, and why. A first pass collects the values the document states
 * (so that the input x and target y can come from the text); the second pass runs the checks
 * with the network, when one is known. `checkClaims` does the same for a grader's file of
 * `symbol: value` answers.
 */
import { Checker, type EquationResult } from './checker.js';
import { equationsOf, type EquationSrc } from './equations.js';
import { docKind, extract, type Unclosed } from './extract.js';
import { resolveModel, type ModelRequest } from './model.js';
import { Slots } from './parse.js';
import { summarize, type Report } from './report.js';

export interface DocumentOptions extends ModelRequest {
  readonly tolerance?: number;
}

function unclosedResult(u: Unclosed): EquationResult {
  const message = `${u.opener}: not checked: the math opened here is never closed`;
  return { line: u.line, column: u.column, subject: u.opener, status: 'not-checked', checks: 0, findings: [{ severity: 'note', line: u.line, column: u.column, cause: 'not-checked', message }] };
}

export function checkDocument(text: string, file: string, opts: DocumentOptions = {}): Report {
  const { fragments, code, unclosed } = extract(text, docKind(file));
  const equations: EquationSrc[] = fragments.flatMap(equationsOf);
  const lines = text.split(/\r?\n/);
  const tolerance = { ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}), lineText: (line: number) => lines[line - 1] ?? '' };
  // Pass 1, without a network: the values the document states.
  const first = new Checker(new Slots(), tolerance);
  for (const eq of equations) first.check(eq);
  const model = resolveModel(opts, code, first.claims);
  // Pass 2: every check.
  const checker = new Checker(new Slots(), { ...tolerance, ...(model.truth ? { truth: model.truth } : {}) });
  const results = [...equations.map((eq) => checker.check(eq)), ...unclosed.map(unclosedResult)].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    file,
    model: { source: model.source, ...(model.line !== undefined ? { line: model.line } : {}), notes: model.notes },
    equations: results,
    summary: summarize(results),
  };
}

export { checkClaims } from './claims.js';
export { formatReport, formatJson, summarize, summaryLine, type Report, type Summary } from './report.js';
