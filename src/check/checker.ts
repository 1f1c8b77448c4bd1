/**
 * The three checks, run over a document's equations in reading order.
 *
 * - arithmetic: in a chain S₀ = S₁ = … = Sₙ each step Sᵢ₋₁ = Sᵢ must hold within the rounding of
 *   the printed numbers (values.ts). Symbols take the value the document gave them last (the
 *   author's own numbers, so that an early slip is not charged again on every later line), or
 *   the network's exact value when the document never stated one; a step that holds only with the
 *   network's values (the author used the right number after an earlier slip) also passes.
 * - consistency: a substitution step tells which number was put in for each symbol (align.ts);
 *   it must be the value the document found for that symbol before. Off by one in the last digit
 *   is rounding drift (a warning); anything else is an error with a diagnosis.
 * - truth: a symbol the network knows (z_j, σ_j, W_i, b_i, ŷ, 𝓛, ∂𝓛/∂W_i, W_i(t+1), …) must have
 *   its exact value to the printed precision; within the rounding the chain carried it is drift
 *   (a warning), and a value that follows from an earlier wrong one is "carried over" (a warning).
 * Several checks blaming one slip are merged into one finding (run.ts). The record of stated values
 * and the check of each stated value (truth, and a restated value's consistency) are in stated.ts.
 * One equation is one result: failed when any error is found, passed when at least one check ran,
 * and otherwise "not checked" with the reason.
 */
import { symbol, type Expr } from '../expr/node.js';
import { align } from './align.js';
import { diagnoseExpr, diagnoseFactor, diagnoseRate, diagnoseUse } from './diagnose.js';
import type { EquationSrc } from './equations.js';
import { displayName, parsePartial, prettyTex, updatedName } from './names.js';
import { ParseError, isSlot, parseSide, type ParsedSide } from './parse.js';
import { Run, type Draft, type EquationResult } from './run.js';
import { inSample } from './samples.js';
import { StatedValues, symbolsOf, type At } from './stated.js';
import { fmt, fmtApart, fromModel, halfUnit, isNumeric, loneLiteral, sideValue, slack, type Lookup } from './values.js';

export type { EquationResult, Finding, Severity } from './run.js';

type Side = { ok: true; parsed: ParsedSide; line: number; column: number; text: string } | { ok: false; reason: string; line: number; column: number; text: string };

export class Checker extends StatedValues {
  /** The network's exact values first: for a step that uses the right value after a slip. */
  private readonly modelFirst: Lookup = (name) => {
    const v = this.truth?.value(name);
    return v === undefined ? this.claims.get(name) : fromModel(v);
  };

  /** The values the document's wrong lines' own computations give (see Known.alt). */
  private readonly altFirst: Lookup = (name) => {
    const doc = this.claims.get(name);
    return doc?.alt !== undefined ? { value: doc.alt, half: 0, source: 'document' } : this.lookup(name);
  };

  /** The symbol the equation being checked defines (for the learning-rate diagnosis). */
  private subjectName: string | undefined;

  /** The sample whose section the equation being checked is in (samples.ts). */
  private sample: number | undefined;

  /**
   * Formulas given before their numbers (`Z = W X + b`, then `Z = 0.7`): the later value is
   * checked against the formula with the values known by then.
   */
  private readonly definitions = new Map<string, { expr: Expr; text: string }>();

  /** `name = literal` after a formula for name: one more step, formula = literal. */
  private checkDefinition(name: string, lit: Expr, litText: string, run: Run, at: At): void {
    const def = this.definitions.get(name);
    if (!def) return;
    this.definitions.delete(name);
    this.step(def.expr, lit, def.text, litText, run, at);
  }

