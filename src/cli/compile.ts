/**
 * `symgrad compile <network.yaml> [--backend js|gpu] [--float32] [--view auto|scalar|matrix]
 * [--batch N]`: compile the network's gradient and print the generated JavaScript — readable,
 * with the layout in its header and each line commented with what it computes — so that it can
 * be inspected or copied. The code is built and loaded (new Function) before printing, so what
 * is printed is exactly what runs.
 */
import { parseArgs } from 'node:util';
import { SymgradError } from '../errors.js';
import { BACKENDS, compileGradient, webgpuSource } from '../compile/index.js';
import { loadNetworkFile } from '../nn/load-node.js';
import type { Command, Flags, Io } from './main.js';

const USAGE = `usage: symgrad compile <network.yaml|network.json|-> [--backend ${BACKENDS.join('|')}] [--float32] [--view auto|scalar|matrix] [--batch N] [--json]`;

const OPTIONS = {
  backend: { type: 'string' }, float32: { type: 'boolean' }, view: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' },
} as const satisfies Flags;

export const compileCommand: Command = {
  summary: [
    'Print the JavaScript that computes the loss and its gradient for every parameter.',
    '  --backend js|gpu.js|webgpu  typed-array JavaScript (default), GPU.js kernels with their host code,',
    '                          or the WebGPU backend\'s WGSL compute shaders (generated without a device)',
    '  --float32               Float32Array buffers instead of Float64Array',
    '  --view auto|scalar|matrix  straight-line code (small networks) or loops; auto picks by size',
    '  --batch N               compile for N samples per call (default: the rows of data.x)',
    '  --json                  print { mode, dtype, layout, source } as JSON',
  ].join('\n'),
  usage: USAGE,
  options: OPTIONS,
  run(argv: string[], io: Io): number {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    if (positionals.length !== 1) throw new SymgradError(`expected one network file, got ${positionals.length} (see symgrad compile --help)`);
    const backend = values.backend ?? 'js';
    if (!BACKENDS.includes(backend)) throw new SymgradError(`--backend: expected ${BACKENDS.join(', ')}, got '${backend}'`);
    const view = values.view ?? 'auto';
    if (view !== 'auto' && view !== 'scalar' && view !== 'matrix') throw new SymgradError(`--view: expected auto, scalar or matrix, got '${view}'`);
    if (values.batch !== undefined && !/^[1-9]\d*$/.test(values.batch)) throw new SymgradError(`--batch: expected a whole number ≥ 1, got '${values.batch}'`);
    const spec = loadNetworkFile(positionals[0]!);
    const batch = values.batch !== undefined ? { batch: Number(values.batch) } : {};
    if (backend === 'webgpu') {
      io.out(`// mode: webgpu (float32)\n${webgpuSource(spec, batch)}`);
      return 0;
    }
    const compiled = compileGradient(spec, {
      backend: backend as 'js' | 'gpu' | 'gpu.js',
      view,
      dtype: values.float32 ? 'float32' : 'float64',
      ...batch,
    });
    if (values.json) {
      io.out(JSON.stringify({ mode: compiled.mode, dtype: compiled.dtype, layout: compiled.layout, source: compiled.source }, null, 2));
      return 0;
    }
    io.out(`// mode: ${compiled.mode}\n${compiled.source}`);
    return 0;
  },
};
