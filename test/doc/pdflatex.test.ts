/**
 * Every gallery `.tex` compiles with pdflatex as it is (English with texlive-latex-base and
 * -recommended, Korean with kotex from texlive-lang-korean), in a scratch folder, in
 * nonstop mode so an error fails instead of waiting for input. Skips only when the pdflatex
 * binary is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGallery } from '../../src/render/doc/gallery.js';
import { parseNetwork } from '../../src/nn/load.js';
import { derive, render } from '../../src/render/doc/index.js';

const ROOT = resolve('derivations');
function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const PDFLATEX = which('pdflatex');
const docs = readGallery(ROOT).documents.flatMap((d) =>
  readdirSync(join(ROOT, d.dir)).filter((f) => f.endsWith('.tex')).map((f) => join(d.dir, f)),
);

describe.skipIf(!PDFLATEX)('gallery .tex files compile with pdflatex', () => {
  const dir = mkdtempSync(join(tmpdir(), 'symgrad-tex-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const compile = (name: string) => {
    const r = spawnSync(PDFLATEX!, ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', name], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const errors = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('!'));
    expect(errors, `${name}: ${errors.join(' / ')}`).toEqual([]);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, name.replace(/\.tex$/, '.pdf')))).toBe(true);
  };

  it.each(docs)('%s', (doc) => {
    const name = doc.replace(/[/\\]/g, '__');
    copyFileSync(join(ROOT, doc), join(dir, name));
    compile(name);
  }, 120_000);

  it('escapes every LaTeX special character of a user-given name', () => {
    const text = readFileSync(join(ROOT, 'seed-2-2-1/network.yaml'), 'utf8')
      .replace('name: seed-2-2-1', 'name: "a\\\\b^c~d<e>f|g #1 & 50% $x$ {y} _z"');
    for (const lang of ['en', 'ko'] as const) {
      const tex = render(derive(parseNetwork(text, 'odd.yaml')), 'tex', lang).get('derivation.tex')!;
      writeFileSync(join(dir, `odd-${lang}.tex`), tex);
      compile(`odd-${lang}.tex`);
    }
  }, 120_000);
});

if (!PDFLATEX) describe('gallery .tex files compile with pdflatex', () => {
  it.skip('skipped: pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-lang-korean)', () => {});
});
