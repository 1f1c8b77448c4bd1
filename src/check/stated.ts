/**
 * The values a document states, and the checks of each one (the base the Checker builds on).
 * `claims` holds the value the document last gave each symbol; `lookup` reads a symbol from it,
 * or from the network when the document never stated one. When a chain ends in a printed number,
 * each bare symbol of the chain is claimed to have that value, and the claim is checked:
 * - truth: against the network's exact value, to the printed precision; within the rounding the
 *   chain carried it is drift (a warning), and a value that follows from an earlier wrong one is
 *   "carried over" (a warning); otherwise the slip is diagnosed (diagnose.ts, truth.ts);
 * - consistency: for a symbol the network has no value for, against what an earlier line gave it,
 *   unless the prose says it is a later value (after an update, the next step).
 */
import { freeSymbols, type Expr } from '../expr/node.js';
import { diagnoseUpdate, diagnoseUse, type Context } from './diagnose.js';
import { displayName, parsePartial, updatedName } from './names.js';
import { isSlot, type Slots } from './parse.js';
import type { Run } from './run.js';
import type { Truth } from './truth.js';
import { fixed, fmt, fromModel, halfUnit, isNumeric, loneLiteral, precise, sideValue, slack, type Known, type Lookup } from './values.js';

export interface CheckOptions {
  readonly truth?: Truth;
  /** An absolute tolerance replacing the automatic one. */
  readonly tolerance?: number;
  /** The document's text of a line (to read "after the update" next to a restated value). */
  readonly lineText?: (line: number) => string;
}

/** Prose that announces a later value of the same symbol: after an update, the next step. */
const LATER = /\b(after|updated?|new|next|step|iteration|epoch)\b|갱신|업데이트|이후|다음|更新|更新后|之后/i;

export type At = { line: number; column: number };

/** The rounding a chain's last computation carries, and the rounded numbers it comes from. */
type Carried = { tol: number; rounded: string[]; alt?: number };

export class StatedValues {
  /** The value the document last gave each symbol. */
  readonly claims = new Map<string, Known>();
  /** The value the document first gave each symbol (the values before any update, for binding). */
  readonly firsts = new Map<string, Known>();
  /**
   * How many times the document has moved on to values after an update (a forward pass
   * recomputed with the new weights, the next sample's step). The network's values describe the
   * first step only, so truth checks stop after the first change of phase.
   */
  protected phase = 0;
  /** For each wrong W(t+1): the learning rate it fits, and how precisely (see rates.ts). */
  readonly rateFits: Array<{ line: number; column: number; rate: number; tol: number }> = [];
  /** Has an update (W(t+1), `a = a − η …`, `w_{new}`) been written yet? */
  protected updated = false;
  constructor(protected readonly slots: Slots, protected readonly opts: CheckOptions = {}) {}

  /** The network, while the document is still on the values it describes. */
  protected get truth(): Truth | undefined {
    return this.phase > 0 ? undefined : this.opts.truth;
  }

  /**
   * A later phase begins: the values after the update become the current ones (W(t+1) → W), and
   * `name`, restated with a new value, starts afresh.
   */
  protected nextPhase(name: string): void {
    this.phase++;
    for (const [k, v] of [...this.claims]) {
      const m = /^(.*)\(t\+1\)$/.exec(k);
      if (m) { this.claims.set(m[1]!, v); this.claims.delete(k); }
    }
    this.claims.delete(name);
  }

  protected readonly lookup: Lookup = (name) => {
    const doc = this.claims.get(name);
    if (doc) return doc;
    const v = this.truth?.value(name);
    return v === undefined ? undefined : fromModel(v);
  };

  protected get ctx(): Context {
    return { slots: this.slots, lookup: this.lookup, claims: this.claims, ...(this.truth ? { truth: this.truth } : {}) };
  }

  /** Record the chain's value for each side that is a bare symbol, checking it against the network. */
  protected claimsAndTruth(sides: readonly At[], exprs: (Expr | undefined)[], run: Run): void {
    let final: { value: number; decimals: number; tol: number; line: number; column: number } | undefined;
    for (let i = exprs.length - 1; i >= 0 && !final; i--) {
      const e = exprs[i];
      if (!e) continue;
      const lit = loneLiteral(e, this.slots);
      if (lit) { final = { value: lit.value, decimals: lit.decimals, tol: 0, line: sides[i]!.line, column: sides[i]!.column }; break; }
    }
    if (!final) return;
    // The rounding the chain's last computation carries: a claim within it is drift, not a slip.
    const computed = exprs.filter((e): e is Expr => !!e && isNumeric(e) && !loneLiteral(e, this.slots)).pop();
    const v = computed ? sideValue(computed, this.slots, this.lookup) : undefined;
    const rounded = computed ? freeSymbols(computed).flatMap((x) => { const sl = this.slots.get(x); return sl && sl.half > 0 ? [sl.text] : []; }) : [];
    // A printed result its own computation does not give: later lines may use either number.
    const alt = v?.ok && Math.abs(v.value - final.value) > (this.opts.tolerance ?? v.tol + halfUnit(final.decimals)) + slack(v.value, final.value) ? v.value : undefined;
    const carried: Carried = { tol: v?.ok ? v.tol : 0, rounded, ...(alt !== undefined ? { alt } : {}) };
    const at = { line: final.line, column: final.column };
    exprs.forEach((e) => {
      if (e?.op !== 'sym' || isSlot(e)) return;
      const upstream = exprs.flatMap((x) => (x ? [x] : []));
      this.claimValue(e.name, final!.value, final!.decimals, carried, run, at, upstream);
    });
  }

