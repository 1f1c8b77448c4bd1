/**
 * `symgrad bench <network.yaml> [--batch N] [--backend auto|js|wasm|gpu] [--float32]
 * [--threads N] [--rounds N] [--json]`: time one compiled gradient of the user's network — the
 * median over rounds after a warm-up, with quartiles — and report the backend that ran, the
 * dtype, the threads and GFLOP/s of its matrix products. Wall-clock time (threads work in
 * parallel). Without `data` in the file, --batch N makes seeded random inputs and targets.
 */
import { parseArgs } from 'node:util';
import { SymgradError } from '../errors.js';
import { compileGradient, type FloatArray } from '../compile/index.js';
import { gradientFlops } from '../compile/flops.js';
import { backendFlag, batchFlag, threadsFlag } from './backend.js';
import { loadNetworkForShapes } from './random-data.js';
import type { Command, Flags, Io } from './main.js';
import { progress } from './progress.js';

const OPTIONS = {
  batch: { type: 'string' }, backend: { type: 'string' }, float32: { type: 'boolean' },
  threads: { type: 'string' }, rounds: { type: 'string' }, json: { type: 'boolean' },
} as const satisfies Flags;

const USAGE = 'usage: symgrad bench <network.yaml|network.json> [--batch N] [--backend auto|js|wasm|gpu] [--float32] [--threads N] [--rounds N] [--json]';

export interface BenchResult {
  readonly median_ms: number;
  readonly p25_ms: number;
  readonly p75_ms: number;
  readonly backend: string;
  readonly mode: string;
  readonly dtype: 'float64' | 'float32';
  readonly threads: number;
  readonly gflops: number;
  readonly batch: number;
  readonly compile_ms: number;
}

const quantile = (sorted: readonly number[], q: number) => {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo);
};

export const benchCommand: Command = {
  summary: [
    'Time one compiled gradient (forward, loss, every ∂L/∂θ) of a network: median and quartiles.',
    '  --batch N        samples per call (default: the rows of data.x; required when the file has no data)',
    '  --backend B      auto (default: JS straight line for tiny networks, WebAssembly SIMD otherwise), js, wasm, gpu',
    '  --float32        float32 buffers',
    '  --threads N      threads for the wasm backend (default: all cores for large networks)',
    '  --rounds N       timed rounds after the warm-up (default 15)',
    '  --json           print { median_ms, p25_ms, p75_ms, backend, dtype, threads, gflops, … }',
  ].join('\n'),
  usage: USAGE,
  options: OPTIONS,
  run(argv: string[], io: Io): number {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    if (positionals.length !== 1) throw new SymgradError(`expected one network file, got ${positionals.length} (see symgrad bench --help)`);
    const backend = backendFlag(values.backend, 'auto');
    const threads = threadsFlag(values.threads);
    const { batch } = batchFlag(values.batch);
    if (values.rounds !== undefined && (!/^[1-9]\d{0,3}$/.test(values.rounds))) throw new SymgradError(`--rounds: expected a whole number from 1 to 9999, got '${values.rounds}'`);
    const rounds = Number(values.rounds ?? 15);
    const spec = loadNetworkForShapes(positionals[0]!, batch);
    const dtype = values.float32 ? 'float32' : 'float64';
    const t0 = performance.now();
    const c = compileGradient(spec, { backend, dtype, ...threads, ...(batch !== undefined ? { batch } : {}) });
    const compileMs = performance.now() - t0;
    try {
      const n = c.layout.x[0];
      const data = c.data();
      // The spec's data has its own batch; a different --batch repeats its rows.
      const fill = (src: ArrayLike<number>, len: number) => Array.from({ length: len }, (_, i) => src[i % src.length]!);
      const F = dtype === 'float32' ? Float32Array : Float64Array;
      let p: FloatArray = c.initialParams(), x: FloatArray = F.from(fill(data.x, n * c.layout.x[1])), y: FloatArray = F.from(fill(data.y, c.layout.y.reduce((a, b) => a * b, 1)));
      let g: FloatArray = new F(c.layout.paramCount);
      if (c.buffers) {
        // The wasm closure's own memory: no copies per call, as a training loop would run it.
        c.buffers.params.set(p), c.buffers.x.set(x), c.buffers.y.set(y);
        ({ params: p, x, y, grad: g } = c.buffers);
      }
      // Warm-up: at least 10 calls and 200 ms, so the engine has optimized the code.
      const warmEnd = performance.now() + 200;
      let calls = 0;
      while (calls < 10 || performance.now() < warmEnd) {
        c.grad(p, x, y, g);
        calls++;
      }
      const perCall = 200 / calls;
      const reps = Math.max(1, Math.round(20 / Math.max(perCall, 1e-3)));
      const times: number[] = [];
      const bar = progress('symgrad bench');
      for (let r = 0; r < rounds; r++) {
        const t = performance.now();
        for (let i = 0; i < reps; i++) c.grad(p, x, y, g);
        times.push((performance.now() - t) / reps);
        bar.tick(r + 1, rounds);
      }
      bar.done();
      times.sort((a, b) => a - b);
      const median = quantile(times, 0.5);
      const result: BenchResult = {
        median_ms: median, p25_ms: quantile(times, 0.25), p75_ms: quantile(times, 0.75),
        backend: c.mode.startsWith('wasm') ? 'wasm' : c.mode.startsWith('gpu') ? 'gpu' : 'js', mode: c.mode, dtype,
        threads: c.threads ?? 1, gflops: gradientFlops(spec, n) / (median * 1e6), batch: n, compile_ms: compileMs,
      };
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else {
        const f = (v: number) => v.toPrecision(3);
        io.out([
          `${spec.name}: batch ${n}, ${dtype}, backend ${result.backend} (${c.mode}), ${result.threads} thread${result.threads === 1 ? '' : 's'}`,
          `one gradient: median ${f(median)} ms (quartiles ${f(result.p25_ms)}–${f(result.p75_ms)} ms, ${rounds} rounds of ${reps})`,
          `${f(result.gflops)} GFLOP/s (matrix products); compiled in ${f(compileMs)} ms`,
        ].join('\n'));
      }
    } finally {
      c.dispose?.();
    }
    return 0;
  },
};
