/// <reference types="@webgpu/types" preserve="true" />
/**
 * Where the WebGPU backend gets its device: the caller's own GPUDevice, else the browser's
 * navigator.gpu, else — in Node — the optional `webgpu` package (Dawn), imported only now, by a
 * computed name so that bundlers leave it out of browser builds. Every way this can fail (no
 * package, a package whose native library does not load, no adapter) is one SymgradError line
 * saying which, and the adapter that answered is described for the result's label.
 */
import { SymgradError } from '../../errors.js';

/** Which adapter produced a result: what the labels and `grad --json` report. */
export interface AdapterLabel {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** A fallback adapter (e.g. SwiftShader): software rendering on the CPU, not GPU speed. */
  readonly fallback: boolean;
}

export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: AdapterLabel;
}

const firstLine = (s: string) => s.split('\n')[0]!.trim();

async function nodeGpu(): Promise<GPU> {
  const name = 'webgpu';
  let mod: { create: (flags: string[]) => GPU };
  try {
    mod = (await import(/* @vite-ignore */ name)) as typeof mod;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ERR_MODULE_NOT_FOUND') {
      throw new SymgradError("webgpu: no WebGPU in this Node: the optional package 'webgpu' (Dawn) is not installed (npm install webgpu), and there is no navigator.gpu");
    }
    throw new SymgradError(`webgpu: the optional package 'webgpu' (Dawn) did not load on this machine: ${firstLine(err.message ?? String(e))}`);
  }
  return mod.create([]);
}

export function describeAdapter(info: Partial<GPUAdapterInfo> | undefined): AdapterLabel {
  const i = info ?? {};
  const fallback = (i as { isFallbackAdapter?: boolean }).isFallbackAdapter === true || i.architecture === 'swiftshader';
  return { vendor: i.vendor ?? '', architecture: i.architecture ?? '', description: i.description ?? '', fallback };
}

/** A short label: "google swiftshader (fallback adapter: software rendering)". */
export function adapterText(a: AdapterLabel): string {
  const name = [a.vendor, a.architecture, a.description].filter((s) => s !== '').join(' ') || 'unnamed adapter';
  return a.fallback ? `${name} (fallback adapter: software rendering, not GPU speed)` : name;
}

export async function acquireDevice(given?: GPUDevice): Promise<AcquiredDevice> {
  if (given) return { device: given, adapter: describeAdapter((given as { adapterInfo?: GPUAdapterInfo }).adapterInfo) };
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  const gpu = nav?.gpu ?? (await nodeGpu());
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    throw new SymgradError(`webgpu: requestAdapter failed: ${firstLine(e instanceof Error ? e.message : String(e))}`);
  }
  if (!adapter) throw new SymgradError('webgpu: no adapter answered requestAdapter() (no usable GPU or software adapter here)');
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxBufferSize: limits.maxBufferSize },
  });
  return { device, adapter: describeAdapter(adapter.info) };
}
