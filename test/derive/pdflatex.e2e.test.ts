/**
 * Every gallery `.tex` compiles with pdflatex as it is (English with texlive-latex-base and
 * -recommended, Korean with kotex from texlive-lang-korean), in a scratch folder, in
 * nonstop mode so an error fails instead of waiting for input; the files compile side by
 * side. A user-given name with every LaTeX special character compiles too, in both languages
 * (the other escaping tests are in writers.test.ts). Skips only when the pdflatex binary is
 * missing.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { readGallery } from '../../src/derive/catalog-node.js';
import { derive, render } from '../../src/derive/index.js';
import { parseNetwork } from '../../src/nn/load.js';
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

describe('escaping user text', () => {
  const seedText = readFileSync('derivations/seed-2-2-1/network.yaml', 'utf8');
  // every LaTeX special character in a name, compiled by pdflatex in both languages
  it.skipIf(!PDFLATEX).concurrent.for(['en', 'ko'] as const)('writes LaTeX that compiles whatever the name (%s)', { timeout: 120_000 }, async (lang, { expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'symgrad-tex-'));
    try {
      const odd = parseNetwork(seedText.replace('name: seed-2-2-1', 'name: "a\\\\b^c~d<e>f|g #1 & 50% $x$ {y} _z"'), 'odd.yaml');
      writeFileSync(join(dir, 'odd.tex'), render(derive(odd), 'tex', lang).get('derivation.tex')!);
      const r = await compileTex(dir, 'odd.tex');
      expect(r.errors).toEqual([]);
      expect(r.status).toBe(0);
      expect(r.pdf).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if (!PDFLATEX) describe('gallery .tex files compile with pdflatex', () => {
  it.skip('skipped: pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-lang-korean)', () => {});
});
