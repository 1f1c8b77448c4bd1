/**
 * Every gallery HTML page opened in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): no console or page errors, no failed requests, no `.katex-error`, the
 * formulas and figures present and KaTeX's inlined fonts actually loaded. A full-page
 * screenshot of each lands in test/.artifacts/doc/. One browser, the pages in parallel tabs;
 * the file loads only the gallery's list (catalog.ts), no derivation code. Skips only when the
 * chromium binary is missing (CI installs the `chromium` apt package).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGallery } from '../../src/render/doc/catalog-node.js';
import { CHROMIUM, hasChromium, launch, openPage, pageContext } from './browser.js';

const ROOT = resolve('derivations');
const OUT = resolve('test/.artifacts/doc');
const pages = readGallery(ROOT).documents.flatMap((d) =>
  readdirSync(join(ROOT, d.dir)).filter((f) => f.endsWith('.html')).map((f) => join(d.dir, f)),
);

describe.skipIf(!hasChromium())(`gallery pages in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launch();
    context = await pageContext(browser);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('has a page per gallery document', () => {
    expect(pages.length).toBeGreaterThanOrEqual(7);
  });

  // the pages load in parallel tabs of the one browser: each page's time is its parsing and its
  // full-page screenshot, not Chromium's start
  it.concurrent.for(pages)('%s opens cleanly', { timeout: 60_000 }, async (page, { expect }) => {
    const shot = join(OUT, `${page.replace(/[/\\]/g, '__')}.png`);
    const r = await openPage(context, join(ROOT, page), shot);
    expect(r.errors).toEqual([]);
    expect(r.katexErrors).toBe(0);
    expect(r.katexCount).toBeGreaterThan(30);
    expect(r.svgCount).toBeGreaterThanOrEqual(1);
    expect(r.fontsLoaded.some((f) => f.startsWith('KaTeX_Main'))).toBe(true);
    expect(r.fontsLoaded.some((f) => f.startsWith('KaTeX_Math'))).toBe(true);
  });
});

if (!hasChromium()) describe('gallery pages in headless Chromium', () => {
  it.skip(`skipped: ${CHROMIUM} is not installed (apt-get install chromium)`, () => {});
});
