/**
 * The playground's `?backend=webgpu` in headless Chromium with WebGPU on (SwiftShader's adapter
 * where there is no GPU): the page built by vite, served from 127.0.0.1 (port 0), opened on the
 * default (seed) network; the backend line says webgpu ran on which adapter, the loss is the
 * seed's within float32 precision, and there are no console errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from '../webgpu/browser.js';
import { ROOT, servePlayground, type Served } from './serve.js';

const REF = JSON.parse(readFileSync(join(ROOT, 'test/nn/fixtures/seed-2-2-1.reference.json'), 'utf8')) as { loss: number };

let served: Served;
let base: string;
let browser: Browser;

beforeAll(async () => {
  served = await servePlayground();
  base = served.base;
  if (hasChromium()) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
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
