/**
 * A WebGPU test page in headless Chromium: the page entry (page.ts) bundled by esbuild, served
 * from 127.0.0.1 on an ephemeral port (a secure context, so navigator.gpu exists), and Debian's
 * /usr/bin/chromium started by playwright-core with --enable-unsafe-webgpu — on a machine
 * without a GPU, Chromium answers requestAdapter() with its SwiftShader fallback adapter (Vulkan
 * on the CPU). Network features that could reach out are switched off. Dawn's
 * disable_workgroup_init toggle skips zero-filling workgroup memory, which SwiftShader compiles
 * into seconds per tiled kernel: every kernel here writes its workgroup memory before reading it.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Case, CaseResult } from './portable.js';

import { CHROMIUM } from '../derive/browser.js';

export { CHROMIUM, hasChromium } from '../derive/browser.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--enable-unsafe-webgpu',
  '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync',
  '--enable-dawn-features=disable_workgroup_init',
];

export interface WebgpuPage {
  readonly page: Page;
  run(c: Case): Promise<CaseResult>;
  /** Call one of the page's global functions (page.ts) with JSON arguments. */
  call<R>(fn: string, ...args: unknown[]): Promise<R>;
  close(): Promise<void>;
}

export async function openWebgpuPage(): Promise<WebgpuPage> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'browser', write: false, target: 'es2022',
  });
  const js = bundle.outputFiles[0]!.text;
  const html = '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/page.js"></script>';
  const server: Server = createServer((req, res) => {
    const isJs = req.url === '/page.js';
    res.writeHead(isJs || req.url === '/' ? 200 : 404, { 'content-type': isJs ? 'text/javascript' : 'text/html' });
    res.end(isJs ? js : req.url === '/' ? html : '');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 });
    const b = browser;
    return {
      page,
      run: (c) => page.evaluate((arg) => (globalThis as unknown as { runCase: (c: Case) => Promise<CaseResult> }).runCase(arg), c),
      call: <R>(fn: string, ...args: unknown[]) =>
        page.evaluate(([f, a]) => (globalThis as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[f as string]!(...(a as unknown[])), [fn, args] as const) as Promise<R>,
      close: async () => {
        await b.close();
        await new Promise((ok) => server.close(ok));
      },
    };
  } catch (e) {
    await browser?.close();
    server.close();
    throw e;
  }
}
