/**
 * The playground in headless Chromium, served as static files from 127.0.0.1 (port 0): the
 * editors are typed into (the seed network, a formula, the seed tutorial as the worked example),
 * and every output is checked — the seed's loss as PyTorch prints it (0.5368841905553434, from
 * the in-repo reference), KaTeX without .katex-error, the checker's summary equal to what the
 * checker itself says of that text, the findings at their lines, the URL state round-trip, a
 * download, Korean, and a run on the WebAssembly backend under a strict Content-Security-Policy
 * (no generated JavaScript).
 * No console errors anywhere. Screenshots (en, ko) go to test/.artifacts/ for review.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocument, summaryLine } from '../../src/check/index.js';
import { hasChromium, launch } from '../derive/browser.js';
import { ROOT, servePlayground, type Served } from './serve.js';

const ARTIFACTS = join(ROOT, 'test/.artifacts');
const REF = JSON.parse(readFileSync(join(ROOT, 'test/nn/fixtures/seed-2-2-1.reference.json'), 'utf8')) as { loss: number };
const NET = readFileSync(join(ROOT, 'derivations/seed-2-2-1/network.yaml'), 'utf8');
const EXAMPLE = readFileSync(join(ROOT, 'examples/forward-backward-propagation.ko.md'), 'utf8');
const FORMULA = 'sigmoid(w*x + b)^2';
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

let served: Served;
let base: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  served = await servePlayground((url): Record<string, string> => (url.searchParams.has('csp') ? { 'content-security-policy': CSP } : {}));
  base = served.base;
  if (hasChromium()) browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(base + path, { waitUntil: 'load' });
  return { page, errors };
}

const text = (page: Page, hook: string) => page.locator(`[data-symgrad="${hook}"]`).textContent();

describe.skipIf(!hasChromium())('playground', () => {
  it('computes, typesets and checks what is typed, keeps it in the URL, and downloads', async () => {
    const { page, errors } = await open('');
    await page.fill('#net', '');
    await page.locator('#net').pressSequentially('name: typed\nlayers: [{type: linear, in: 1, out: 1}]\n', { delay: 0 });
    await page.fill('#net', NET);
    await page.fill('#formula', FORMULA);
    await page.fill('#doc', EXAMPLE);
    await page.waitForFunction((want) => document.querySelector('[data-symgrad="loss"]')?.textContent === want && location.search.includes('formula=sigmoid'), String(REF.loss), { timeout: 60_000 });
    expect(await text(page, 'loss')).toBe('0.5368841905553434');
    expect(await text(page, 'backend')).toMatch(/^ran on: js \(js-scalar\)$/);
    expect(await page.locator('#error').isHidden()).toBe(true);
    // derivation and formula typeset by KaTeX, nothing flagged
    expect(await page.locator('[data-symgrad="derivation"] .katex').count()).toBeGreaterThan(20);
    expect(await page.locator('#formula-out .katex-display').count()).toBe(4); // f and ∂f/∂w, ∂f/∂x, ∂f/∂b
    expect(await page.locator('.katex-error').count()).toBe(0);
    // the gradient table: 9 parameters; the diagram and the curve of 20 steps
    expect(await page.locator('#grad-table tbody tr').count()).toBe(9);
    expect(await page.locator('#diagram svg').count()).toBe(1);
    expect(await page.locator('#curve svg').count()).toBe(1);
    // the checker: the same summary as the checker gives for this text, findings at their lines
    const report = checkDocument(EXAMPLE, 'example.md');
    expect(await text(page, 'check-summary')).toBe(summaryLine(report.summary));
    const failedLines = [...new Set(report.equations.flatMap((e) => e.findings).filter((f) => f.severity === 'error').map((f) => f.line))];
    expect(failedLines.length).toBeGreaterThan(0);
    for (const line of failedLines) expect(await page.locator(`#check-lines li[data-line="${line}"]`).getAttribute('class')).toBe('failed');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(ARTIFACTS, 'playground.en.png'), fullPage: true });

    // a download of the Markdown document
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format="md"]')]);
    expect(dl.suggestedFilename()).toBe('derivation.md');
    const md = readFileSync((await dl.path())!, 'utf8');
    expect(md).toContain('seed-2-2-1');
    const [html] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format="html"]')]);
    expect(readFileSync((await html.path())!, 'utf8')).toMatch(/@font-face\{[^}]*KaTeX_Main[^}]*data:font\/woff2;base64,/);

    // the URL reproduces the page
    const url = page.url();
    const q = new URL(url).searchParams;
    expect(q.get('formula')).toBe(FORMULA);
    const again = await open(url.slice(base.length));
    await again.page.waitForFunction(() => document.querySelector('[data-symgrad="loss"]')?.textContent !== '', undefined, { timeout: 60_000 });
    expect(await again.page.inputValue('#net')).toBe(NET);
    expect(await again.page.inputValue('#doc')).toBe(EXAMPLE);
    expect(await again.page.inputValue('#formula')).toBe(FORMULA);
    expect(await text(again.page, 'loss')).toBe('0.5368841905553434');
    expect(again.errors).toEqual([]);
    expect(errors).toEqual([]);
    await again.page.close();
    await page.close();
  }, 240_000);

  it('writes the derivation in Korean with ?lang=ko', async () => {
    const { page, errors } = await open('?lang=ko&steps=5');
    await page.waitForFunction(() => (document.querySelector('[data-symgrad="derivation"]')?.textContent ?? '').length > 100, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-symgrad="loss"]')?.textContent !== '', undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await text(page, 'derivation')).toMatch(/[\uAC00-\uD7A3]{2,}/);
    expect(await page.locator('.katex-error').count()).toBe(0);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(ARTIFACTS, 'playground.ko.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('runs under a strict Content-Security-Policy with ?backend=wasm, without generated JavaScript', async () => {
    const { page, errors } = await open('?csp=1&backend=wasm');
    await page.waitForFunction(() => document.querySelector('[data-symgrad="loss"]')?.textContent !== '', undefined, { timeout: 60_000 });
    expect(await text(page, 'backend')).toMatch(/^ran on: wasm \(wasm-simd\)$/);
    expect(await page.locator('#grad-table tbody tr').count()).toBe(9);
    expect(Math.abs(Number(await text(page, 'loss')) - REF.loss)).toBeLessThan(1e-15);
    expect(await page.locator('.katex-error').count()).toBe(0);
    expect(await page.locator('[data-symgrad="derivation"] .katex').count()).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
