/**
 * `symgrad grad … --backend js|gpu`: the same report as the interpreter's (loss, ∂L/∂θ by
 * state_dict key, parameters after N optimizer steps, the loss after each), computed by a
 * compiled closure instead, with the backend mode that ran. Small networks list every scalar,
 * larger ones one row of norms per tensor; --json prints every value.
 */
import { SymgradError } from '../errors.js';
import { stateDict, type Tensor } from '../nn/params.js';
import type { NetworkSpec } from '../nn/spec.js';
import { compileGradient, type CompiledGradient, type CompileOptions, type GpuMode } from './index.js';

export interface CompiledTrainOptions {
  readonly backend: NonNullable<CompileOptions['backend']>;
  readonly steps: number;
  readonly threads?: number;
  readonly float32?: boolean;
  readonly gpuMode?: GpuMode;
}

export interface CompiledTrainResult {
  readonly loss: number;
  readonly grad: Record<string, Tensor | null>;
  readonly params_before: Record<string, Tensor>;
  readonly params_after: Record<string, Tensor>;
  readonly losses: number[];
  readonly dtype: 'float64' | 'float32';
  readonly backend: string;
  readonly mode: string;
}

export function compiledTrain(spec: NetworkSpec, opts: CompiledTrainOptions): CompiledTrainResult {
  const dtype = opts.float32 ? 'float32' : 'float64';
  const c = compileGradient(spec, { backend: opts.backend, dtype, ...(opts.gpuMode ? { gpuMode: opts.gpuMode } : {}), ...(opts.threads !== undefined ? { threads: opts.threads } : {}) });
  try {
    return trainWith(c, opts, dtype);
  } finally {
    c.dispose?.();
  }
}

function trainWith(c: CompiledGradient, opts: CompiledTrainOptions, dtype: 'float64' | 'float32'): CompiledTrainResult {
  const layout = { entries: c.layout.params, size: c.layout.paramCount };
  const p = c.initialParams();
  const { x, y } = c.data();
  const before = stateDict(layout, p);
  const g = new (dtype === 'float32' ? Float32Array : Float64Array)(layout.size);
  const loss = c.grad(p, x, y, g);
  const grads = stateDict(layout, g);
  const losses: number[] = [];
  for (let k = 0; k < opts.steps; k++) {
    c.step(p, x, y);
    losses.push(c.grad(p, x, y, g));
  }
  const grad: Record<string, Tensor | null> = {};
  for (const e of layout.entries) grad[e.key] = e.frozen ? null : grads[e.key]!;
  if (!Number.isFinite(loss)) throw new SymgradError(`the loss is ${loss} at the initial parameters`, { field: 'loss' });
  const backend = c.mode.startsWith('wasm') ? 'wasm' : c.mode.startsWith('gpu') ? 'gpu' : 'js';
  return { loss, grad, params_before: before, params_after: stateDict(layout, p), losses, dtype, backend, mode: c.mode };
}

const norm = (t: Tensor | null): string => (t === null ? 'frozen' : String(Math.sqrt([t].flat(2).reduce((a: number, v) => a + (v as number) ** 2, 0))));

/** The text table (or JSON) for the CLI. */
export function compiledReport(spec: NetworkSpec, opts: CompiledTrainOptions & { json?: boolean }): string {
  const r = compiledTrain(spec, opts);
  if (opts.json) return JSON.stringify(r, null, 2);
  const after = opts.steps === 1 ? 'after 1 step' : `after ${opts.steps} steps`;
  const rows: string[][] = [];
  const scalarRows = Object.values(r.params_before).reduce((n: number, t) => n + [t].flat(2).length, 0) <= 200;
  if (scalarRows) {
    rows.push(['parameter', 'value', 'gradient', after]);
    for (const [key, t] of Object.entries(r.params_before)) {
      const idx = indices(t);
      for (const ix of idx) {
        const at = (v: Tensor | null | undefined) => (v === null || v === undefined ? 'frozen' : String(ix.reduce<unknown>((a, i) => (a as unknown[])[i], v)));
        rows.push([`${key}${ix.map((i) => `[${i}]`).join('')}`, at(t), at(r.grad[key]), at(r.params_after[key])]);
      }
    }
  } else {
    rows.push(['parameter', '‖value‖', '‖gradient‖', `‖${after}‖`]);
    for (const [key, t] of Object.entries(r.params_before)) rows.push([key, norm(t), norm(r.grad[key] ?? null), norm(r.params_after[key]!)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = [`compiled gradient: backend ${r.backend}, mode ${r.mode}, ${r.dtype === 'float32' ? 'float32 buffers' : 'float64'}`, '', ...rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()), ''];
  lines.push(`loss: ${r.loss}`);
  r.losses.forEach((l, k) => lines.push(`loss after step ${k + 1}: ${l}`));
  return lines.join('\n');
}

function indices(t: Tensor): number[][] {
  if (typeof t === 'number') return [[]];
  return t.flatMap((v, i) => (Array.isArray(v) ? v.map((_, j) => [i, j]) : [[i]]));
}
