/**
 * The checker's report as a compiler would print it — `doc.md:79: error: z_2: …`, one line per
 * finding in line order, then the summary `N passed, N failed, N warnings, N not checked` — and
 * as JSON for tools.
 */
import type { EquationResult } from './checker.js';
import type { ModelInfo } from './model.js';

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly warnings: number;
  readonly not_checked: number;
}

export interface Report {
  readonly file: string;
  readonly model: { readonly source: ModelInfo['source']; readonly line?: number; readonly notes: string[] };
  readonly equations: EquationResult[];
  readonly summary: Summary;
}

export function summarize(results: readonly EquationResult[]): Summary {
  return {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    warnings: results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0),
    not_checked: results.filter((r) => r.status === 'not-checked').length,
  };
}


export function formatReport(r: Report): string {
  const lines: string[] = [];
  const where = r.model.line !== undefined ? `${r.file}:${r.model.line}` : r.file;
  for (const n of r.model.notes) lines.push(`${where}: note: ${n}`);
  const findings = r.equations.flatMap((e) => e.findings).sort((a, b) => a.line - b.line || a.column - b.column);
  for (const f of findings) lines.push(`${r.file}:${f.line}: ${f.severity}: ${f.message}`);
  lines.push(summaryLine(r.summary));
  return lines.join('\n');
}

/** `N passed, N failed, N warnings, N not checked` */
export function summaryLine(s: Summary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.not_checked} not checked`;
}

export function formatJson(r: Report): string {
  return JSON.stringify(r, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}