  protected claimValue(name0: string, value: number, decimals: number, carried: Carried, run: Run, at: At, upstream: Expr[]): void {
    const h = halfUnit(decimals);
    // `w1 = 0.19` under "更新后的权值" (the weights after the update): the parameter after the step.
    const later = this.truth?.value(updatedName(name0));
    const now = this.truth?.value(name0);
    const name = later !== undefined && now !== undefined && Math.abs(value - now) > h + slack(value, now) && (LATER.test(this.opts.lineText?.(at.line) ?? '') || this.updated) ? updatedName(name0) : name0;
    const exact = this.truth?.value(name);
    const prev = this.claims.get(name);
    const show = displayName(name);
    if (exact !== undefined) {
      run.checks++;
      const d = Math.abs(value - exact);
      if (d <= (this.opts.tolerance ?? h) + slack(value, exact)) {
        run.detail(`the result ${fixed(value, decimals)} is right (the network gives ${show} = ${fmt(exact)})`);
      } else if (this.opts.tolerance === undefined && decimals > 0 && d <= Math.max(carried.tol + h, 1.5 * 10 ** -decimals)) {
        const source = carried.rounded.length > 0 ? `the rounded ${carried.rounded.join(', ')} carried through` : 'rounded intermediate values';
        run.add({ ...at, severity: 'warning', cause: 'rounding-drift', head: `rounding drift: ${show} = ${fixed(value, decimals)}, but the network gives ${fmt(exact)}, which rounds to ${fixed(exact, decimals)}; the difference comes from ${source}`, details: [], claimed: value, computed: exact });
      } else if (this.truth?.afterStep(name) !== undefined && Math.abs(value - this.truth.afterStep(name)!) <= h + slack(value, exact)) {
        run.add({ ...at, severity: 'note', cause: 'after-step', head: `${show} = ${fixed(value, decimals)} is the value after one optimizer step (before it: ${fmt(exact)})`, details: [], claimed: value, computed: this.truth.afterStep(name)! });
      } else if (run.has(undefined, 'carried-over') || run.has(undefined, 'label-slip')) {
        run.detail(`the network gives ${show} = ${fmt(exact)}`);
      } else if (!run.hasError()) {
        const from = this.carriedFrom(upstream);
        if (from) {
          run.add({ ...at, severity: 'warning', cause: 'carried-over', head: `${show} = ${fmt(value)}, but the network gives ${fmt(exact)}: carried over from ${from}`, details: [], claimed: value, computed: exact });
        } else {
          // The number is right for a sibling quantity: the subscript is what is wrong.
          const sibling = decimals >= 2 ? this.siblingWith(name, value, h) : undefined;
          if (sibling) {
            run.add({ ...at, severity: 'warning', cause: 'label-slip', head: `label slip: ${show} = ${fmt(value)} is the value of ${sibling}; the network gives ${show} = ${fmt(exact)}`, details: [], claimed: value, computed: exact });
            this.claims.set(name, { value: exact, half: 0, source: 'document', line: run.eq.line, at: `${run.eq.line}:${run.eq.column}`, text: fixed(value, decimals) });
            return;
          }
          const upd = /^(.*)\(t\+1\)$/.exec(name);
          const truth = this.truth!;
          const diag = (upd ? diagnoseUpdate(upd[1]!, value, h + carried.tol, truth) : undefined)
            // Searching for another value that fits needs a claim precise enough not to fit by chance.
            ?? (precise(value, decimals) ? truth.explain(name, value, h + carried.tol) : undefined)
            ?? diagnoseUse(name, value, decimals, fromModel(exact), this.ctx);
          const plain = `${show} = ${fmt(value)}, but the network gives ${fmt(exact)}`;
          const head = diag && diag.cause !== 'wrong-value' ? `${plain}: ${diag.explain}` : plain;
          // The learning rate this update would have used (gathered for the whole set: rates.ts).
          const w = upd ? truth.value(upd[1]!) : undefined;
          const g = upd ? truth.gradOf(upd[1]!) : undefined;
          if (w !== undefined && g !== undefined && g !== 0 && truth.spec.optimizer.type === 'sgd' && (!diag || diag.cause === 'wrong-value' || diag.cause === 'wrong-learning-rate')) {
            this.rateFits.push({ line: at.line, column: at.column, rate: (w - value) / g, tol: h / Math.abs(g) });
          }
          run.add({ ...at, severity: diag?.severity ?? 'error', cause: diag?.cause ?? 'wrong-value', head, details: [], claimed: value, computed: exact });
        }
      } else {
        const upd = /^(.*)\(t\+1\)$/.exec(name);
        const diag = upd && this.truth ? diagnoseUpdate(upd[1]!, value, h + carried.tol, this.truth) : undefined;
        const bare = run.arithmetic();
        if (diag && bare) {
          bare.details.unshift(bare.head.replace(/^arithmetic error: /, ''));
          bare.cause = diag.cause;
          bare.head = diag.explain;
        }
        run.detail(`the network gives ${show} = ${fmt(exact)}`);
      }
    } else if (prev && (prev.at ?? `${prev.line}`) !== `${run.eq.line}:${run.eq.column}`) {
      const d = diagnoseUse(name, value, decimals, prev, this.ctx);
      // `L = 0.2804` restated after an update is a new value; only a model can tell whether it is right.
      if (d && (d.cause === 'inconsistent' || d.cause === 'wrong-value') && run.eq.sides.length === 2 && LATER.test(this.opts.lineText?.(at.line) ?? '')) {
        run.soft.push(`${show} = ${fmt(value)} is a new value (line ${prev.line} gives ${prev.text ?? fmt(prev.value)}, and the text speaks of a later step): give a model to check it`);
        this.claims.set(name, { value, half: h, source: 'document', line: run.eq.line, at: `${run.eq.line}:${run.eq.column}`, text: fixed(value, decimals) });
        return;
      }
      run.checks++;
      if (d) run.add({ ...at, severity: d.severity, cause: d.cause === 'wrong-value' ? 'inconsistent' : d.cause, head: d.cause === 'wrong-value' ? `inconsistent: ${show} = ${fmt(value)} here, but line ${prev.line} gives ${prev.text ?? fmt(prev.value)}` : d.explain, details: [], claimed: value, computed: prev.value });
    } else {
      run.soft.push(`${show} = ${fmt(value)} is a given value; there is nothing to compare it with`);
    }
    this.claims.set(name, { value, half: h, source: 'document', line: run.eq.line, at: `${run.eq.line}:${run.eq.column}`, text: fixed(value, decimals), ...(carried.alt !== undefined ? { alt: carried.alt } : {}) });
    if (!this.firsts.has(name)) this.firsts.set(name, this.claims.get(name)!);
  }

