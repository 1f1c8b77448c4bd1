/**
 * Checking hand calculations: read a Markdown or LaTeX document, find every equation, and say
 * which hold and which do not, and why. A first pass collects the values the document states
 * (so that the input x and target y can come from the text); the second pass runs the checks
 * with the network, when one is known. `checkClaims` does the same for a grader's file of
 * `symbol: value` answers.
 */
import { bindSymbols } from './bind.js';
import { Checker, type EquationResult } from './checker.js';
import { commonRate } from './rates.js';
import { equationsOf, joinContinuations, type EquationSrc } from './equations.js';
import { docKind, extract, type CodeBlock, type Unclosed } from './extract.js';
import { lex } from './lex.js';
import { expandMatrices, mergeGroups } from './matrices.js';
import { sampleSections } from './samples.js';
import { resolveModel, type ModelRequest } from './model.js';
import { parseSide, Slots } from './parse.js';
import { summarize, type Report } from './report.js';
import { halfUnit, type Known } from './values.js';

export interface DocumentOptions extends ModelRequest {
  readonly tolerance?: number;
}

function unclosedResult(u: Unclosed): EquationResult {
  const message = `${u.opener}: not checked: the math opened here is never closed`;
  return { line: u.line, column: u.column, subject: u.opener, status: 'not-checked', checks: 0, findings: [{ severity: 'note', line: u.line, column: u.column, cause: 'not-checked', message }] };
}

export function checkDocument(text: string, file: string, opts: DocumentOptions = {}): Report {
  const { fragments, code, unclosed } = extract(text, docKind(file));
  // Per-sample sections, unless the network given is known to hold one sample only.
  const sampleOf = opts.spec && opts.spec.data.x.length < 2 ? () => undefined : sampleSections(text);
  const equations: EquationSrc[] = expandMatrices(joinContinuations(fragments.flatMap(equationsOf))).map((eq) => {
    const k = sampleOf(eq.line);
    return k === undefined ? eq : { ...eq, sample: k };
  });
  const lines = text.split(/\r?\n/);
  // A line's text with the two before it: "after the update" may head the paragraph.
  const lineText = (line: number) => [line - 2, line - 1, line].map((l) => lines[l - 1] ?? '').join('\n');
  const tolerance = { ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}), lineText };
  // Pass 1, without a network: the values the document states.
  const first = new Checker(new Slots(), tolerance);
  for (const eq of equations) first.check(eq);
  const stated = new Map([...first.claims, ...first.firsts]);
  codeValues(code, stated);
  const resolved = resolveModel(opts, code, stated, text);
  // Which network quantity each of the document's own names denotes (bind.ts).
  const bound = resolved.truth ? bindSymbols(resolved.truth, stated, resolved.pairs) : undefined;
  const model = bound ? { ...resolved, truth: bound.truth, notes: [...resolved.notes, ...bound.notes] } : resolved;
  // Pass 2: every check.
  const checker = new Checker(new Slots(), { ...tolerance, ...(model.truth ? { truth: model.truth } : {}) });
  const checked = mergeGroups(equations, commonRate(equations.map((eq) => checker.check(eq)), checker.rateFits, model.truth?.spec.optimizer.lr));
  const results = [...checked, ...unclosed.map(unclosedResult)].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    file,
    model: { source: model.source, ...(model.line !== undefined ? { line: model.line } : {}), notes: model.notes },
    equations: results,
    summary: summarize(results),
  };
}

/**
 * Plain assignments in the document's code (`w1 = 0.2; x1 = 0.5`) state values too: they join
 * the document's values (for binding its names to the network), unless the math states them.
 */
function codeValues(code: readonly CodeBlock[], claims: Map<string, Known>): void {
  for (const block of code) {
    block.text.split(/\r?\n/).forEach((row, k) => {
      for (const stmt of row.split(';')) {
        const m = /^\s*([A-Za-z]\w{0,5})\s*=\s*(-?\d+(?:\.\d+)?)\s*$/.exec(stmt);
        if (!m) continue;
        let name: string;
        try {
          const side = parseSide(lex(m[1]!), new Slots());
          if (side.kind !== 'expr' || side.expr.op !== 'sym') continue;
          name = side.expr.name;
        } catch {
          continue;
        }
        // The math's own value wins, unless the code states it first (before an update).
        if ((claims.get(name)?.line ?? Infinity) < block.line + k) continue;
        const decimals = m[2]!.includes('.') ? m[2]!.split('.')[1]!.length : 0;
        claims.set(name, { value: Number(m[2]), half: halfUnit(decimals), source: 'document', line: block.line + k, text: m[2]! });
      }
    });
  }
}

export { checkClaims } from './claims.js';
export { formatReport, formatJson, summarize, summaryLine, type Report, type Summary } from './report.js';
