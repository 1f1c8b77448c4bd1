/**
 * symgrad's WebGPU backend as contenders. In Node it runs through compileGradientAsync where the
 * optional `webgpu` package (Dawn) gives an adapter, and is skipped with the reason otherwise; in
 * headless Chromium (the test page of test/webgpu, --enable-unsafe-webgpu) it runs on whatever
 * adapter the browser answers with — on a machine without a GPU that is SwiftShader, and the row
 * says "software rendering on the CPU, not GPU speed". The gradient is computed in the page and
 * read back each time, like every other contender's. Its work happens outside this process, so it
 * is timed on the wall clock (`clock: 'wall'`), never on this process's CPU time.
 */
import { compileGradientAsync } from '../../src/compile/index.js';
import { lowerMatrixView } from '../../src/compile/tensor.js';
import { adapterText, type AdapterLabel } from '../../src/compile/webgpu/device.js';
import { matrixView } from '../../src/nn/matrix/index.js';
import { paramLayout } from '../../src/nn/params.js';
import { hasChromium, openWebgpuPage } from '../../test/webgpu/browser.js';
import { toPortable } from '../../test/webgpu/portable.js';
import type { Workload } from '../workloads.js';
import { layoutPermutationOf, wrapAsync } from './symgrad.js';
import { skippedBecause, type Contender, type Entry, type Factory } from './types.js';

async function nodeContender(w: Workload): Promise<Entry> {
  const name = 'symgrad webgpu f32 (Node)';
  try {
    const t0 = performance.now();
    const g = await compileGradientAsync(w.spec, { backend: 'webgpu' });
    return { ...wrapAsync(name, w, g, t0), clock: 'wall', note: g.mode, dispose: () => g.destroy?.() };
  } catch (e) {
    return skippedBecause(name, 'symgrad', e);
  }
}

async function chromiumContender(w: Workload): Promise<Entry> {
  let name = 'symgrad webgpu f32 (Chromium)';
  if (!hasChromium()) return { name, kind: 'symgrad', skipped: 'no Chromium at /usr/bin/chromium' };
  let page: Awaited<ReturnType<typeof openWebgpuPage>> | undefined;
  try {
    const t0 = performance.now();
    page = await openWebgpuPage();
    const layout = paramLayout(w.spec);
    const program = toPortable(lowerMatrixView(w.spec, matrixView(w.spec), layout, w.batch));
    const perm = layoutPermutationOf(w, { params: layout.entries, paramCount: layout.size, x: [0, 0], y: [] });
    const params = new Array<number>(perm.length);
    perm.forEach((j, i) => (params[j] = w.params[i]!));
    const { id, adapter } = await page.call<{ id: number; adapter: AdapterLabel }>('benchPrepare', { program, params, x: [...w.x], y: [...w.y] });
    const pg = page;
    // The row's name itself says when the figures are software rendering.
    if (adapter.fallback) name = 'symgrad webgpu f32 (Chromium, software rendering)';
    return {
      name, kind: 'symgrad', dtype: 'f32', clock: 'wall', setupSeconds: (performance.now() - t0) / 1000,
      note: `webgpu:${adapterText(adapter)}, in headless Chromium`,
      run: (reps) => pg.call<number>('benchRun', id, reps),
      async gradient() {
        const g = await pg.call<number[]>('benchGradient', id);
        return Float64Array.from(perm, (j) => g[j]!);
      },
      dispose: () => void pg.close(),
    };
  } catch (e) {
    await page?.close();
    return skippedBecause(name, 'symgrad', e);
  }
}

export function webgpuFactory(): Factory {
  return async (w) => [await nodeContender(w), await chromiumContender(w)];
}
