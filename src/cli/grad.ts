/**
 * `symgrad grad <network.yaml> [--steps N] [--json] [--float32]`: load a network file, evaluate
 * the forward pass, the loss, ∂𝓛/∂θ for every parameter and the optimizer's steps, and print a
 * table (state_dict entry, symbol, value, gradient, updated value) or, with --json, the object
 * { loss, forward, symbols, grad, params_after, losses, dtype } keyed by PyTorch state_dict names.
 */
import { parseArgs } from 'node:util';
import { progress } from './progress.js';
import { SymgradError } from '../errors.js';
import { loadNetworkFile } from '../nn/load-node.js';
import { train, type TrainResult } from '../nn/evaluate.js';
import { compiledReport, type ReportBackend } from '../compile/report.js';
import { BACKENDS } from '../compile/index.js';
import { scalarView } from '../nn/scalar.js';
import { paramLayout } from '../nn/params.js';
import type { NetworkSpec } from '../nn/spec.js';
import { symbolText } from '../render/names.js';
import type { Command, Flags, Io } from './main.js';

const USAGE = `usage: symgrad grad <network.yaml|network.json|-> [--steps N] [--every N] [--json] [--float32] [--backend ${BACKENDS.join('|')}]`;

const OPTIONS = {
  steps: { type: 'string' }, every: { type: 'string' }, json: { type: 'boolean' }, float32: { type: 'boolean' }, backend: { type: 'string' },
} as const satisfies Flags;

export const gradCommand: Command = {
  summary: [
    'Forward values, loss, the gradient of the loss for every weight and bias, and the parameters',
    'after the optimizer\'s steps, with PyTorch\'s semantics (float64).',
    '  --steps N   take N optimizer steps (default 1) and report the loss after each',
    '  --every N   list the loss after every N-th step only (and the last)',
    '  --json      print { loss, forward, symbols, grad, params_after, losses, dtype } as JSON',
    '  --float32   round parameters and data to float32 and every operation\'s result with Math.fround',
    `  --backend ${BACKENDS.join('|')}  use the compiled gradient (typed-array JS, GPU.js kernels, or WebGPU`,
    '            compute shaders) and report the backend, mode, adapter and precision that ran',
  ].join('\n'),
  usage: USAGE,
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    if (positionals.length !== 1) throw new SymgradError(`expected one network file, got ${positionals.length} (see symgrad grad --help)`);
    const steps = values.steps === undefined ? 1 : Number(values.steps);
    if (!/^\d+$/.test(values.steps ?? '1') || !Number.isSafeInteger(steps)) {
      throw new SymgradError(`--steps: expected a whole number ≥ 0, got '${values.steps}'`);
    }
    if (values.every !== undefined && !/^[1-9]\d*$/.test(values.every)) throw new SymgradError(`--every: expected a whole number ≥ 1, got '${values.every}'`);
    const every = Number(values.every ?? 1);
    const spec = loadNetworkFile(positionals[0]!);
    if (values.backend !== undefined) {
      // Compiled closure instead of the interpreter (src/compile/report.ts).
      if (!BACKENDS.includes(values.backend)) throw new SymgradError(`--backend: expected ${BACKENDS.join(', ')}, got '${values.backend}'`);
      io.out(await compiledReport(spec, { backend: values.backend as ReportBackend, steps, float32: values.float32 === true, json: values.json === true }));
      return 0;
    }
    const bar = progress('symgrad grad');
    const result = train(spec, { steps, float32: values.float32 === true, onStep: bar.tick });
    bar.done();
    if (values.json) {
      const { loss, forward, symbols, grad, params_after, losses, dtype } = result;
      io.out(JSON.stringify({ loss, forward, symbols, grad, params_after, losses, dtype }, null, 2));
    } else {
      io.out(table(spec, result, steps, every));
    }
    return 0;
  },
};

function summary(spec: NetworkSpec): string {
  const o = spec.optimizer;
  const opt = o.type === 'sgd' ? `sgd lr=${o.lr}${o.momentum ? ` momentum=${o.momentum}` : ''}` : `${o.type} lr=${o.lr}`;
  const layers = spec.layers.map((l) => (l.type === 'linear' ? `linear(${l.in}→${l.out})` : l.type)).join(', ');
  return `${spec.name}: ${layers}; loss ${spec.loss.type} (${spec.loss.reduction}); ${opt}; batch ${spec.data.x.length}`;
}

/** Columns padded to their widest cell. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}

function table(spec: NetworkSpec, r: TrainResult, steps: number, every: number): string {
  const lines = [summary(spec) + (r.dtype === 'float32' ? ' (float32)' : ''), ''];
  const after = steps === 1 ? 'after 1 step' : `after ${steps} steps`;
  if (r.view === 'scalar') {
    lines.push('forward:');
    lines.push(...columns(Object.entries(r.symbols).map(([name, v]) => [`  ${symbolText(name)}`, String(v)])));
    lines.push('');
    const rows: string[][] = [['parameter', 'symbol', 'value', 'gradient', after]];
    for (const p of scalarView(spec).params) {
      const at = (t: unknown): number => p.index.reduce<unknown>((acc, i) => (acc as unknown[])[i], t) as number;
      const g = r.grad[p.key];
      rows.push([
        `${p.key}${p.index.map((i) => `[${i}]`).join('')}`,
        symbolText(p.symbol.name),
        String(at(r.params_before[p.key])),
        g === null || g === undefined ? 'frozen' : String(at(g)),
        String(at(r.params_after[p.key])),
      ]);
    }
    lines.push(...columns(rows));
  } else {
    // Too many scalars to list: one row per tensor with Frobenius norms; --json has every value.
    const norm = (t: unknown): string => String(Math.sqrt([t].flat(2).reduce((a: number, v) => a + (v as number) ** 2, 0)));
    const rows: string[][] = [['parameter', 'shape', '‖value‖', '‖gradient‖', `‖${after}‖`]];
    for (const e of paramLayout(spec).entries) {
      const g = r.grad[e.key];
      rows.push([e.key, `[${e.shape.join(', ')}]`, norm(r.params_before[e.key]), g === null || g === undefined ? 'frozen' : norm(g), norm(r.params_after[e.key])]);
    }
    lines.push('(matrix view: norms per tensor; --json prints every value)', '');
    lines.push(...columns(rows));
  }
  lines.push('');
  lines.push(`loss: ${r.loss}`);
  r.losses.forEach((l, k) => {
    if ((k + 1) % every === 0 || k + 1 === steps) lines.push(`loss after step ${k + 1}: ${l}`);
  });
  return lines.join('\n');
}
