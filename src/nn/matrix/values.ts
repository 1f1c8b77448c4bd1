/**
 * Numbers of the matrix view: the loss, every forward matrix, every δ and every gradient for
 * given parameters (the flat vector of src/nn/params.ts) and data, computed by the interpreter
 * over Float64Array. Gradients come back in the same flat layout (frozen entries stay 0), ready
 * for an optimizer step. The evaluation order is fixed once per view and derivation.
 */
import { indexTargets } from '../catalog/index.js';
import { flattenParams } from '../params.js';
import { SymgradError } from '../../errors.js';
import type { TNode } from './node.js';
import { fromRows, run, schedule, type Mat, type Schedule } from './interp.js';
import { prepareTargets, rowValue } from './targets.js';
import type { MatrixView } from './view.js';

export type Rows = readonly (readonly number[])[];

export interface EvalOptions {
  /** Flat parameters in paramLayout order (default: the spec's own values). */
  readonly params?: Float64Array;
  /** batch × in (default: spec.data.x). */
  readonly x?: Rows | Mat;
  /** batch × out, or batch × 1 class indices (default: spec.data.y). */
  readonly y?: Rows | Mat;
  /** Which derivation to evaluate (same numbers up to rounding; default 'closed'). */
  readonly derivation?: 'closed' | 'chain';
  /** Compute only the loss and forward values. */
  readonly forwardOnly?: boolean;
}

export interface MatrixValues {
  readonly batch: number;
  readonly loss: number;
  /** Z1, A1, … by id. */
  readonly forward: Readonly<Record<string, Mat>>;
  /** delta1, … by id. */
  readonly deltas: Readonly<Record<string, Mat>>;
  /** ∂L/∂θ in the flat layout; zeros at frozen parameters. */
  readonly grad: Float64Array;
  /** ∂L/∂θ by state_dict key (trainable parameters only), weight out × in, bias 1 × out or 1 × 1. */
  readonly gradByKey: Readonly<Record<string, Mat>>;
  /** The value of any node of the view. */
  value(n: TNode): Mat | undefined;
}

const schedules = new WeakMap<MatrixView, Map<string, Schedule>>();

function scheduleFor(v: MatrixView, which: 'closed' | 'chain', forwardOnly: boolean): Schedule {
  let byKind = schedules.get(v);
  if (!byKind) schedules.set(v, (byKind = new Map()));
  const key = `${which}:${forwardOnly}`;
  const hit = byKind.get(key);
  if (hit) return hit;
  const d = v[which];
  const roots = [v.loss, ...v.forward.map((t) => t.node)];
  if (!forwardOnly) roots.push(...d.deltas.map((t) => t.node), ...d.grads.values());
  const s = schedule(roots);
  byKind.set(key, s);
  return s;
}

const asMat = (m: Rows | Mat): Mat => ('data' in m ? m : fromRows(m as Rows));

/** Cross-entropy targets must be class indices 0 ≤ k < C. */
function checkClasses(v: MatrixView, y: Mat): void {
  if (!indexTargets(v.spec.loss)) return;
  const classes = v.output.shape[1] as number;
  y.data.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 0 || k >= classes) {
      throw new SymgradError(`class index ${k} out of range 0..${classes - 1}`, { field: `data.y[${i}][0]` });
    }
  });
}

/** Evaluate the view: loss, forward values, δ's and gradients. */
export function evaluateView(v: MatrixView, opts: EvalOptions = {}): MatrixValues {
  const which = opts.derivation ?? 'closed';
  const flat = opts.params ?? flattenParams(v.spec, v.layout);
  if (flat.length !== v.layout.size) throw new Error(`matrix view: ${flat.length} parameters given, the layout has ${v.layout.size}`);
  const x = asMat(opts.x ?? v.spec.data.x);
  const y = asMat(opts.y ?? v.spec.data.y);
  if (y.rows !== x.rows) throw new SymgradError(`${y.rows} target rows for ${x.rows} input rows`, { field: 'data.y' });
  checkClasses(v, y);
  const bound = new Map<TNode, Mat>([[v.X, x], [v.Y, y]]);
  for (const p of v.params) {
    const { offset, size } = p.entry;
    bound.set(p.node, { rows: p.node.shape[0] as number, cols: p.node.shape[1] as number, data: flat.subarray(offset, offset + size) });
  }
  // class targets Q are prepared from the class indices y, a constant row is its numbers (targets.ts)
  const bind = (leaf: TNode): Mat =>
    bound.get(leaf) ?? (leaf.attr.prep ? prepareTargets(leaf.attr.prep, y) : leaf.attr.values ? rowValue(leaf.attr.values) : bound.get(leaf)!);
  const values = run(scheduleFor(v, which, !!opts.forwardOnly), bind, x.rows);
  const d = v[which];
  const grad = new Float64Array(v.layout.size);
  const gradByKey: Record<string, Mat> = {};
  if (!opts.forwardOnly) {
    for (const p of v.params) {
      const gn = d.grads.get(p.key);
      if (!gn) continue;
      const m = values.get(gn)!;
      gradByKey[p.key] = m;
      grad.set(m.data, p.entry.offset);
    }
  }
  const pick = (ts: readonly { id: string; node: TNode }[]) => Object.fromEntries(ts.map((t) => [t.id, values.get(t.node)!]));
  return {
    batch: x.rows,
    loss: values.get(v.loss)!.data[0]!,
    forward: pick(v.forward),
    deltas: opts.forwardOnly ? {} : pick(d.deltas),
    grad,
    gradByKey,
    value: (n) => values.get(n),
  };
}
