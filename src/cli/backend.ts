/**
 * The compiled-backend flags that `grad`, `compile` and `bench` share: `--backend` (checked
 * against one list) and `--threads N` (the wasm backend's worker count), each a one-line
 * SymgradError when wrong.
 */
import { SymgradError } from '../errors.js';
import type { CompileOptions } from '../compile/index.js';

export type Backend = NonNullable<CompileOptions['backend']>;
export const BACKENDS: readonly Backend[] = ['auto', 'js', 'wasm', 'gpu'];

export function backendFlag(value: string | undefined, fallback: Backend): Backend {
  if (value === undefined) return fallback;
  if (!(BACKENDS as readonly string[]).includes(value)) throw new SymgradError(`--backend: expected ${BACKENDS.join(', ')}, got '${value}'`);
  return value as Backend;
}

export function threadsFlag(value: string | undefined): { threads?: number } {
  if (value === undefined) return {};
  if (!/^[1-9]\d{0,2}$/.test(value) || Number(value) > 256) throw new SymgradError(`--threads: expected a whole number from 1 to 256, got '${value}'`);
  return { threads: Number(value) };
}

export function batchFlag(value: string | undefined): { batch?: number } {
  if (value === undefined) return {};
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) throw new SymgradError(`--batch: expected a whole number ≥ 1, got '${value}'`);
  return { batch: Number(value) };
}
