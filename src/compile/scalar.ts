/**
 * The scalar view, compiled: every weight, bias, input and target is one symbol; the loss of
 * the whole batch is one expression (the scalar view of src/nn/scalar.ts in its inline form, with
 * cross-entropy's class indices read at run time), its gradient comes from the reverse-mode driver
 * (through the fused BCE∘sigmoid and softmax-CE factors where they apply), and the loss
 * and every ∂L/∂θ are lowered together into one straight-line block — every intermediate a
 * local, every common subexpression computed once, no loops and no allocation.
 */
import { substitute, symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { gradient } from '../diff/reverse.js';
import { classWeight, crossEntropyTerms, FUSIONS, fusionOf, indexTargets, isClassLoss, softCrossEntropyTerms, softTargets } from '../nn/catalog/index.js';
import { scalarView } from '../nn/scalar.js';
import type { ParamLayout } from '../nn/params.js';
import type { NetworkSpec } from '../nn/spec.js';
import { commentText } from './literal.js';
import { lowerScalars, operandSource, renderScalarJs, usedInputs, type Naming, type ScalarBlock } from './lower.js';

export interface ScalarGradient {
  readonly block: ScalarBlock;
  /** Number of param / x / y inputs, in that order, in block.inputs. */
  readonly counts: { readonly p: number; readonly x: number; readonly y: number };
  /** The flat index each output after the loss writes into `g` (frozen entries are absent). */
  readonly gradIndex: readonly number[];
  /** Cross-entropy: the number of classes, which every y[b] must index. */
  readonly classes?: number;
}

/** Symbols for flat positions; the names are internal and never printed into code. */
const sym = (kind: string, i: number): Expr => symbol(`\\mathrm{${kind}}_{${i}}`);

/** The spec with data of the compiled shape (zeros): only its batch and widths are read. */
function shaped(spec: NetworkSpec, batch: number, inFeatures: number, yPer: number): NetworkSpec {
  const rows = (n: number) => Array.from({ length: batch }, () => Array<number>(n).fill(0));
  return { ...spec, data: { ...spec.data, x: rows(inFeatures), y: rows(yPer) } };
}

export function scalarGradient(spec: NetworkSpec, layout: ParamLayout, batch: number, inFeatures: number, outFeatures: number): ScalarGradient {
  const isCE = indexTargets(spec.loss);
  const yPer = isCE ? 1 : outFeatures;
  // The loss of the whole batch as one expression, from the scalar view (no size limit here).
  const view = scalarView(shaped(spec, batch, inFeatures, yPer), { inline: true, runtimeClasses: true, maxParams: Infinity, maxNodes: Infinity });
  const p: Expr[] = [];
  for (const q of view.params) p[q.flat] = q.symbol;
  const x = view.inputs.map((d) => d.symbol);
  const y = view.targets.map((d) => d.symbol);
  const L = view.program.definition(view.loss)!;

  // Fused loss∘output (as the matrix view's fusion rules): ∂L/∂z of the last pre-activation,
  // σ(z) − y for BCE after a sigmoid and softmax(z) − q for cross-entropy, times the reduction.
  const lastIndex = spec.layers.length - 1;
  const fusion = fusionOf(spec.loss.type, spec.layers[lastIndex]?.type);
  const fused: Array<{ z: Expr; dz: Expr }> = [];
  const weight = spec.loss.type === 'cross_entropy' || spec.loss.type === 'nll' ? spec.loss.weight : undefined;
  // probability targets: mean ÷ the batch even with a class weight (PyTorch)
  const weightedMean = indexTargets(spec.loss) ? weight : undefined;
  // mean: 1/(B·n), 1/B for a class loss, 1/Σ_n w_{y_n} (read at run time) with a class weight
  const scale = spec.loss.reduction !== 'mean' ? B.constant(1)
    : weightedMean ? B.div(B.constant(1), B.sum(Array.from({ length: batch }, (_, b) => classWeight(weightedMean, y[b]!))))
    : B.constant(1 / (isClassLoss(spec.loss.type) ? batch : batch * outFeatures));
  let classes: number | undefined;
  for (let b = 0; b < batch; b++) {
    const out = view.outputs[b]!;
    if (spec.loss.type === 'nll' || spec.loss.type === 'multi_margin') classes = out.length;
    else if (spec.loss.type === 'cross_entropy') {
      // class probabilities: q̃ from the row of y (its sum S need not be 1); class indices: where(y = c, …)
      const soft = softTargets(spec.loss);
      if (!soft) classes = out.length;
      const { lsm, q } = soft ? softCrossEntropyTerms(out, y.slice(b * yPer, (b + 1) * yPer), spec.loss.label_smoothing, {}, weight)
        : crossEntropyTerms(out, y[b]!, spec.loss.label_smoothing, {}, weight);
      if (soft) {
        const S = B.sum(q);
        out.forEach((zc, c) => fused.push({ z: zc, dz: B.mul(FUSIONS.ce_softmax.grad(B.mul(B.exp(lsm[c]!), S), q[c]!), scale) }));
        continue;
      }
      // p − q; with a class weight q sums to S = Σ_j w_j q_j per row and ∂ℓ/∂z_c = p_c S − w_c q_c
      const S = weight ? B.sum(q) : undefined;
      out.forEach((zc, c) => fused.push({ z: zc, dz: B.mul(FUSIONS.ce_softmax.grad(S ? B.mul(B.exp(lsm[c]!), S) : B.exp(lsm[c]!), q[c]!), scale) }));
    } else if (fusion) {
      const z = lastIndex > 0 ? view.modules[lastIndex - 1]![b]! : x.slice(b * inFeatures, (b + 1) * inFeatures);
      // BCE's per-output weight w_k scales the fused factor
      const w = spec.loss.type === 'bce' ? spec.loss.weight : undefined;
      z.forEach((zk, k) => fused.push({ z: zk, dz: B.mul(w ? B.mul(B.constant(w[k]!), fusion.grad(out[k]!, y[b * yPer + k]!, zk)) : fusion.grad(out[k]!, y[b * yPer + k]!, zk), scale) }));
    }
  }

  const trainable: number[] = [];
  for (const e of layout.entries) if (!e.frozen) for (let k = 0; k < e.size; k++) trainable.push(e.offset + k);
  const grads = fused.length > 0 ? fusedGradient(fused, trainable.map((i) => p[i]!)) : gradient(L, trainable.map((i) => p[i]!)).of;
  const roots = [L, ...trainable.map((i) => grads.get(p[i]!)!)];
  return {
    block: lowerScalars(roots, [...p, ...x, ...y]),
    counts: { p: p.length, x: x.length, y: y.length },
    gradIndex: trainable,
    ...(classes !== undefined ? { classes } : {}),
  };
}

/**
 * ∂L/∂θ = Σ_k (∂L/∂z_k)·∂z_k/∂θ with ∂L/∂z_k given: the gradient of S = Σ_k d_k·z_k with each
 * d_k a stand-in symbol, then d_k replaced by its expression (which shares the forward nodes).
 */
function fusedGradient(fused: readonly { z: Expr; dz: Expr }[], wrt: readonly Expr[]): ReadonlyMap<Expr, Expr> {
  const stand = fused.map((_, k) => sym('compile\\,d', k));
  const S = B.sum(fused.map((f, k) => B.mul(stand[k]!, f.z)));
  const g = gradient(S, wrt).of;
  const map = new Map<Expr, Expr>(fused.map((f, k) => [stand[k]!, f.dz]));
  return new Map(wrt.map((w) => [w, substitute(g.get(w)!, map, B.apply)]));
}

/** The body of grad(p, x, y, g) as straight-line code. */
export function renderScalarGrad(sg: ScalarGradient, layout: ParamLayout): string[] {
  const { p: np, x: nx } = sg.counts;
  const naming: Naming = { input: (i) => `i${i}`, local: (i) => `t${i}` };
  const used = usedInputs(sg.block);
  const where = (i: number): { src: string; note: string } => {
    if (i < np) {
      const e = layout.entries.find((en) => i >= en.offset && i < en.offset + en.size)!;
      return { src: `p[${i}]`, note: `${e.key} element ${i - e.offset}` };
    }
    if (i < np + nx) return { src: `x[${i - np}]`, note: `input element ${i - np}` };
    return { src: `y[${i - np - nx}]`, note: `target element ${i - np - nx}` };
  };
  const lines = ['function grad(p, x, y, g) {'];
  if (sg.classes !== undefined) {
    lines.push(`  for (let b = 0; b < ${sg.counts.y}; b++) {`);
    lines.push(`    const cls = y[b];`);
    lines.push(`    if (!(cls >= 0 && cls < ${sg.classes} && Math.floor(cls) === cls)) throw new RangeError('cross_entropy: class index out of range');`);
    lines.push('  }');
  }
  for (let i = 0; i < sg.block.inputs.length; i++) {
    if (!used.has(i)) continue;
    const w = where(i);
    lines.push(`  const i${i} = ${w.src}; // ${commentText(w.note)}`);
  }
  lines.push(...renderScalarJs(sg.block, naming, '  '));
  const [loss, ...grads] = sg.block.outputs;
  const written = new Set(sg.gradIndex);
  grads.forEach((o, k) => lines.push(`  g[${sg.gradIndex[k]}] = ${operandSource(o, naming)}; // dL/d(${commentText(where(sg.gradIndex[k]!).note)})`));
  for (let i = 0; i < layout.size; i++) if (!written.has(i)) lines.push(`  g[${i}] = 0; // frozen`);
  lines.push(`  return ${operandSource(loss!, naming)};`, '}');
  return lines;
}
