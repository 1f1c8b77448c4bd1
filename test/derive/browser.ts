/**
 * Headless Chromium for the document checks: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download), with every network feature that could reach out
 * switched off. `openPage` loads a file in a tab of one shared context and reports console
 * errors, page errors, failed requests and `.katex-error` elements, and writes a full-page
 * screenshot (about half of a page's time; loading and laying out is the other half).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export interface PageReport {
  readonly errors: string[];
  readonly katexErrors: number;
  readonly katexCount: number;
  readonly svgCount: number;
  /** Fonts the page loaded (document.fonts with status 'loaded'). */
  readonly fontsLoaded: string[];
}

/** One context (profile) for every page: a tab is cheaper than a context per page. */
export function pageContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1000, height: 800 } });
}

export async function openPage(context: BrowserContext, file: string, screenshot: string): Promise<PageReport> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const report = await page.evaluate(() => ({
    katexErrors: document.querySelectorAll('.katex-error').length,
    katexCount: document.querySelectorAll('.katex').length,
    svgCount: document.querySelectorAll('svg').length,
    fontsLoaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.style} ${f.weight}`),
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { errors, ...report };
}
