/**
 * The playground's `?backend=webgpu` in headless Chromium with WebGPU on (SwiftShader's adapter
 * where there is no GPU): the page built by vite, served from 127.0.0.1 (port 0), opened on the
 * default (seed) network; the backend line says webgpu ran on which adapter, the loss is the
 * seed's within float32 precision, and there are no console errors.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from '../webgpu/browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'web/dist');
const REF = JSON.parse(readFileSync(join(ROOT, 'test/nn/fixtures/seed-2-2-1.reference.json'), 'utf8')) as { loss: number };
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = join(DIST, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  if (hasChromium()) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

describe.skipIf(!hasChromium())('playground on WebGPU', () => {
  it('?backend=webgpu runs the seed network on the browser adapter and says so', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}?backend=webgpu&steps=3`);
    await page.waitForFunction(() => (document.querySelector('[data-symgrad="backend"]') as HTMLElement | null)?.dataset.ran !== undefined, undefined, { timeout: 90_000 });
    const ran = await page.locator('[data-symgrad="backend"]').textContent();
    expect(ran).toMatch(/webgpu \(.+, float32\)/);
    expect(await page.locator('#backend').inputValue()).toBe('webgpu');
    const loss = Number(await page.locator('[data-symgrad="loss"]').textContent());
    expect(Math.abs(loss - REF.loss)).toBeLessThan(1e-6);
    expect(errors).toEqual([]);
    await page.close();
  });
});
