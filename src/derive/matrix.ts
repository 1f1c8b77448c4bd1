/**
 * The matrix story of a derivation (a batch, or `--view matrix`), from the matrix view
 * (src/nn/matrix): the shape of every matrix, the forward pass Z^{(l)} = A^{(l−1)} W^{(l)⊤} + b^{(l)},
 * A^{(l)} = σ(Z^{(l)}), the loss over the batch, the backward pass from the output layer down
 * (δ^{(l)} = ∂L/∂Z^{(l)}, ∂L/∂W^{(l)} = δ^{(l)⊤} A^{(l−1)}, with the fused BCE∘σ → (A − Y)/B),
 * each followed by its numbers as matrices. The gradients it returns feed the update section.
 */
import type { Expr } from '../expr/index.js';
import { evaluateView, matrixView, shapeLatex, type Mat, type TNode } from '../nn/matrix/index.js';
import type { NetworkSpec } from '../nn/spec.js';
import { flattenParams } from '../nn/params.js';
import { eq, heading, m, math, msg, para, raw, type Block, type Equation } from './model.js';
import type { ScalarNet } from './network.js';
import { fmt } from './numbers.js';

export interface MatrixStory {
  readonly blocks: Block[];
  /** ∂L/∂θ for every trainable scalar parameter of the scalar net (by its symbol). */
  readonly grads: ReadonlyMap<Expr, number>;
}

/** Rows or columns beyond this are elided (first ones, ⋯, last one) so big layers stay readable. */
const SHOW = 6;

/** The indices shown of `n`: all, or the first SHOW − 2, a gap (−1), and the last. */
function shown(n: number): number[] {
  if (n <= SHOW) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: SHOW - 2 }, (_, i) => i), -1, n - 1];
}

/** A matrix of numbers as a `pmatrix`, rounded for display, elided beyond SHOW rows or columns. */
export function matrixLatex(mat: Mat, d: number): string {
  const cols = shown(mat.cols);
  const rows = shown(mat.rows).map((r) =>
    cols.map((c) => (r < 0 ? (c < 0 ? '\\ddots' : '\\vdots') : c < 0 ? '\\cdots' : fmt(mat.data[r * mat.cols + c]!, d))).join(' & '),
  );
  return `\\begin{pmatrix} ${rows.join(' \\\\ ')} \\end{pmatrix}`;
}

export function matrixSection(spec: NetworkSpec, net: ScalarNet, d: number): MatrixStory {
  const view = matrixView(spec);
  const values = evaluateView(view);
  const batch = values.batch;
  const blocks: Block[] = [heading(2, msg('h.matrix'))];
  blocks.push(para(msg('mx.intro', { b: raw(String(batch)), x: m('X'), w: m('W^{(l)}') })));

  // shapes: B stays symbolic in the derivation; here B is the batch of this network
  const shape = (n: TNode) => {
    const s = shapeLatex(n.shape);
    return n.shape.includes('B') ? `${s} = ${shapeLatex([n.shape[0] === 'B' ? batch : n.shape[0], n.shape[1] === 'B' ? batch : n.shape[1]])}` : s;
  };
  const named: Array<{ tex: string; node: TNode }> = [
    { tex: 'X', node: view.X },
    { tex: 'Y', node: view.Y },
    ...view.params.map((p) => ({ tex: p.tex, node: p.node })),
    ...view.forward.map((t) => ({ tex: t.tex, node: t.node })),
    ...view.closed.deltas.map((t) => ({ tex: t.tex, node: t.node })),
  ];
  blocks.push(para(msg('mx.shapes')));
  blocks.push({ kind: 'table', head: [[msg('table.symbol')], [msg('table.shape')]], rows: named.map((n) => [[m(n.tex)], [m(shape(n.node))]]), align: ['l', 'l'] });

  // forward pass, symbolic then with numbers
  const fwd = view.forwardSteps.filter((s) => s.id !== 'loss');
  blocks.push(para(msg('mx.forward')), math(...fwd.map((s) => eq(s.lhs, [s.rhs]))));
  const inputs: Equation[] = [eq('X', [matrixLatex(asMat(spec.data.x), d)])];
  const flat = flattenParams(spec, view.layout);
  for (const p of view.params) {
    const mat = { rows: p.node.shape[0] as number, cols: p.node.shape[1] as number, data: flat.subarray(p.entry.offset, p.entry.offset + p.entry.size) };
    inputs.push(eq(p.tex, [matrixLatex(mat, d)]));
  }
  blocks.push(para(msg('mx.values')), math(...inputs, ...view.forward.map((t) => eq(t.tex, [matrixLatex(values.forward[t.id]!, d)]))));

  const lossStep = view.forwardSteps.find((s) => s.id === 'loss')!;
  blocks.push(para(msg('mx.loss')), math(eq(lossStep.lhs, [lossStep.rhs, fmt(values.loss, d)])));

  // backward pass (closed form: named δ's, fused cancellations)
  const steps = view.closed.steps;
  blocks.push(para(msg('mx.backward', { odot: m('\\odot') })), math(...steps.map((s) => eq(s.lhs, [s.rhs]))));
  // the numbers in the order of the formulas above: δ of the output layer, its gradients, then down
  const numbered = new Map<string, Equation>();
  for (const t of view.closed.deltas) numbered.set(t.id, eq(t.tex, [matrixLatex(values.deltas[t.id]!, d)]));
  for (const p of view.params) {
    const g = values.gradByKey[p.key];
    if (g) numbered.set(`dL/d${p.key}`, eq(`\\frac{\\partial \\mathcal{L}}{\\partial ${p.tex}}`, [matrixLatex(g, d)]));
  }
  const inOrder = [...steps.map((s) => s.id).filter((id) => numbered.has(id)), ...numbered.keys()];
  blocks.push(para(msg('mx.values')), math(...[...new Set(inOrder)].map((id) => numbered.get(id)!)));

  const grads = new Map<Expr, number>();
  for (const p of net.params) {
    const g = values.gradByKey[p.key];
    if (!g) continue;
    const i = p.index.length === 2 ? p.index[0]! * g.cols + p.index[1]! : (p.index[0] ?? 0);
    grads.set(p.sym, g.data[i]!);
  }
  return { blocks, grads };
}

export function asMat(rows: readonly (readonly number[])[]): Mat {
  const cols = rows[0]?.length ?? 0;
  return { rows: rows.length, cols, data: Float64Array.from(rows.flat()) };
}
