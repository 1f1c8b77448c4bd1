/**
 * The gallery in derivations/: regenerated in the test run and compared with what is committed
 * (run `npm run derivations` after a deliberate change), and every formula of every committed
 * Markdown and LaTeX document rendered with KaTeX (throwOnError, strict).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { galleryFiles, readGallery } from '../../src/render/doc/gallery-node.js';
import { renderMath } from '../../src/render/doc/katex.js';

const ROOT = 'derivations';
let expected: Map<string, string>;

beforeAll(() => {
  expected = galleryFiles(ROOT);
}, 120_000);

/** Display and inline formulas of a Markdown document. */
function markdownFormulas(md: string): { tex: string; display: boolean }[] {
  const body = md.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/`[^`\n]*`/g, '');
  const display = [...body.matchAll(/\$\$\n([\s\S]*?)\n\$\$/g)].map((m) => ({ tex: m[1]!, display: true }));
  const rest = body.replace(/\$\$\n[\s\S]*?\n\$\$/g, '').replace(/<svg[\s\S]*?<\/svg>/g, '');
  const inline = [...rest.matchAll(/(?<!\\)\$([^$\n]+?)(?<!\\)\$/g)].map((m) => ({ tex: m[1]!, display: false }));
  return [...display, ...inline];
}

/** Display and inline formulas of a LaTeX document. */
function texFormulas(tex: string): { tex: string; display: boolean }[] {
  const display = [...tex.matchAll(/\\\[\n([\s\S]*?)\n\\\]/g)].map((m) => ({ tex: m[1]!, display: true }));
  const rest = tex.replace(/\\\[\n[\s\S]*?\n\\\]/g, '');
  const inline = [...rest.matchAll(/(?<!\\)\$([^$]+?)(?<!\\)\$/g)].map((m) => ({ tex: m[1]!, display: false }));
  return [...display, ...inline];
}

describe('gallery', () => {
  it('lists at least six networks, the seed also in Korean', () => {
    const g = readGallery(ROOT);
    expect(g.documents.length).toBeGreaterThanOrEqual(6);
    expect(g.documents.find((d) => d.dir === 'seed-2-2-1')?.langs).toContain('ko');
    for (const d of g.documents) {
      for (const ext of ['md', 'html', 'tex']) expect(expected.has(join(d.dir, `derivation.${ext}`)), `${d.dir} ${ext}`).toBe(true);
    }
  });

  it('matches what the code generates now (run `npm run derivations` after a deliberate change)', () => {
    const stale: string[] = [];
    for (const [rel, text] of expected) {
      let committed: string | undefined;
      try {
        committed = readFileSync(join(ROOT, rel), 'utf8');
      } catch {
        committed = undefined;
      }
      if (committed !== text) stale.push(rel);
    }
    expect(stale, 'documents that differ from the generator').toEqual([]);
    // and no generated file is left over from an older gallery
    for (const d of readGallery(ROOT).documents) {
      for (const f of readdirSync(join(ROOT, d.dir))) {
        if (f.startsWith('derivation')) expect(expected.has(join(d.dir, f)), `stray file ${d.dir}/${f}`).toBe(true);
      }
    }
  });

  it('renders every formula of every Markdown and LaTeX document with KaTeX', () => {
    let count = 0;
    for (const [rel, text] of expected) {
      const found = rel.endsWith('.md') ? markdownFormulas(text) : rel.endsWith('.tex') ? texFormulas(text) : [];
      if (rel.endsWith('.md') || rel.endsWith('.tex')) expect(found.length, rel).toBeGreaterThan(20);
      for (const f of found) {
        expect(() => renderMath(f.tex, f.display), `${rel}: ${f.tex}`).not.toThrow();
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(500);
  });

  it('writes Markdown that GitHub, Jekyll and Obsidian read: front matter, $$ blocks apart, aligned only', () => {
    for (const [rel, text] of expected) {
      if (!rel.endsWith('.md')) continue;
      expect(text).toMatch(/^---\ntitle: ".+"\nexcerpt: ".+"\ncategories:\n {2}- AI\ndate: 2024-12-31\nuse_math: true\n---\n/);
      expect(text).not.toMatch(/align\*|\\begin\{align\}/);
      // every $$ opens and closes on its own line, with a blank line before and after the block
      const lines = text.split('\n');
      lines.forEach((l, i) => {
        if (l.includes('$$')) expect(l, `${rel}:${i + 1}`).toBe('$$');
      });
      for (const m of text.matchAll(/\n\$\$\n[\s\S]*?\n\$\$\n/g)) {
        expect(text[m.index! - 1], rel).toBe('\n');
        expect(text[m.index! + m[0].length] ?? '\n', rel).toBe('\n');
      }
    }
  });

  it('keeps every HTML page self-contained: no script, no external URL, fonts inlined', () => {
    for (const [rel, text] of expected) {
      if (!rel.endsWith('.html')) continue;
      expect(text).not.toMatch(/<script/i);
      expect(text).not.toMatch(/(src|href)="https?:/);
      expect(text).not.toMatch(/url\(fonts\//);
      expect(text).toContain('data:font/woff2;base64,');
      expect(text).not.toContain('katex-error');
    }
  });
});
