/** Run the CLI in-process (main), capturing stdout, stderr and the exit code; and scratch files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.js';

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += `${s}\n`; }, err: (s) => { err += `${s}\n`; } };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A fresh scratch folder. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'symgrad-rel-'));

/** Write `text` to `name` in a fresh scratch folder and return its path. */
export function file(name: string, text: string | Uint8Array): string {
  const path = join(scratch(), name);
  writeFileSync(path, text);
  return path;
}

/** The seed network (derivations/seed-2-2-1) with changes. */
export const SEED = [
  'name: seed-2-2-1',
  'layers:',
  '  - {type: linear, in: 2, out: 2, weight: [[0.4352, 0.3545], [0.1951, 0.4835]], bias: [-0.1419, 0.0439]}',
  '  - {type: sigmoid}',
  '  - {type: linear, in: 2, out: 1, weight: [[-0.1725, 0.1129]], bias: [-0.3043]}',
  '  - {type: sigmoid}',
  'loss: {type: bce}',
  'optimizer: {type: sgd, lr: 1}',
  'data:',
  '  x: [[1, 1]]',
  '  y: [[0]]',
  '',
].join('\n');

/** One line on stderr, exit 2, no stack trace. */
export function oneLine(r: Run): string {
  const lines = r.err.trimEnd().split('\n');
  if (lines.length !== 1 || / at .*\(.*:\d+:\d+\)/.test(r.err)) throw new Error(`expected one line on stderr, got:\n${r.err}`);
  return lines[0]!;
}
