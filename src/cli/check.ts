/**
 * `symgrad check <doc.md|doc.tex> [--model network.yaml] [--x 1,1 --y 0] [--json] [--tolerance auto|<abs>]`:
 * read a worked example and report, line by line, which equations hold and which do not, and
 * why. `symgrad check --claims answers.yaml --model network.yaml` grades a file of
 * `symbol: value` answers. Exit status: 0 when no error is found, 1 when one is, 2 on unusable
 * input (a missing file, a bad flag, a network file with mistakes).
 */
import { parseArgs } from 'node:util';
import { SymgradError } from '../errors.js';
import { displayName, readTextFile as readText } from '../files-node.js';
import { checkClaims, checkDocument, formatJson, formatReport, type Report } from '../check/index.js';
import { buildTruth } from '../check/truth.js';
import { loadNetworkFile } from '../nn/load-node.js';
import type { Command, Flags, Io } from './main.js';

const USAGE = [
  'usage: symgrad check <doc.md|doc.tex> [--model network.yaml] [--x 1,1 --y 0] [--json] [--tolerance auto|<abs>]',
  '       symgrad check --claims answers.yaml --model network.yaml [--json]',
].join('\n');

const OPTIONS = {
  model: { type: 'string' }, json: { type: 'boolean' }, tolerance: { type: 'string' },
  x: { type: 'string' }, y: { type: 'string' }, claims: { type: 'string' },
} as const satisfies Flags;

export const checkCommand: Command = {
  summary: [
    'Check the hand calculations of a worked example: arithmetic (each step of a chain, within the',
    'rounding of the printed numbers), consistency (a symbol keeps its value) and, with a model, truth',
    '(z_i, σ_i, W_i, b_i, ŷ, 𝓛, ∂𝓛/∂W_i, W_i(t+1) against symgrad\'s exact values).',
    '  --model FILE      the network (otherwise the document\'s PyTorch code block is read)',
    '  --x 1,1 --y 0     the input and target (otherwise read from the code or the text)',
    '  --tolerance T     auto (from the printed decimals, default) or an absolute tolerance',
    '  --claims FILE     check a YAML file of symbol: value answers against --model',
    '  --json            print the report as JSON',
  ].join('\n'),
  usage: USAGE,
  options: OPTIONS,
  run(argv: string[], io: Io): number {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    const tolerance = parseTolerance(values.tolerance);
    const x = values.x === undefined ? undefined : numbers(values.x, '--x');
    const y = values.y === undefined ? undefined : numbers(values.y, '--y');
    let report: Report;
    if (values.claims !== undefined) {
      if (positionals.length > 0) throw new SymgradError('--claims takes no document (see symgrad check --help)');
      if (values.model === undefined) throw new SymgradError('--claims needs --model network.yaml to check the answers against');
      const spec = loadNetworkFile(values.model);
      const single = { ...spec, data: { x: [x ?? spec.data.x[0]!], y: [y ?? spec.data.y[0]!] } };
      report = checkClaims(readText(values.claims), displayName(values.claims), buildTruth(single));
    } else {
      if (positionals.length !== 1) throw new SymgradError(`expected one document, got ${positionals.length} (usage: symgrad check <doc.md|doc.tex> [options]; see symgrad check --help)`);
      const file = positionals[0]!;
      const spec = values.model === undefined ? undefined : loadNetworkFile(values.model);
      report = checkDocument(readText(file), displayName(file), {
        ...(spec ? { spec } : {}), ...(x ? { x } : {}), ...(y ? { y } : {}), ...(tolerance !== undefined ? { tolerance } : {}),
      });
    }
    io.out(values.json ? formatJson(report) : formatReport(report));
    return report.summary.failed > 0 ? 1 : 0;
  },
};

function parseTolerance(s: string | undefined): number | undefined {
  if (s === undefined || s === 'auto') return undefined;
  const v = Number(s);
  if (!/^\s*(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i.test(s) || !Number.isFinite(v)) {
    throw new SymgradError(`--tolerance: expected 'auto' or a number ≥ 0, got '${s}'`);
  }
  return v;
}

function numbers(s: string, flag: string): number[] {
  const parts = s.replace(/^\[|\]$/g, '').split(',').map((p) => p.trim());
  const out = parts.map(Number);
  if (parts.some((p) => p === '' || !Number.isFinite(Number(p)))) throw new SymgradError(`${flag}: expected numbers separated by commas, got '${s}'`);
  return out;
}