  check(eq: EquationSrc): EquationResult {
    this.sample = eq.sample;
    const sides: Side[] = eq.sides.map((s) => {
      const base = { line: s.line, column: s.column, text: s.text };
      try {
        return { ok: true, parsed: parseSide(s.toks, this.slots, eq.sample !== undefined ? inSample(eq.sample) : undefined), ...base };
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        return { ok: false, reason: `cannot read '${clip(s.text)}': ${e.message}`, ...base };
      }
    });
    const first = sides[0]!;
    const head0 = first.ok && first.parsed.kind === 'expr' && first.parsed.expr.op === 'sym' && !isSlot(first.parsed.expr) ? first.parsed.expr.name : undefined;
    // `a = a − η ∂L/∂a`: a symbol defined from its own value is its value after the update.
    const selfUpdate = head0 !== undefined && !head0.endsWith('(t+1)') && sides.slice(1).some((x) => x.ok && x.parsed.kind === 'expr' && symbolsOf(x.parsed.expr).includes(head0));
    if ((eq.update || selfUpdate) && first.ok && first.parsed.kind === 'expr' && first.parsed.expr.op === 'sym' && !isSlot(first.parsed.expr)) {
      // W ← W − α g: the left side is W after the step.
      sides[0] = { ...first, parsed: { kind: 'expr', expr: symbol(updatedName(first.parsed.expr.name)) } };
    }
    const head = sides[0]!;
    const subjectExpr = head.ok && head.parsed.kind === 'expr' ? head.parsed.expr : undefined;
    if (subjectExpr?.op === 'sym' && !isSlot(subjectExpr)) this.phaseOf(subjectExpr.name, sides);
    const subject = subjectExpr?.op === 'sym' && !isSlot(subjectExpr) ? displayName(subjectExpr.name) : clip(head.text);
    this.subjectName = subjectExpr?.op === 'sym' && !isSlot(subjectExpr) ? subjectExpr.name : undefined;
    const run = new Run(eq, subject);
    if (eq.unsupported) return run.notChecked(eq.unsupported);
    for (const s of sides) if (!s.ok) run.reasons.push(s.reason);
    const t0 = sides[0]!;
    const t1 = sides[1];
    if (t0.ok && t0.parsed.kind === 'tuple' && t1?.ok && t1.parsed.kind === 'vector' && t1.parsed.items.length === t0.parsed.names.length && sides.length === 2) {
      const items = t1.parsed.items;
      t0.parsed.names.forEach((n, k) => {
        const lit = loneLiteral(items[k]!, this.slots)!;
        this.claimValue(n, lit.value, lit.decimals, { tol: 0, rounded: [] }, run, { line: t1.line, column: t1.column }, []);
      });
      return run.result();
    }
    if (subjectExpr?.op === 'sym' && sides[1]?.ok && sides[1].parsed.kind === 'vector' && sides.length === 2) {
      this.vectorClaim(subjectExpr.name, sides[1].parsed.items, run, sides[1].line, sides[1].column);
      return run.result();
    }
    const exprs = sides.map((s) => (s.ok && s.parsed.kind === 'expr' ? s.parsed.expr : undefined));
    const lit1 = exprs[1] && sides.length === 2 ? loneLiteral(exprs[1], this.slots) : undefined;
    if (this.subjectName !== undefined && lit1) this.checkDefinition(this.subjectName, exprs[1]!, sides[1]!.text, run, { line: sides[1]!.line, column: sides[1]!.column });
    const uses: Array<{ name: string; used: number; decimals: number }> = [];
    for (let i = 1; i < sides.length; i++) {
      const a = exprs[i - 1];
      const b = exprs[i];
      if (!a || !b) continue;
      const at = { line: sides[i]!.line, column: sides[i]!.column };
      if (!isNumeric(a) && !isSlot(b) && b.op !== 'sym' && !loneLiteral(b, this.slots)) uses.push(...this.substitution(a, b, run, at));
      this.step(a, b, sides[i - 1]!.text, sides[i]!.text, run, at);
    }
    this.claimsAndTruth(sides, exprs, run);
    for (const u of uses) if (!this.claims.has(u.name) && this.truth?.value(u.name) === undefined) this.claims.set(u.name, { value: u.used, half: halfUnit(u.decimals), source: 'document', line: eq.line, at: `${eq.line}:${eq.column}`, text: fmt(u.used) });
    return run.result();
  }

  /**
   * After an update, a symbol restated with another value (ŷ recomputed with the new weights,
   * `a = 2` after the step) belongs to a later phase, not to a slip: see StatedValues.nextPhase.
   */
  private phaseOf(name: string, sides: readonly Side[]): void {
    if (name.endsWith('(t+1)')) { this.updated = true; return; }
    const prev = this.claims.get(name);
    if (!this.updated || !prev) return;
    const last = [...sides].reverse().find((x) => x.ok && x.parsed.kind === 'expr' && loneLiteral(x.parsed.expr, this.slots));
    const lit = last?.ok && last.parsed.kind === 'expr' ? loneLiteral(last.parsed.expr, this.slots) : undefined;
    if (lit && Math.abs(lit.value - prev.value) > Math.max(halfUnit(lit.decimals), prev.half) + slack(lit.value, prev.value)) this.nextPhase(name);
  }

