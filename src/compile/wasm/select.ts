/**
 * The cost model behind `backend: 'auto'` and the default thread count. A call into WebAssembly
 * costs copies of the arguments and a boundary crossing (about a microsecond), so for networks
 * whose whole gradient is a few hundred multiply-adds (the seed's 2-2-1) the JS straight line
 * wins; past the scalar view's size limit the loops run, and there SIMD128 wins by 2–8×. Threads
 * pay a wake-up and a barrier per step (tens of microseconds), so a program gets all cores only
 * when its products hold enough work to amortise them.
 */
import { SymgradError } from '../../errors.js';
import type { LoopProgram } from '../loops.js';
import { canThread, simdSupported, threadsAvailable } from './index.js';

/** Below this many multiply-adds per gradient, one thread (measured: (b), 2.2 M, is slower on two threads; (c), 26 M, gains). */
export const THREADS_MIN_MACS = 8_000_000;

/** auto: js for what the straight-line view covers (or when asked for it), wasm otherwise. */
export function chooseBackend(paramsTimesBatch: number, view: string | undefined, scalarLimit: number): 'js' | 'wasm' {
  if (view === 'scalar' || paramsTimesBatch <= scalarLimit || !simdSupported()) return 'js';
  return 'wasm';
}

/** Multiply-adds in the program's products. */
export function productMacs(prog: LoopProgram): number {
  let macs = 0;
  for (const s of prog.grad) if (s.kind === 'matmulNT') macs += s.m * s.n * s.k;
  return macs;
}

export function chooseThreads(prog: LoopProgram, requested: number | undefined): number {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1 || requested > 256) throw new SymgradError(`threads must be a whole number from 1 to 256, got ${requested}`, { field: 'threads' });
    return canThread() ? requested : 1;
  }
  return productMacs(prog) >= THREADS_MIN_MACS ? threadsAvailable() : 1;
}
