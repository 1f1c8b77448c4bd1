/**
 * Every gallery `.tex` compiles with pdflatex as it is (English with texlive-latex-base and
 * -recommended, Korean with kotex from texlive-lang-korean), in a scratch folder, in
 * nonstop mode so an error fails instead of waiting for input; the files compile side by
 * side. (That a user-given name with every LaTeX special character compiles is checked with
 * the escaping tests in writers.test.ts.) This file loads only the gallery's list, no
 * derivation code. Skips only when the pdflatex binary is missing.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { readGallery } from '../../src/render/doc/catalog-node.js';
import { compileTex, PDFLATEX } from './pdflatex.js';

const ROOT = resolve('derivations');
const docs = readGallery(ROOT).documents.flatMap((d) =>
  readdirSync(join(ROOT, d.dir)).filter((f) => f.endsWith('.tex')).map((f) => join(d.dir, f)),
);

describe.skipIf(!PDFLATEX)('gallery .tex files compile with pdflatex', () => {
  const dir = mkdtempSync(join(tmpdir(), 'symgrad-tex-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has a .tex per gallery document, the seed also in Korean', ({ expect }) => {
    expect(docs.length).toBeGreaterThanOrEqual(7);
    expect(docs).toContain(join('seed-2-2-1', 'derivation.ko.tex'));
  });

  it.concurrent.for(docs)('%s', { timeout: 120_000 }, async (doc, { expect }) => {
    const name = doc.replace(/[/\\]/g, '__');
    copyFileSync(join(ROOT, doc), join(dir, name));
    const r = await compileTex(dir, name);
    expect(r.errors, `${name}: ${r.errors.join(' / ')}`).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.pdf).toBe(true);
  });
});

if (!PDFLATEX) describe('gallery .tex files compile with pdflatex', () => {
  it.skip('skipped: pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-lang-korean)', () => {});
});
