/**
 * Resource limits, decided before work starts. symgrad estimates what a request needs from its
 * sizes (parameters, batch, widths, steps) and refuses what would not fit with one line saying
 * what it would need and how to raise the limit, instead of running until the machine kills it.
 * Limits come from, in order: a command-line flag (`--max-memory 8G`, `--max-input 256M`, read by
 * src/cli/main.ts for every command), an environment variable (SYMGRAD_MAX_MEMORY,
 * SYMGRAD_MAX_INPUT), or the defaults below. docs/limits.md lists every limit.
 */
import { SymgradError, type Place } from './errors.js';

type NodeProcess = { env: Record<string, string | undefined>; getBuiltinModule?: (name: string) => unknown };
/** Node's process, absent in a browser (this module is part of the browser bundle). */
const nodeProcess = (globalThis as { process?: NodeProcess }).process;

/** V8's heap limit where Node tells it (node:v8, loaded without a static import); 4 GiB elsewhere. */
function heapLimit(): number {
  const v8 = nodeProcess?.getBuiltinModule?.('node:v8') as { getHeapStatistics(): { heap_size_limit: number } } | undefined;
  return v8?.getHeapStatistics().heap_size_limit ?? 4 * 2 ** 30;
}

const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** `512M`, `4G`, `1.5G`, `1000000` (bytes) → bytes; undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * UNITS[m[2]!.toUpperCase()]!;
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : undefined;
}

/** Bytes as a person reads them: `1.5 GB`, `64 MB`, `512 KB`. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['TB', 2 ** 40], ['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10]] as const) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(2))} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

interface Limit {
  readonly flag: string;
  readonly env: string;
  readonly fallback: () => number;
  set?: number;
}

/**
 * Memory defaults to the JavaScript heap this process may grow to (node's --max-old-space-size,
 * about 4 GB on a 64-bit machine with enough memory), so a refused request is one that would
 * have crashed with "heap out of memory".
 */
const LIMITS = {
  memory: { flag: '--max-memory', env: 'SYMGRAD_MAX_MEMORY', fallback: () => heapLimit() } as Limit,
  input: { flag: '--max-input', env: 'SYMGRAD_MAX_INPUT', fallback: () => 64 * 2 ** 20 } as Limit,
};
export type LimitName = keyof typeof LIMITS;

/** Set a limit from its command-line flag's value. */
export function setLimit(name: LimitName, text: string): void {
  const bytes = parseSize(text);
  if (bytes === undefined) throw new SymgradError(`${LIMITS[name].flag}: expected a size such as 512M or 8G, got '${text}'`);
  LIMITS[name].set = bytes;
}

/** Forget limits set by flags (tests run several commands in one process). */
export function resetLimits(): void {
  for (const l of Object.values(LIMITS)) delete (l as Limit).set;
}

/** The limit in bytes: the flag's value, else the environment variable's, else the default. */
export function limit(name: LimitName): number {
  const l = LIMITS[name];
  if (l.set !== undefined) return l.set;
  const env = nodeProcess?.env[l.env];
  if (env !== undefined && env !== '') {
    const bytes = parseSize(env);
    if (bytes === undefined) throw new SymgradError(`${l.env}: expected a size such as 512M or 8G, got '${env}'`);
    return bytes;
  }
  return l.fallback();
}

/** How to raise a limit, for messages. */
export function howToRaise(name: LimitName, need: number): string {
  const suggest = formatSize(Math.max(need * 1.25, 2 ** 20)).replace(/\.\d+/, '').replace(/ (.)B$/, '$1').replace(' bytes', '');
  const l = LIMITS[name];
  return `raise it with ${l.flag} ${suggest} or ${l.env}=${suggest}`;
}

/** Refuse, before doing it, work that needs more than the memory limit. */
export function requireMemory(need: number, what: string, place: Place = {}): void {
  const max = limit('memory');
  if (need <= max) return;
  const heap = heapLimit();
  const node = need > heap ? ` (and node's heap: NODE_OPTIONS=--max-old-space-size=${Math.ceil((need * 1.25) / 2 ** 20)})` : '';
  throw new SymgradError(
    `${what} needs about ${formatSize(need)} of memory, more than the limit of ${formatSize(max)}; ${howToRaise('memory', need)}${node}`,
    place,
  );
}

/**
 * Modules (layers and activations) a network may have. Every view walks the network layer by
 * layer and 1,000 run in seconds; 5,000 take minutes for no purpose a file of this tool serves.
 */
export const MAX_LAYERS = 1000;

/** Training steps a command accepts at most (a typo like 1000000000 is refused, not run for days). */
export const MAX_STEPS = 1_000_000;

/** Bytes of one parameter or activation held as a float64 in a JS array or typed array. */
const F64 = 8;
/**
 * Copies of the parameters alive during training: the spec's weights, the flat vector, its
 * state dicts before and after, the gradient (flat and as a state dict), optimizer state (up to
 * two for Adam) and the interpreter's temporaries.
 */
const PARAM_COPIES = 10;
/** Copies of each activation: forward value, its adjoint, the interpreter's temporaries, the report. */
const ACTIVATION_COPIES = 6;

/** The memory a network of these sizes needs to be loaded and trained, in bytes. */
export function networkMemory(widths: readonly number[], batch: number): number {
  let params = 0;
  let activations = widths[0]! * batch;
  for (let i = 1; i < widths.length; i++) {
    params += widths[i - 1]! * widths[i]! + widths[i]!;
    activations += widths[i]! * batch;
  }
  return F64 * (PARAM_COPIES * params + ACTIVATION_COPIES * activations);
}
