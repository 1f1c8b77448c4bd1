/**
 * `symgrad compile <network.yaml> [--backend js|wasm|auto|gpu] [--float32] [--view auto|scalar|matrix]
 * [--batch N] [--threads N]`: compile the network's gradient and print the generated JavaScript — readable,
 * with the layout in its header and each line commented with what it computes — so that it can
 * be inspected or copied. The code is built and loaded (new Function) before printing, so what
 * is printed is exactly what runs.
 */
import { parseArgs } from 'node:util';
import { SymgradError } from '../errors.js';
import { compileGradient, webgpuSource } from '../compile/index.js';
import { BACKENDS, backendFlag, batchFlag, threadsFlag } from './backend.js';
import { loadNetworkForShapes } from './random-data.js';
import type { Command, Flags, Io } from './main.js';

const USAGE = `usage: symgrad compile <network.yaml|network.json|-> [--backend ${BACKENDS.join('|')}] [--float32] [--view auto|scalar|matrix] [--batch N] [--threads N] [--json]`;

const OPTIONS = {
  backend: { type: 'string' }, float32: { type: 'boolean' }, view: { type: 'string' }, batch: { type: 'string' }, threads: { type: 'string' }, json: { type: 'boolean' },
} as const satisfies Flags;

export const compileCommand: Command = {
  summary: [
    'Print the JavaScript that computes the loss and its gradient for every parameter.',
    `  --backend ${BACKENDS.join('|')}  typed-array JavaScript (default), auto (by size), WebAssembly SIMD (its memory`,
    '                          layout and steps), GPU.js kernels with their host code, or the WebGPU backend\'s',
    '                          WGSL compute shaders (generated without a device)',
    '  --float32               Float32Array buffers instead of Float64Array',
    '  --view auto|scalar|matrix  straight-line code (small networks) or loops; auto picks by size',
    '  --batch N               compile for N samples per call (default: the rows of data.x; without data: required)',
    '  --threads N             wasm backend: threads (default: all cores for large networks)',
    '  --json                  print { mode, dtype, layout, source } as JSON',
  ].join('\n'),
  usage: USAGE,
  options: OPTIONS,
  run(argv: string[], io: Io): number {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    if (positionals.length !== 1) throw new SymgradError(`expected one network file, got ${positionals.length} (see symgrad compile --help)`);
    const backend = backendFlag(values.backend, 'js');
    const threads = threadsFlag(values.threads);
    const view = values.view ?? 'auto';
    if (view !== 'auto' && view !== 'scalar' && view !== 'matrix') throw new SymgradError(`--view: expected auto, scalar or matrix, got '${view}'`);
    const batch = batchFlag(values.batch);
    const spec = loadNetworkForShapes(positionals[0]!, batch.batch);
    if (backend === 'webgpu') {
      const source = webgpuSource(spec, batch);
      io.out(values.json ? JSON.stringify({ mode: 'webgpu', dtype: 'float32', source }, null, 2) : `// mode: webgpu (float32)\n${source}`);
      return 0;
    }
    const compiled = compileGradient(spec, {
      backend,
      view,
      dtype: values.float32 ? 'float32' : 'float64',
      ...batch,
      ...threads,
    });
    compiled.dispose?.();
    if (values.json) {
      io.out(JSON.stringify({ mode: compiled.mode, dtype: compiled.dtype, layout: compiled.layout, source: compiled.source }, null, 2));
      return 0;
    }
    io.out(`// mode: ${compiled.mode}\n${compiled.source}`);
    return 0;
  },
};
