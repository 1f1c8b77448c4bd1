/**
 * The `symgrad` command line: dispatches to one module per subcommand. Each command returns its
 * exit code; user mistakes arrive as SymgradError and are printed as one line, never a trace.
 */
import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { SymgradError } from '../errors.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Command {
  readonly summary: string;
  readonly usage: string;
  /** The flags (as node:util parseArgs reads them); shell completion is generated from them. */
  readonly options: Flags;
  run(argv: string[], io: Io): Promise<number> | number;
}

/** A command's flags, as node:util parseArgs reads them. */
export type Flags = NonNullable<ParseArgsConfig['options']>;

export type Loader = () => Promise<Command>;

/** Register commands explicitly, one line each (no side-effect imports): a loader and a one-line description. */
export const COMMANDS: Record<string, readonly [Loader, string]> = {
  diff: [async () => (await import('./diff.js')).diffCommand, 'exact, simplified derivatives of a formula, with LaTeX, values and the chain rule'],
  grad: [async () => (await import('./grad.js')).gradCommand, 'loss, gradient of every weight and bias, and the optimizer step of a network file'],
  compile: [async () => (await import('./compile.js')).compileCommand, 'print the generated gradient code (JS loops or GPU.js kernels) of a network file'],
  derive: [async () => (await import('./derive.js')).deriveCommand, 'write a step-by-step derivation document (Markdown, LaTeX, HTML, JSON; en/ko)'],
  check: [async () => (await import('./check.js')).checkCommand, 'check a hand calculation in a Markdown/LaTeX document and diagnose its slips'],
  completion: [async () => (await import('./completion.js')).completionCommand, 'print a shell completion script (bash or zsh) for symgrad'],
};

const defaultIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

function help(): string {
  return [
    'usage: symgrad <command> [options]       (symgrad --version: the version)',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([c, [, about]]) => `  ${c.padEnd(8)} ${about}`),
    '',
    "Run 'symgrad <command> --help' for a command's options; '-' as a file reads standard input.",
  ].join('\n');
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(version());
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]![0] : undefined;
  if (!load) {
    io.err(`symgrad: unknown command '${name}'\n${help()}`);
    return 2;
  }
  try {
    const cmd = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${cmd.usage}\n\n${cmd.summary}`);
      return 0;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof SymgradError) {
      io.err(`symgrad ${name}: ${e.format()}`);
      return e.exitCode;
    }
    const err = e as { code?: string; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`symgrad ${name}: ${flagMessage(err.message ?? '')}`);
      return 2;
    }
    throw e;
  }
}

/** The package's version, from its package.json (two folders up from src/cli and dist/cli alike). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * node:util parseArgs explains itself over several lines ("Unknown option '--x'. To specify a
 * positional argument …", "argument is ambiguous.\nDid you forget …"): keep the first sentence,
 * so a bad flag is one line like every other mistake.
 */
function flagMessage(message: string): string {
  const first = message.split('\n')[0]!.trim();
  const unknown = /^Unknown option '([^']*)'/.exec(first);
  if (unknown) return `unknown option '${unknown[1]}' (see --help)`;
  const ambiguous = /^Option '([^']*)' argument is ambiguous/.exec(first);
  if (ambiguous) return `${ambiguous[1]}: a value starting with '-' must be written ${ambiguous[1]}=VALUE`;
  return first;
}
