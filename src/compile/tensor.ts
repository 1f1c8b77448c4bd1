/**
 * Lowering of the matrix view's derived tensor program (src/nn/matrix: the forward pass, the
 * loss and the closed-form gradient ∂L/∂W⁽ˡ⁾, ∂L/∂b⁽ˡ⁾ as one DAG of tensor ops) into a
 * LoopProgram: each node of the DAG, in topological order, becomes one loop nest writing one
 * preallocated buffer — so every shared factor (σ′(Z), δ⁽ˡ⁾) is computed once. Products become
 * the register-blocked A·Bᵀ kernel (with a transpose where an operand is the wrong way round, so
 * the inner loop stays contiguous), a bias added to a product is fused into it, and elementwise
 * maps are lowered from their scalar expressions. The composites of the matrix view (softmax,
 * log-softmax, cross-entropy: structural nodes recognised by nn/matrix/composites.ts's pattern)
 * are lowered as one row step each over their inputs, their inner nodes never computed. Class
 * targets are prepared from y by a one-hot step, a constant row (a loss option) by one store step. Sizes are fixed numbers for the given batch.
 */
import * as B from '../expr/build.js';
import { substitute, symbol, type Expr } from '../expr/node.js';
import { topoSort } from '../expr/graph.js';
import type { TNode } from '../nn/matrix/node.js';
import { compositeOf, type Composite } from '../nn/matrix/composites.js';
import { coefValue } from '../nn/matrix/coef.js';
import { dimValue, sameShape } from '../nn/matrix/shape.js';
import { P0, PK } from '../nn/matrix/scalar.js';
import { FORMULAS } from '../nn/matrix/build.js';
import { kindName } from '../nn/matrix/ops.js';
import type { MatrixView } from '../nn/matrix/view.js';
import type { ParamLayout } from '../nn/params.js';
import type { NetworkSpec } from '../nn/spec.js';
import { lowerScalars } from './lower.js';
import type { LoopProgram, Step, View, WorkBuffer } from './loops.js';
import { lowerUpdate } from './optimizer.js';

const UNIT = { num: 1, den: 1, bpow: 0 };

/** A node computed entry by entry from same-shaped arguments: a fill, or an `ew` node that broadcasts nothing. */
const isElementwise = (n: TNode): boolean =>
  n.op === 'fill' || (n.op === 'ew' && n.args.every((a) => sameShape(a.shape, n.shape)) && compositeOf(n) === undefined);

/** The scalar expression of one element of an elementwise node, given its arguments' elements. */
function elementwiseExpr(n: TNode, a: readonly Expr[], batch: number): Expr {
  const k = B.constant(coefValue(n.attr.coef ?? UNIT, batch));
  if (n.op === 'fill') return k;
  const vars = n.attr.vars ?? [];
  return substitute(n.attr.fn!, new Map([...vars.map((v, i): [Expr, Expr] => [v, a[i]!]), [PK, k]]), B.apply);
}

