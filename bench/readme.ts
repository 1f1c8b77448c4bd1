/**
 * Keeps the README's `## Benchmark` section showing the latest results: the text between the
 * markers below is replaced, the rest of the README is left as it is. If the markers are missing
 * the section is appended. Files are written to a temporary name and renamed into place.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export const START = '<!-- bench:results:start (written by `npm run bench`; edits here are overwritten) -->';
export const END = '<!-- bench:results:end -->';

/** The README text with `body` between the markers. */
export function withResults(readme: string, body: string): string {
  const block = `${START}\n${body.trim()}\n${END}`;
  const i = readme.indexOf(START), j = readme.indexOf(END);
  if (i >= 0 && j > i) return readme.slice(0, i) + block + readme.slice(j + END.length);
  const section = `## Benchmark\n\n\`npm run bench\` measures symgrad's compiled gradients against hand-written JavaScript and TensorFlow.js; see bench/RESULTS.md.\n\n${block}\n`;
  return `${readme.replace(/\s*$/, '')}\n\n${section}`;
}

export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function updateReadme(path: string, body: string): void {
  writeAtomically(path, withResults(readFileSync(path, 'utf8'), body));
}
