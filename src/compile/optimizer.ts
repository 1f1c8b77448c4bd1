/**
 * The optimizer update as elementwise scalar expressions over (p, g, state…, uniforms), in
 * PyTorch's exact order of operations, lowered like everything else (lowerUpdate) into one `map`
 * step per contiguous run of trainable parameters, which step() runs after grad().
 *
 * SGD:  d = g + λp;  buf = d on the first step, else μ·buf + (1 − τ)·d;  d = d + μ·buf
 *       (nesterov) or buf;  p ← p − lr·d.
 * Adam: g = g + λp (AdamW instead p ← p(1 − lr·λ));  m ← m + (1 − β₁)(g − m);
 *       v ← β₂v + (1 − β₂)g²;  p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
 */
import { symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import type { ParamLayout } from '../nn/params.js';
import type { NetworkSpec, OptimizerSpec } from '../nn/spec.js';
import { lowerScalars } from './lower.js';
import type { LoopProgram, Step, Uniform, View, WorkBuffer } from './loops.js';

export const P = symbol('p');
export const G = symbol('g');
export const S1 = symbol('s_1');
export const S2 = symbol('s_2');
export const U: Readonly<Record<Uniform, Expr>> = {
  first: symbol('first'),
  bc1: symbol('bc_1'),
  bc2sqrt: symbol('bc_2'),
};

const c = B.constant;

export interface UpdateExprs {
  /** Symbols in the order the map binds them: p, g, then state, then uniforms. */
  readonly inputs: readonly Expr[];
  readonly uniforms: readonly Uniform[];
  /** Number of state arrays (each the size of the parameters). */
  readonly stateCount: number;
  /** New p, then new state values, in the same order as the state inputs. */
  readonly outputs: readonly Expr[];
}

export function updateExprs(opt: OptimizerSpec): UpdateExprs {
  if (opt.type === 'sgd') {
    let d = opt.weight_decay !== 0 ? B.add(G, B.mul(c(opt.weight_decay), P)) : G;
    if (opt.momentum === 0) {
      return { inputs: [P, G], uniforms: [], stateCount: 0, outputs: [B.sub(P, B.mul(c(opt.lr), d))] };
    }
    const buf = B.where(U.first, d, B.add(B.mul(c(opt.momentum), S1), B.mul(c(1 - opt.dampening), d)));
    d = opt.nesterov ? B.add(d, B.mul(c(opt.momentum), buf)) : buf;
    return { inputs: [P, G, S1, U.first], uniforms: ['first'], stateCount: 1, outputs: [B.sub(P, B.mul(c(opt.lr), d)), buf] };
  }
  const [b1, b2] = opt.betas;
  let p: Expr = P;
  let g: Expr = G;
  if (opt.weight_decay !== 0) {
    if (opt.type === 'adamw') p = B.mul(P, c(1 - opt.lr * opt.weight_decay));
    else g = B.add(G, B.mul(c(opt.weight_decay), P));
  }
  const m = B.add(S1, B.mul(c(1 - b1), B.sub(g, S1)));
  const v = B.add(B.mul(c(b2), S2), B.mul(c(1 - b2), B.mul(g, g)));
  const denom = B.add(B.div(B.sqrt(v), U.bc2sqrt), c(opt.eps));
  const stepSize = B.div(c(opt.lr), U.bc1);
  return {
    inputs: [P, G, S1, S2, U.bc1, U.bc2sqrt],
    uniforms: ['bc1', 'bc2sqrt'],
    stateCount: 2,
    outputs: [B.sub(p, B.mul(stepSize, B.div(m, denom))), m, v],
  };
}

/** The update as loop steps: one map per contiguous run of trainable tensors, over (p, g, state…). */
export function lowerUpdate(spec: NetworkSpec, layout: ParamLayout): Pick<LoopProgram, 'update' | 'state' | 'uniforms'> {
  const opt = spec.optimizer;
  const u = updateExprs(opt);
  const runs: Array<{ offset: number; n: number }> = [];
  for (const e of layout.entries) {
    if (e.frozen) continue;
    const last = runs[runs.length - 1];
    if (last && last.offset + last.n === e.offset) last.n += e.size;
    else runs.push({ offset: e.offset, n: e.size });
  }
  const state: WorkBuffer[] = Array.from({ length: u.stateCount }, (_, id) => ({ id, size: layout.size, note: `optimizer state ${id + 1}` }));
  const block = lowerScalars(u.outputs, u.inputs);
  const update: Step[] = runs.map((run) => {
    const at = (array: View['array']): View => ({ array, offset: run.offset });
    const stateViews = state.map((s) => at({ kind: 'state', id: s.id }));
    return {
      kind: 'map', n: run.n, block,
      inputs: [at({ kind: 'param' }), at({ kind: 'grad' }), ...stateViews, ...u.uniforms.map((uniform) => ({ uniform }))],
      stores: [at({ kind: 'param' }), ...stateViews],
      note: `${opt.type} update of parameters ${run.offset}..${run.offset + run.n - 1}`,
    } satisfies Step;
  });
  const betas = opt.type === 'sgd' ? [0, 0] : opt.betas;
  return { update, state, uniforms: { beta1: betas[0]!, beta2: betas[1]!, used: u.uniforms } };
}