export function lowerMatrixView(spec: NetworkSpec, view: MatrixView, layout: ParamLayout, batch: number): LoopProgram {
  const work: WorkBuffer[] = [];
  const steps: Step[] = [];
  const where = new Map<TNode, View>();
  const dims = (n: TNode): [number, number] => [dimValue(n.shape[0], batch), dimValue(n.shape[1], batch)];
  const alloc = (n: number, note: string): View => {
    const id = work.length;
    work.push({ id, size: n, note });
    return { array: { kind: 'work', id }, offset: 0 };
  };
  // Notes use the view's own names (Z1, A1, delta2, 0.weight: built from indices), else node numbers.
  const names = new Map<TNode, string>([[view.X, 'X'], [view.Y, 'Y']]);
  for (const t of [...view.forward, ...view.closed.deltas]) names.set(t.node, t.id);
  for (const p of view.params) names.set(p.node, p.key);
  const grads = [...view.closed.grads.entries()];
  const roots = [view.loss, ...grads.map(([, g]) => g)];
  // A composite is one node over its inputs: what it reads, and what this program computes.
  const composites = new Map<TNode, Composite | undefined>();
  const composite = (n: TNode) => {
    if (!composites.has(n)) composites.set(n, compositeOf(n));
    return composites.get(n);
  };
  // class targets are computed here from y by the one-hot step: they read Y
  const kids = (n: TNode): readonly TNode[] => composite(n)?.inputs ?? (n.attr.prep ? [view.Y] : n.args);
  const order = topoSort(roots, undefined, kids);
  // Unnamed nodes are numbered by their place in this program (stable, unlike global node ids).
  const place = new Map(order.map((n, i) => [n, i]));
  const label = (n: TNode) => {
    const name = names.get(n);
    return name !== undefined && /^[A-Za-z0-9_.]+$/.test(name) ? name : `T${place.get(n)} (${composite(n)?.name ?? kindName(n)})`;
  };
  // A gradient is computed straight into its place in g (the first key, if two share a node).
  const home = new Map<TNode, View>();
  for (const [key, g] of grads) {
    const e = layout.entries.find((en) => en.key === key)!;
    if (!home.has(g) && g.op !== 'bcast') home.set(g, { array: { kind: 'grad' }, offset: e.offset });
  }
  const uses = new Map<TNode, number>();
  for (const n of order) for (const a of kids(n)) uses.set(a, (uses.get(a) ?? 0) + 1);
  const entryOf = new Map(view.params.map((p) => [p.node, p.entry]));
  const users = new Map<TNode, TNode[]>();
  for (const n of order) for (const a of kids(n)) users.set(a, [...(users.get(a) ?? []), n]);
  const rootSet = new Set(roots);
  // An elementwise node read once, by another elementwise node, is computed inside its reader's loop.
  const inlined = (n: TNode): boolean => {
    const u = users.get(n);
    return isElementwise(n) && !rootSet.has(n) && u?.length === 1 && isElementwise(u[0]!);
  };
  /** One fused map for `n`: its expression over the buffers of the non-inlined nodes it reads. */
  const fusedMap = (n: TNode, size: number, o: View): Step => {
    const inputs: View[] = [];
    const syms: Expr[] = [];
    const leaf = new Map<TNode, Expr>();
    const build = (m: TNode, top: boolean): Expr => {
      if (!top && !inlined(m)) {
        let sym = leaf.get(m);
        if (!sym) {
          sym = symbol(`\\mathrm{in}_{${syms.length}}`);
          leaf.set(m, sym);
          syms.push(sym);
          inputs.push(where.get(m)!);
        }
        return sym;
      }
      const a = m.args.map((x) => build(x, false));
      return elementwiseExpr(m, a, batch);
    };
    const f = build(n, true);
    const reads = [...leaf.keys()].map(label).join(', ');
    return { kind: 'map', n: size, inputs, block: lowerScalars([f], syms), stores: [o], note: `${label(n)} = elementwise(${reads})` };
  };
  const product = (m: TNode) => `${label(m.args[0]!)}${m.attr.transA ? '^T' : ''} ${label(m.args[1]!)}${m.attr.transB ? '^T' : ''}`;

  for (const n of order) {
    const [rows, cols] = dims(n);
    if (inlined(n)) continue;
    if (isElementwise(n)) {
      const o = home.get(n) ?? alloc(rows * cols, `${label(n)} (${rows} x ${cols})`);
      steps.push(fusedMap(n, rows * cols, o));
      where.set(n, o);
      continue;
    }
    const arg = (i: number) => where.get(kids(n)[i]!)!;
    const out = () => home.get(n) ?? alloc(rows * cols, `${label(n)} (${rows} x ${cols})`);
    const c = composite(n);
    if (c) {
      const o = out();
      if (c.name === 'xent') {
        const [, zc] = dims(c.inputs[0]!);
        steps.push({ kind: 'xentRows', out: o, logits: arg(0), q: arg(1), rows, cols: zc, note: `${label(n)}: cross-entropy of each row` });
      } else if (c.name === 'softmax') {
        steps.push({ kind: 'softmax', out: o, in: arg(0), rows, cols, note: `${label(n)} by rows` });
      } else {
        steps.push({ kind: 'softmax', log: true, out: o, in: arg(0), rows, cols, note: `${label(n)}: log-softmax by rows` });
      }
      where.set(n, o);
      continue;
    }
    switch (n.op) {
      case 'input': {
        const prep = n.attr.prep;
        const values = n.attr.values;
        if (values) {
          // a constant row (a loss option): one step storing its numbers
          const o = out();
          const stores = values.map((_, j): View => ({ ...o, offset: o.offset + j }));
          steps.push({ kind: 'map', n: 1, inputs: [], block: lowerScalars(values.map((v) => B.constant(v)), []), stores, note: `${label(n)}: constant row (1 x ${cols})` });
          where.set(n, o);
          break;
        }
        if (!prep) {
          where.set(n, { array: { kind: n === view.X ? 'x' : 'y' }, offset: 0 });
          break;
        }
        const o = out();
        steps.push({ kind: 'onehot', out: o, target: arg(0), rows, classes: cols, smoothing: prep.smoothing, note: `${label(n)}: smoothed one-hot targets` });
        where.set(n, o);
        break;
      }
      case 'param':
        where.set(n, { array: { kind: 'param' }, offset: entryOf.get(n)!.offset });
        break;
      case 'matmul': {
        const [a, b] = [n.args[0]!, n.args[1]!];
        const [ar, ac] = dims(a);
        const [br, bc] = dims(b);
        const k = n.attr.transA ? ar : ac;
        // C = op(A)·op(B) = A′·B″ᵀ with A′ = op(A) (m×k) and B″ = op(B)ᵀ (n×k), both row-major.
        const aView = n.attr.transA ? transposed(steps, alloc, arg(0), ar, ac, `${label(a)}^T`) : arg(0);
        const bView = n.attr.transB ? arg(1) : transposed(steps, alloc, arg(1), br, bc, `${label(b)}^T`);
        const o = out();
        steps.push({ kind: 'matmulNT', out: o, a: aView, b: bView, m: rows, n: cols, k, note: `${label(n)} = ${product(n)}` });
        where.set(n, o);
        break;
      }
      case 'ew': {
        // an elementwise node with a repeated (broadcast) argument
        const [z, b] = n.args as [TNode, TNode | undefined];
        const last = steps[steps.length - 1];
        if (n.attr.fn === FORMULAS.add && b && z.op === 'matmul' && sameShape(z.shape, n.shape) && uses.get(z) === 1 && !rootSet.has(z)
          && last?.kind === 'matmulNT' && last.out === where.get(z)) {
          // Z = A Wᵀ + 1bᵀ in the product's own loop.
          steps[steps.length - 1] = { ...last, bias: { view: arg(1), shared: dims(b)[1] === 1 }, note: `${label(n)} = ${product(z)} + ${label(b)}` };
          where.set(n, last.out);
          break;
        }
        // otherwise each repeated argument is broadcast into a buffer, then one map reads them all
        const inputs = n.args.map((a, i) => {
          const [ir, ic] = dims(a);
          if (ir === rows && ic === cols) return arg(i);
          const wide = alloc(rows * cols, `${label(a)} repeated (${rows} x ${cols})`);
          steps.push({ kind: 'broadcast', out: wide, in: arg(i), rows, cols, inRows: ir, inCols: ic, note: `${label(a)} repeated` });
          return wide;
        });
        const syms = n.args.map((_, i) => symbol(`\\mathrm{in}_{${i}}`));
        const o = out();
        steps.push({ kind: 'map', n: rows * cols, inputs, block: lowerScalars([elementwiseExpr(n, syms, batch)], syms), stores: [o], note: `${label(n)} = elementwise(${n.args.map(label).join(', ')})` });
        where.set(n, o);
        break;
      }
      case 'reduce': {
        // sums only: a row maximum occurs inside softmax and cross-entropy, lowered as one step
        if (n.attr.reduce !== 'sum') throw new Error(`matrix view: no loop for a ${kindName(n)} outside softmax or cross-entropy`);
        const [ar, ac] = dims(n.args[0]!);
        const o = out();
        if (n.attr.axis === 'row') steps.push({ kind: 'rowSum', out: o, in: arg(0), rows, cols: ac, note: `${label(n)}` });
        else steps.push({ kind: 'colSum', out: o, in: arg(0), rows: ar, cols: ac, shared: n.attr.axis === 'all', note: `${label(n)}` });
        where.set(n, o);
        break;
      }
      case 'bcast': {
        const [ir, ic] = dims(n.args[0]!);
        if (ir === rows && ic === cols) {
          where.set(n, arg(0));
          break;
        }
        const o = out();
        steps.push({ kind: 'broadcast', out: o, in: arg(0), rows, cols, inRows: ir, inCols: ic, note: `${label(n)} repeated` });
        where.set(n, o);
        break;
      }
    }
  }

  steps.push({ kind: 'loss', view: where.get(view.loss)!, note: 'L' });
  const copy = lowerScalars([P0], [P0]);
  for (const [key, g] of grads) {
    const e = layout.entries.find((en) => en.key === key)!;
    const at = where.get(g)!;
    if (at.array.kind === 'grad' && at.offset === e.offset) continue;
    steps.push({ kind: 'map', n: e.size, inputs: [at], block: copy, stores: [{ array: { kind: 'grad' }, offset: e.offset }], note: `dL/d(${key})` });
  }
  for (const e of layout.entries) {
    if (e.frozen) steps.push({ kind: 'zero', view: { array: { kind: 'grad' }, offset: e.offset }, n: e.size, note: `${e.key} is frozen` });
  }

  const firstLinear = spec.layers.find((l) => l.type === 'linear');
  const [, inFeatures] = dims(view.X);
  return {
    batch, inFeatures: firstLinear?.type === 'linear' ? firstLinear.in : inFeatures,
    yLength: batch * dims(view.Y)[1], paramCount: layout.size, work, grad: steps, ...lowerUpdate(spec, layout),
  };
}

function transposed(steps: Step[], alloc: (n: number, note: string) => View, v: View, rows: number, cols: number, what: string): View {
  if (rows === 1 || cols === 1) return v;
  const out = alloc(rows * cols, `${what} (${cols} x ${rows})`);
  steps.push({ kind: 'transpose', out, in: v, rows, cols, note: what });
  return out;
}
