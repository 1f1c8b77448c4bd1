#!/usr/bin/env node
// Entry point of the `symgrad` command: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { escapeControl } = await import('../src/output.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // A bug in symgrad, not a user mistake: say so briefly, with the trace only on request.
  process.stderr.write(`symgrad: internal error: ${escapeControl(String(e instanceof Error ? e.message : e))}\n`);
  if (process.env.SYMGRAD_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
  process.exitCode = 70;
}
