/**
 * The optimizer update as elementwise scalar expressions over (p, g, state…, uniforms): the
 * catalog's rule (catalog/optimizers.ts, PyTorch's order of operations) run on engine Exprs, then
 * lowered like everything else (lowerUpdate) into one `map` step per contiguous run of trainable
 * parameters, which step() runs after grad().
 */
import { symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { optimizerEntry, type Arith, type Uniform } from '../nn/catalog/index.js';
import type { ParamLayout } from '../nn/params.js';
import type { NetworkSpec, OptimizerSpec } from '../nn/spec.js';
import { lowerScalars } from './lower.js';
import type { LoopProgram, Step, View, WorkBuffer } from './loops.js';

export const P = symbol('p');
export const G = symbol('g');
export const S1 = symbol('s_1');
export const S2 = symbol('s_2');
export const U: Readonly<Record<Uniform, Expr>> = {
  first: symbol('first'),
  bc1: symbol('bc_1'),
  bc2sqrt: symbol('bc_2'),
};

/** Engine Exprs: every constant is a constant; the compiled code computes in one dtype. */
const EXPRS: Arith<Expr> = {
  lit: B.constant,
  tensorLit: B.constant,
  add: B.add,
  sub: B.sub,
  mul: B.mul,
  div: (a, b) => B.div(a, b),
  sqrt: B.sqrt,
  first: B.where,
};

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
  const entry = optimizerEntry(opt);
  const stateCount = entry.state(opt);
  const uniforms = entry.uniforms(opt);
  const s = [S1, S2].slice(0, stateCount);
  const next = entry.update(opt, EXPRS, { p: P, g: G, s, u: U });
  return { inputs: [P, G, ...s, ...uniforms.map((u) => U[u])], uniforms, stateCount, outputs: [next.p, ...next.s] };
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
