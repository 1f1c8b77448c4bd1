/**
 * gpu.js, loaded only when a GPU.js backend is asked for: it is an optional peer dependency (it
 * pulls in ~85 MB of WebGPU binaries), and neither start-up nor a browser bundle should carry it.
 * `loadGpuJs()` imports it asynchronously (anywhere); the synchronous `gpuJs()` returns the
 * loaded module, or on Node requires it on the spot through `process.getBuiltinModule` (no
 * static node: import, so this module stays browser-safe). A missing gpu.js is a one-line
 * SymgradError saying how to install it.
 */
import type * as GpuJs from 'gpu.js';
import { SymgradError } from '../errors.js';

type GpuJsModule = typeof GpuJs;

let loaded: GpuJsModule | undefined;

const missing = (): SymgradError => new SymgradError("the gpu backend needs the optional package gpu.js: npm install gpu.js");

/** Import gpu.js (once), so that the synchronous compileGradient can use it anywhere. */
export async function loadGpuJs(): Promise<void> {
  await importGpuJs();
}

async function importGpuJs(): Promise<GpuJsModule> {
  if (loaded) return loaded;
  try {
    const mod = (await import('gpu.js')) as GpuJsModule & { default?: GpuJsModule };
    loaded = mod.GPU ? mod : mod.default!;
  } catch {
    throw missing();
  }
  return loaded;
}

/** @internal gpu.js, synchronously: already loaded, or required now on Node. */
export function gpuJs(): GpuJsModule {
  if (loaded) return loaded;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:module') as { createRequire(url: string): (id: string) => unknown } | undefined;
  if (!mod) throw new SymgradError('the gpu backend is loaded asynchronously here: await loadGpuJs() (or use compileGradientAsync) first');
  try {
    loaded = mod.createRequire(import.meta.url)('gpu.js') as GpuJsModule;
  } catch {
    throw missing();
  }
  return loaded;
}
