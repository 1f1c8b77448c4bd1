#!/usr/bin/env node
// Entry point of the `symgrad` command. The installed package runs the built JavaScript in
// dist/; a development checkout (src/ present, tsx installed) runs the TypeScript sources
// through tsx, so edits take effect without a build (SYMGRAD_DIST=1 forces dist/ there too).
import { existsSync } from 'node:fs';

const dev = !process.env.SYMGRAD_DIST && existsSync(new URL('../src/cli/main.ts', import.meta.url));
let main;
if (dev) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // A bug in symgrad, not a user mistake: say so briefly, with the trace only on request.
  process.stderr.write(`symgrad: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.SYMGRAD_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
  process.exitCode = 70;
}
