/**
 * The interpreter of tensor programs: evaluates nodes over float64 row-major matrices, in one
 * topological order fixed up front (a schedule), each op by its table entry. Leaves — data and
 * parameters — are bound by the caller; parameters are zero-copy views into the flat parameter
 * vector of src/nn/params.ts (weight row-major out × in, bias 1 × out, a shared bias 1 × 1).
 */
import { topoOrder, type TNode } from './node.js';
import { TOPS, type Mat } from './ops.js';
import { dimValue } from './shape.js';

export type { Mat };

/** A fixed evaluation order for a set of roots. */
export interface Schedule {
  readonly roots: readonly TNode[];
  /** Every node, children before parents. */
  readonly order: readonly TNode[];
}

export function schedule(roots: readonly TNode[]): Schedule {
  return { roots, order: topoOrder(roots) };
}

/** Evaluate a schedule; `bind` supplies every input and param leaf. */
export function run(s: Schedule, bind: (leaf: TNode) => Mat, batch: number): Map<TNode, Mat> {
  const values = new Map<TNode, Mat>();
  for (const n of s.order) {
    let v: Mat;
    if (n.op === 'input' || n.op === 'param') {
      v = bind(n);
      const [r, c] = [dimValue(n.shape[0], batch), dimValue(n.shape[1], batch)];
      if (v.rows !== r || v.cols !== c || v.data.length !== r * c) {
        throw new Error(`matrix view: ${n.attr.name} bound to ${v.rows}×${v.cols}, expected ${r}×${c}`);
      }
    } else {
      v = TOPS[n.op].eval(n.args.map((a) => values.get(a)!), n, batch);
    }
    values.set(n, v);
  }
  return values;
}

/** A rows × cols matrix from nested arrays (data.x, data.y). */
export function fromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => row.forEach((v, j) => (data[i * c + j] = v)));
  return { rows: r, cols: c, data };
}

/** Nested arrays from a matrix. */
export function toRows(m: Mat): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}
