/**
 * The JavaScript backend for loop programs: renders a LoopProgram as the source of a factory
 * that allocates every work buffer once and returns { grad, step, reset }. grad(p, x, y, g)
 * fills g and returns the loss with no allocation; step(p, x, y) runs grad into its own buffer
 * and applies the optimizer in place. Matrix products use the 2×4 register-blocked kernel of
 * matmul.ts; elementwise maps inline their lowered scalar block. Every name in the source is
 * built from an index, every number by numberLiteral, every comment from our own notes.
 */
import { commentText, numberLiteral } from './literal.js';
import { helperSources, operandSource, renderScalarJs, usedInputs, type Naming } from './lower.js';
import { rowMaxLines, xentLines } from './rows.js';
import type { ArrayRef, LoopProgram, Step, Uniform, View } from './loops.js';
import { renderMatmulNT } from './matmul.js';

export type Dtype = 'float64' | 'float32';

export function arrayName(a: ArrayRef, inStep = false): string {
  switch (a.kind) {
    case 'param': return 'p';
    case 'grad': return inStep ? 'gs' : 'g';
    case 'x': return 'x';
    case 'y': return 'y';
    case 'work': return `w${a.id}`;
    case 'state': return `s${a.id}`;
  }
}

/** `name[offset + index]`, dropping a zero offset. */
export function at(v: View, index: string, inStep = false): string {
  const name = arrayName(v.array, inStep);
  if (v.offset === 0) return `${name}[${index}]`;
  return /^\d+$/.test(index) ? `${name}[${v.offset + Number(index)}]` : `${name}[${v.offset} + ${index}]`;
}

const UNIFORM_NAME: Readonly<Record<Uniform, string>> = { first: 'uFirst', bc1: 'uBc1', bc2sqrt: 'uBc2' };

function renderMap(s: Extract<Step, { kind: 'map' }>, ind: string, inStep: boolean): string[] {
  const used = usedInputs(s.block);
  const naming: Naming = { input: (i) => `i${i}`, local: (i) => `t${i}` };
  const lines = [`${ind}// ${commentText(s.note)}`];
  lines.push(`${ind}for (let k = 0; k < ${s.n}; k++) {`);
  s.inputs.forEach((inp, i) => {
    if (!used.has(i)) return;
    const src = 'uniform' in inp ? UNIFORM_NAME[inp.uniform] : at(inp, 'k', inStep);
    lines.push(`${ind}  const i${i} = ${src};`);
  });
  lines.push(...renderScalarJs(s.block, naming, `${ind}  `));
  s.block.outputs.forEach((o, j) => {
    const store = s.stores[j];
    if (store) lines.push(`${ind}  ${at(store, 'k', inStep)} = ${operandSource(o, naming)};`);
  });
  lines.push(`${ind}}`);
  return [`${ind}{`, ...lines.map((l) => `  ${l}`), `${ind}}`];
}

export function renderStepJs(s: Step, ind: string, inStep = false): string[] {
  const note = `${ind}// ${commentText(s.note)}`;
  switch (s.kind) {
    case 'matmulNT':
      return [note, ...renderMatmulNT(s, ind, (v, i) => at(v, i, inStep))];
    case 'map':
      return renderMap(s, ind, inStep);
    case 'transpose':
      return [
        note,
        `${ind}for (let r = 0; r < ${s.rows}; r++) {`,
        `${ind}  for (let c = 0; c < ${s.cols}; c++) ${at(s.out, `c * ${s.rows} + r`)} = ${at(s.in, `r * ${s.cols} + c`)};`,
        `${ind}}`,
      ];
    case 'softmax':
      return [
        note,
        `${ind}for (let r = 0; r < ${s.rows * s.cols}; r += ${s.cols}) {`,
        ...rowMaxLines((q) => at(s.in, `r + ${q}`), s.cols).map((l) => `${ind}  ${l}`),
        `${ind}  let se = 0;`,
        `${ind}  for (let c = 0; c < ${s.cols}; c++) { const e = Math.exp(${at(s.in, 'r + c')} - mx); ${at(s.out, 'r + c')} = e; se += e; }`,
        ...(s.log
          ? [`${ind}  const lse = mx + Math.log(se);`, `${ind}  for (let c = 0; c < ${s.cols}; c++) ${at(s.out, 'r + c')} = ${at(s.in, 'r + c')} - lse;`]
          : [`${ind}  for (let c = 0; c < ${s.cols}; c++) ${at(s.out, 'r + c')} /= se;`]),
        `${ind}}`,
      ];
    case 'colSum':
      return s.shared
        ? [note, `${ind}{`, `${ind}  let acc = 0;`, `${ind}  for (let k = 0; k < ${s.rows * s.cols}; k++) acc += ${at(s.in, 'k')};`, `${ind}  ${at(s.out, '0')} = acc;`, `${ind}}`]
        : [
            note,
            `${ind}for (let c = 0; c < ${s.cols}; c++) ${at(s.out, 'c')} = ${at(s.in, 'c')};`,
            `${ind}for (let r = ${s.cols}; r < ${s.rows * s.cols}; r += ${s.cols}) {`,
            `${ind}  for (let c = 0; c < ${s.cols}; c++) ${at(s.out, 'c')} += ${at(s.in, 'r + c')};`,
            `${ind}}`,
          ];
    case 'zero':
      return [note, `${ind}for (let k = 0; k < ${s.n}; k++) ${at(s.view, 'k', inStep)} = 0;`];
    case 'broadcast': {
      const src = `${s.inRows === 1 ? '' : `r * ${s.inCols} + `}${s.inCols === 1 ? '0' : 'c'}`;
      return [
        note,
        `${ind}for (let r = 0; r < ${s.rows}; r++) {`,
        `${ind}  for (let c = 0; c < ${s.cols}; c++) ${at(s.out, `r * ${s.cols} + c`)} = ${at(s.in, src)};`,
        `${ind}}`,
      ];
    }
    case 'rowSum':
      return [
        note,
        `${ind}for (let r = 0; r < ${s.rows}; r++) {`,
        `${ind}  let acc = 0;`,
        `${ind}  for (let c = 0; c < ${s.cols}; c++) acc += ${at(s.in, `r * ${s.cols} + c`)};`,
        `${ind}  ${at(s.out, 'r')} = acc;`,
        `${ind}}`,
      ];
    case 'onehot':
      return [
        note,
        `${ind}for (let r = 0; r < ${s.rows}; r++) {`,
        `${ind}  const cls = ${at(s.target, 'r')};`,
        `${ind}  if (!(cls >= 0 && cls < ${s.classes} && Math.floor(cls) === cls)) throw new RangeError('cross_entropy: class index out of range');`,
        `${ind}  for (let c = 0; c < ${s.classes}; c++) ${at(s.out, `r * ${s.classes} + c`)} = ${numberLiteral(s.smoothing / s.classes)} + (c === cls ? ${numberLiteral(1 - s.smoothing)} : 0);`,
        `${ind}}`,
      ];
    case 'xentRows':
      return [
        note,
        `${ind}for (let r = 0; r < ${s.rows}; r++) {`,
        ...xentLines((q) => at(s.logits, `r * ${s.cols} + ${q}`), (q) => at(s.q, `r * ${s.cols} + ${q}`), s.cols).map((l) => `${ind}  ${l}`),
        `${ind}  ${at(s.out, 'r')} = l;`,
        `${ind}}`,
      ];
    case 'loss':
      return [note, `${ind}loss += ${at(s.view, '0')};`];
  }
}

