/**
 * `expectKatex(tex)`: the check every test that prints LaTeX runs on what it printed. KaTeX must
 * parse and render the string with throwOnError (any unknown command, unbalanced brace or double
 * superscript fails the test) and trust off (no \href, \includegraphics, … in our output).
 */
import katex from 'katex';
import { expect } from 'vitest';

/** Render `tex` with KaTeX, failing the test with KaTeX's message if it does not render. */
export function expectKatex(tex: string, displayMode = false): string {
  let html = '';
  try {
    html = katex.renderToString(tex, { throwOnError: true, trust: false, displayMode, strict: 'ignore' });
  } catch (e) {
    throw new Error(`KaTeX cannot render ${JSON.stringify(tex)}: ${(e as Error).message}`);
  }
  expect(html).not.toContain('katex-error');
  return html;
}