  /**
   * Another quantity of the same kind as `subject` (∂L/∂w_9 for ∂L/∂w_8, w_6 for w_5) whose
   * network value is `value` within `tol`, described for a message; undefined when none.
   */
  protected siblingWith(subject: string, value: number, tol: number): string | undefined {
    const truth = this.truth;
    if (!truth) return undefined;
    const p = parsePartial(subject);
    const shape = (n: string) => { const q = parsePartial(n); return q ? `∂${q.num}/∂${q.den.replace(/_.*/, '')}` : n.replace(/_.*/, ''); };
    // Gradients are compared with the other parameters' gradients; other names within their family.
    const mine = p ? `∂${truth.lossName}/∂W` : shape(subject);
    for (const [name, x] of truth.all) {
      if (shape(name) !== mine || Math.abs(x - value) > tol + slack(x, value)) continue;
      const other = truth.docName?.(name) ?? name;
      if (other === subject) continue;
      const q = parsePartial(name);
      const where = (q ? truth.param(q.den)?.where : truth.param(name)?.where)?.replace(/"/g, '');
      return `${displayName(other)}${where ? ` (${where})` : ''} = ${fmt(x)}`;
    }
    return undefined;
  }

  /** A document value used in this equation that the network contradicts: the error came from there. */
  protected carriedFrom(upstream: Expr[]): string | undefined {
    for (const e of upstream) {
      // A printed number that is what an earlier line wrongly gave some symbol (0.185 for z^{(4)}).
      for (const x of freeSymbols(e)) {
        const sl = this.slots.get(x);
        if (!sl || sl.decimals === 0) continue;
        for (const [name, doc] of this.claims) {
          const exact = this.truth?.value(name);
          if (doc.text === sl.text && exact !== undefined && Math.abs(doc.value - exact) > 4 * doc.half + slack(doc.value, exact)) {
            return `${displayName(name)} = ${doc.text} (line ${doc.line}; the network gives ${fmt(exact)})`;
          }
        }
      }
      for (const s of symbolsOf(e)) {
        const doc = this.claims.get(s);
        const exact = this.truth?.value(s);
        // beyond rounding drift (1.5 units of the last digit = 3 half-units) on top of the value's own rounding
        if (doc && exact !== undefined && Math.abs(doc.value - exact) > 4 * doc.half + slack(doc.value, exact)) {
          return `${displayName(s)} = ${doc.text ?? fmt(doc.value)} (line ${doc.line}; the network gives ${fmt(exact)})`;
        }
      }
    }
    return undefined;
  }
}

/** The document's symbols in an expression, in reading order (printed numbers left out). */
export function symbolsOf(e: Expr): string[] {
  if (e.op === 'sym') return isSlot(e) ? [] : [e.name];
  return e.args.flatMap(symbolsOf);
}