export interface JsSourceOptions {
  readonly dtype: Dtype;
  /** Header comment lines (built by the caller from indices and numbers only). */
  readonly header: readonly string[];
  /** A grad(p, x, y, g) function to use instead of the loops (the scalar view's straight line). */
  readonly gradFunction?: readonly string[];
}

/** The factory source: `return { grad, step, reset }` after allocating every buffer. */
export function renderLoopProgramJs(prog: LoopProgram, opts: JsSourceOptions): string {
  const F = opts.dtype === 'float32' ? 'Float32Array' : 'Float64Array';
  const out: string[] = ['"use strict";', ...opts.header.map((h) => `// ${commentText(h)}`)];
  for (const w of prog.work) out.push(`const w${w.id} = new ${F}(${w.size}); // ${commentText(w.note)}`);
  for (const s of prog.state) out.push(`const s${s.id} = new ${F}(${s.size}); // ${commentText(s.note)}`);
  out.push(`const gs = new ${F}(${prog.paramCount}); // gradient buffer of step()`);
  out.push('let t = 0; // optimizer step count');
  if (opts.gradFunction) out.push(...opts.gradFunction);
  else {
    out.push('function grad(p, x, y, g) {', '  let loss = 0;');
    for (const s of prog.grad) out.push(...renderStepJs(s, '  '));
    out.push('  return loss;', '}');
  }
  out.push(...renderUpdateFunction(prog, (s, ind) => renderStepJs(s, ind, true)));
  out.push(`function reset() { t = 0;${prog.state.map((s) => ` s${s.id}.fill(0);`).join('')} }`);
  out.push(...helperSources(out));
  out.push('return { grad, step, reset };');
  return out.join('\n');
}

/** step(): grad into gs, the per-call uniforms, then the update maps. Shared with the GPU backend. */
export function renderUpdateFunction(prog: LoopProgram, render: (s: Step, ind: string) => string[], isAsync = false): string[] {
  const used = new Set(prog.uniforms.used);
  const lines = isAsync
    ? ['async function step(p, x, y) {', '  const loss = await grad(p, x, y, gs);', '  t += 1;']
    : ['function step(p, x, y) {', '  const loss = grad(p, x, y, gs);', '  t += 1;'];
  if (used.has('first')) lines.push('  const uFirst = t === 1 ? 1 : 0; // the first step starts the momentum buffer');
  if (used.has('bc1')) lines.push(`  const uBc1 = 1 - Math.pow(${numberLiteral(prog.uniforms.beta1)}, t); // 1 - beta1^t`);
  if (used.has('bc2sqrt')) lines.push(`  const uBc2 = Math.sqrt(1 - Math.pow(${numberLiteral(prog.uniforms.beta2)}, t)); // sqrt(1 - beta2^t)`);
  for (const s of prog.update) lines.push(...render(s, '  '));
  lines.push('  return loss;', '}');
  return lines;
}