  /** `x = [1, 1]`: x_1 = 1, x_2 = 1. */
  private vectorClaim(name: string, items: Expr[], run: Run, line: number, column: number): void {
    const base = name.replace(/^\\mathbf\{(\w)\}$/, '$1');
    items.forEach((item, k) => {
      const lit = loneLiteral(item, this.slots)!;
      // A sample's vector (x_1^{(2)} in sample 2's section): its entries are x_1_1^{(2)}, … (as matrices.ts names them).
      const sample = this.sample !== undefined ? new RegExp(`^(.*)(\\^\\{\\(${this.sample}\\)\\})$`).exec(base) : null;
      const sub = items.length === 1 && base === 'y' ? 'y' : sample ? `${sample[1]}_${k + 1}${sample[2]}` : `${base}_${k + 1}`;
      this.checkDefinition(sub, item, this.slots.get(lit.slot)?.text ?? String(lit.value), run, { line, column });
      this.claimValue(sub, lit.value, lit.decimals, { tol: 0, rounded: [] }, run, { line, column }, []);
    });
  }

  /** Read the numbers put in for each symbol and compare them with what is known. */
  private substitution(a: Expr, b: Expr, run: Run, at: At): Array<{ name: string; used: number; decimals: number }> {
    const uses = align(a, b, this.slots) ?? [];
    const seen = new Set<string>();
    const wrong: Array<{ name: string; used: number; ref: number; draft: Draft }> = [];
    for (const u of uses) {
      const key = `${u.name}=${u.used}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const doc = this.claims.get(u.name);
      const model = this.truth?.value(u.name);
      const ref = this.lookup(u.name);
      if (!ref) continue;
      run.checks++;
      let d = diagnoseUse(u.name, u.used, u.decimals, ref, this.ctx, u.slot);
      if (!d) continue;
      // The earlier line's printed result was wrong: a slip against what it computes explains more.
      if (doc?.alt !== undefined && (d.cause === 'inconsistent' || d.cause === 'wrong-value')) {
        const text = `${fmt(doc.alt)} (what its computation gives; it prints ${doc.text ?? fmt(doc.value)})`;
        const dAlt = diagnoseUse(u.name, u.used, u.decimals, { ...doc, value: doc.alt, half: 0, text }, this.ctx, u.slot);
        if (dAlt && dAlt.cause !== 'inconsistent' && dAlt.cause !== 'wrong-value') d = dAlt;
      }
      // A slip in the formula for this symbol was already found: the numbers follow the right one.
      if (run.mergeIntoSymbol(u.name, `${fmt(u.used)} is put in for ${displayName(u.name)}`)) continue;
      // The document's earlier value was wrong (and reported there); here the right one is used.
      if (doc && model !== undefined && !diagnoseUse(u.name, u.used, u.decimals, fromModel(model), this.ctx)) continue;
      // Or the value that line's own computation gives (its printed result was the slip).
      if (doc?.alt !== undefined && !diagnoseUse(u.name, u.used, u.decimals, { value: doc.alt, half: 0, source: 'document' }, this.ctx)) continue;
      const exact = doc && model !== undefined ? [`the network gives ${displayName(u.name)} = ${fmt(model)}${truncates(model, u.used, u.decimals) ? ` (${fmt(u.used)} is that value truncated, not rounded)` : ''}`] : [];
      const draft: Draft = { ...at, severity: d.severity, cause: d.cause, head: d.explain, details: exact, slot: u.slot, claimed: u.used, computed: ref.value, substitution: true };
      if (d.cause === 'wrong-operand') wrong.push({ name: u.name, used: u.used, ref: ref.value, draft });
      run.add(draft);
    }
    // Two operands that took each other's values: one finding, "swapped".
    for (const p of wrong) {
      const q = wrong.find((o) => o !== p && o.used === p.ref && p.used === o.ref);
      if (!q || !run.has(p.draft) || !run.has(q.draft)) continue;
      run.remove(q.draft);
      p.draft.head = `wrong operand: ${displayName(p.name)} and ${displayName(q.name)} are swapped (${fmt(p.used)} is put in for ${displayName(p.name)} = ${fmt(p.ref)}, and ${fmt(q.used)} for ${displayName(q.name)} = ${fmt(q.ref)})`;
    }
    return uses;
  }

  /** One step a = b of a chain. */
  private step(a: Expr, b: Expr, aText: string, bText: string, run: Run, at: At): void {
    // `z_2 = 0.6347`: a stated value, checked against the network or the document by claimValue.
    if ((a.op === 'sym' && !isSlot(a) && loneLiteral(b, this.slots)) || (b.op === 'sym' && !isSlot(b) && loneLiteral(a, this.slots))) return;
    const va = sideValue(a, this.slots, this.lookup);
    const vb = sideValue(b, this.slots, this.lookup);
    if (!va.ok || !vb.ok) {
      const missing = [...new Set([...(va.ok ? [] : va.missing), ...(vb.ok ? [] : vb.missing)])];
      const invalid = (!va.ok && va.invalid) || (!vb.ok && vb.invalid);
      const reason = invalid ? `'${clip(va.ok ? bText : aText)}': ${invalid}` : `no value for ${missing.map(displayName).join(', ')}`;
      // Only the symbol this chain defines is unknown: that is a definition, not a gap.
      const defining = !invalid && a.op === 'sym' && missing.length === 1 && missing[0] === a.name;
      (defining ? run.soft : run.reasons).push(reason);
      // A formula for a name given its numbers later (possibly with other names still unknown).
      if (!invalid && a.op === 'sym' && !isSlot(a) && missing.includes(a.name) && !isNumeric(b)) this.definitions.set(a.name, { expr: b, text: bText });
      return;
    }
    run.checks++;
    const tol = this.opts.tolerance ?? va.tol + vb.tol;
    const diff = Math.abs(va.value - vb.value);
    if (diff <= tol + slack(va.value, vb.value)) return;
    // An ε written for numerical safety (`\sqrt{\hat v} + 10^{-8}`) is not part of the hand arithmetic.
    if (EPSILON.test(aText + bText) && diff <= 1e-6 * Math.max(1, Math.abs(va.value), Math.abs(vb.value))) return;
    if (this.truth && this.holdsWith(a, b, this.modelFirst)) return;
    if (this.holdsWith(a, b, this.altFirst)) return;
    // Diagnose the side that is a computation; the other one is the value it should reach.
    const bLit = loneLiteral(b, this.slots);
    const [work, workText, target, targetTol] = bLit || b.op === 'sym' ? [a, aText, vb.value, vb.tol] : [b, bText, va.value, va.tol];
    const got = work === a ? va.value : vb.value;
    const label = this.labelSlip(work, target, workText);
    if (label) { run.add({ ...at, ...label, details: [], claimed: target, computed: got }); return; }
    // A number an earlier line got wrong, used here correctly: reported where it was made.
    const from = this.truth ? this.carriedFrom([work]) : undefined;
    if (from) {
      run.add({ ...at, severity: 'warning', cause: 'carried-over', head: `${clip(workText)} gives ${fmt(got)}, not ${fmt(target)}: carried over from ${from}`, details: [], claimed: target, computed: got });
      return;
    }
    // The result as the author printed it, and the computation's value to as many digits.
    const tLit = loneLiteral(work === a ? b : a, this.slots);
    const printed = tLit ? this.slots.get(tLit.slot)!.text : undefined;
    const [gotText, targetText] = printed
      ? [fmt(got, Math.max(6, printed.replace('.', '').replace(/^0+/, '').length)), `${tLit!.value < 0 ? '−' : ''}${printed}`]
      : fmtApart(got, target);
    const line = `${clip(workText)} gives ${gotText}, not ${targetText}`;
    // A substitution already read on this line, or a slip found in a formula used here, explains the step.
    if (run.mergeIntoSubstitution(at.line, line)) return;
    if ([...symbolsOf(a), ...symbolsOf(b)].some((n) => run.mergeIntoSymbol(n, line))) return;
    // The computation is right but its result is written with the wrong sign.
    if (bLit && target !== 0 && Math.abs(got + target) <= tol + slack(got, target)) {
      run.add({ ...at, severity: 'error', cause: 'sign-slip', head: `sign slip in the result: ${clip(workText)} gives ${gotText}, but ${targetText} is written`, details: [], claimed: target, computed: got });
      return;
    }
    const rate = this.subjectName?.endsWith('(t+1)') ? diagnoseRate(work, target, this.opts.tolerance ?? targetTol, this.ctx) : undefined;
    // One constant factor (½, 2, α, 1/N) explains more plainly than one number swapped for another.
    const e = diagnoseExpr(work, target, this.opts.tolerance ?? targetTol, this.ctx);
    const f = diagnoseFactor(got, target, (this.opts.tolerance ?? targetTol) + (work === a ? va.tol : vb.tol), this.ctx);
    const d = rate ?? (e && e.cause !== 'wrong-operand' ? e : f ?? e);
    if (d && run.merge(d.slot, line)) return;
    if (d) {
      run.add({ ...at, severity: d.severity, cause: d.cause, head: d.explain, details: [line], ...(d.slot ? { slot: d.slot } : {}), ...(d.symbol ? { symbol: d.symbol } : {}), claimed: target, computed: got });
      return;
    }
    // Off by one in the last of at least two printed decimals, in a computation on rounded values: rounding drift.
    const workTol = work === a ? va.tol : vb.tol;
    const unit = bLit && bLit.decimals >= 2 && workTol > 0 ? 10 ** -bLit.decimals : 0;
    if (this.opts.tolerance === undefined && unit > 0 && diff <= tol + unit) {
      run.add({ ...at, severity: 'warning', cause: 'rounding-drift', head: `rounding drift: ${line} (off by one in the last digit)`, details: [], claimed: target, computed: got });
      return;
    }
    // A formula against the numbers put in for it (`σ_3(1 − σ_3) = 0.4154 × 0.4154`): the arithmetic
    // may be fine; what is wrong is a number substituted for some part of the formula.
    if (work === b && !isNumeric(a) && isNumeric(b) && !bLit) {
      run.add({ ...at, severity: 'error', cause: 'wrong-operand', head: `wrong operand: the numbers put in for ${clip(aText)} give ${gotText}, but it is ${targetText}`, details: [], claimed: got, computed: target });
      return;
    }
    run.add({ ...at, severity: 'error', cause: 'arithmetic', head: `arithmetic error: ${line}`, details: [], claimed: target, computed: got });
  }

  /**
   * A formula that is right for another quantity of the same kind (∂L/∂w_9's formula under the
   * name ∂L/∂w_8): numbers right, label wrong — a warning.
   */
  private labelSlip(work: Expr, target: number, workText: string): { severity: 'warning'; cause: 'label-slip'; head: string } | undefined {
    const subject = this.subjectName;
    if (!this.truth || !subject || isNumeric(work)) return undefined;
    const v = sideValue(work, this.slots, this.modelFirst);
    if (!v.ok || Math.abs(v.value - target) <= 1e-9 * Math.max(1, Math.abs(target))) return undefined;
    const other = this.siblingWith(subject, v.value, 1e-9 * Math.max(1, Math.abs(v.value)));
    return other ? { severity: 'warning', cause: 'label-slip', head: `label slip: ${clip(workText)} is ${other}, not ${displayName(subject)} = ${fmt(target)}` } : undefined;
  }

  /** Does a = b hold when symbols take other values (the network's, or what wrong lines compute)? */
  private holdsWith(a: Expr, b: Expr, lookup: Lookup): boolean {
    const va = sideValue(a, this.slots, lookup);
    const vb = sideValue(b, this.slots, lookup);
    if (!va.ok || !vb.ok) return false;
    return Math.abs(va.value - vb.value) <= (this.opts.tolerance ?? va.tol + vb.tol) + slack(va.value, vb.value);
  }
}

/** Is `used` the value `exact` cut (not rounded) to `decimals` decimals? */
function truncates(exact: number, used: number, decimals: number): boolean {
  const f = 10 ** decimals;
  return decimals > 0 && Math.trunc(exact * f) / f === used && Math.round(exact * f) / f !== used;
}

const EPSILON = /10\^\{?-\d|\\epsilon|\\varepsilon|\de-\d/;

const clip = (t: string, n = 60): string => {
  const s = prettyTex(t);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};