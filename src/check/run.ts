/**
 * The findings of one equation while it is checked, and its result. Several checks may blame the
 * same slip (a substitution step, the arithmetic after it, the final value); findings about the
 * same printed number, the same formula symbol or the same substitution line are merged into
 * one message with details, so one slip is one error.
 */
import type { Expr } from '../expr/node.js';
import type { Cause } from './diagnose.js';
import type { EquationSrc } from './equations.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  readonly severity: Severity;
  readonly line: number;
  readonly column: number;
  readonly cause?: Cause | 'not-checked' | 'after-step' | 'label-slip';
  readonly message: string;
  readonly claimed?: number;
  readonly computed?: number;
}

export interface EquationResult {
  readonly line: number;
  readonly column: number;
  /** The equation's first side, as written. */
  readonly subject: string;
  readonly status: 'passed' | 'failed' | 'not-checked';
  /** How many comparisons ran. */
  readonly checks: number;
  readonly findings: Finding[];
}

export interface Draft {
  severity: Severity;
  line: number;
  column: number;
  cause: Cause | 'after-step' | 'label-slip';
  head: string;
  details: string[];
  slot?: Expr;
  claimed?: number;
  computed?: number;
  /** Found by reading a substitution step. */
  substitution?: boolean;
  /** The formula symbol it is about. */
  symbol?: string;
}

/** The findings of one equation while it is being checked. */
export class Run {
  checks = 0;
  readonly reasons: string[] = [];
  /** Reasons that matter only when nothing at all could be checked (a symbol being defined, a given value). */
  readonly soft: string[] = [];
  private readonly drafts: Draft[] = [];
  private readonly extra: string[] = [];
  constructor(readonly eq: EquationSrc, private readonly subject: string) {}

  add(d: Draft): void {
    this.drafts.push(d);
  }

  /** Is this draft (or, without one, any draft of this cause) among the findings? */
  has(d: Draft | undefined, cause?: Draft['cause']): boolean {
    return d ? this.drafts.includes(d) : this.drafts.some((x) => x.cause === cause);
  }

  remove(d: Draft): void {
    this.drafts.splice(this.drafts.indexOf(d), 1);
  }

  /** Add `detail` to an error found reading a substitution on `line`, if there is one. */
  mergeIntoSubstitution(line: number, detail: string): boolean {
    const hit = this.drafts.find((d) => d.substitution && d.severity === 'error' && d.line === line);
    if (hit && !hit.details.some((d) => d.split(' gives ')[0] === detail.split(' gives ')[0])) hit.details.push(detail);
    return !!hit;
  }

  /** Add `detail` to the finding about the formula symbol `name`, if there is one. */
  mergeIntoSymbol(name: string, detail: string): boolean {
    const hit = this.drafts.find((d) => d.symbol === name);
    if (hit && !hit.details.includes(detail)) hit.details.push(detail);
    return !!hit;
  }

  /** The unexplained arithmetic error of this equation, if any. */
  arithmetic(): Draft | undefined {
    return this.drafts.find((d) => d.cause === 'arithmetic');
  }

  hasError(): boolean {
    return this.drafts.some((d) => d.severity === 'error');
  }

  /** Add `detail` to the finding about the same literal, if there is one. */
  merge(slot: Expr | undefined, detail: string): boolean {
    const hit = slot && this.drafts.find((d) => d.slot === slot);
    if (!hit) return false;
    if (!hit.details.includes(detail)) hit.details.push(detail);
    return true;
  }

  /** A remark for the equation's first error (e.g. that the final value is nevertheless right). */
  detail(s: string): void {
    if (!this.extra.some((e) => e.split(' (')[0] === s.split(' (')[0])) this.extra.push(s);
  }

  notChecked(reason: string): EquationResult {
    return { line: this.eq.line, column: this.eq.column, subject: this.subject, status: 'not-checked', checks: 0, findings: [{ severity: 'note', line: this.eq.line, column: this.eq.column, cause: 'not-checked', message: `${this.subject}: not checked: ${reason}` }] };
  }

  result(): EquationResult {
    if (this.checks === 0) return this.notChecked(this.reasons[0] ?? this.soft[0] ?? 'nothing to check');
    const findings: Finding[] = this.drafts.map((d, k) => {
      const lead = this.hasError() ? this.drafts.findIndex((x) => x.severity === 'error') : 0;
      const details = k === lead ? [...d.details, ...this.extra] : d.details;
      return {
        severity: d.severity, line: d.line, column: d.column, cause: d.cause,
        message: [`${this.subject}: ${d.head}`, ...details].join('; '),
        ...(d.claimed !== undefined ? { claimed: d.claimed } : {}),
        ...(d.computed !== undefined ? { computed: d.computed } : {}),
      };
    });
    for (const r of this.reasons) findings.push({ severity: 'note', line: this.eq.line, column: this.eq.column, cause: 'not-checked', message: `${this.subject}: partly not checked: ${r}` });
    return { line: this.eq.line, column: this.eq.column, subject: this.subject, status: this.hasError() ? 'failed' : 'passed', checks: this.checks, findings };
  }
}
