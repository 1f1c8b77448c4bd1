/**
 * Located values: a parsed network file as a small tree in which every map, list and scalar
 * remembers its field path (`layers[2].weight`) and its line in the file, so that validation can
 * say exactly where a mistake is. YAML and JSON are read with the `yaml` package (JSON is a
 * subset of YAML 1.2); objects built in code (the PyTorch-style API) become the same tree with no
 * lines, so one validator serves files and code alike. Duplicate keys are reported here, with
 * the line of both occurrences.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YNode } from 'yaml';
import { SymgradError } from '../errors.js';

export type Scalar = string | number | boolean | null;

interface Base {
  /** Field path from the root, e.g. `layers[2].weight[1]` ('' for the root). */
  readonly path: string;
  /** 1-based line in the file, when the value came from a file. */
  readonly line?: number;
}
export interface LocMap extends Base {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, Loc>;
}
export interface LocSeq extends Base {
  readonly kind: 'seq';
  readonly items: readonly Loc[];
  /**
   * A list of lists of numbers read by JSON.parse (data rows), kept as it came: `items` is built
   * only when something asks for it (a message naming one cell), so a million rows cost no
   * million located nodes and paths.
   */
  readonly rows?: readonly (readonly number[])[];
}
export interface LocScalar extends Base {
  readonly kind: 'scalar';
  readonly value: Scalar;
  /** The text as written in the file (`.nan`, `"1.5"`), when known. */
  readonly source?: string;
}
export type Loc = LocMap | LocSeq | LocScalar;

export const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/** Parse YAML or JSON text into a located tree; syntax errors and duplicate keys are SymgradErrors. */
export function parseLocated(text: string, file: string): Loc {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    // the yaml package composes nested collections recursively
    if (e instanceof RangeError) throw new SymgradError('the file is nested too deeply to read', { file });
    throw e;
  }
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    if (/call stack/i.test(first.message)) throw new SymgradError('the file is nested too deeply to read', { file, line: pos.line, column: pos.col });
    const msg = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new SymgradError(`not valid YAML/JSON: ${msg}`, { file, line: pos.line, column: pos.col });
  }
  if (doc.contents === null) throw new SymgradError('the file is empty', { file, line: 1 });
  return fromYaml(doc, doc.contents as YNode, '', file, text, lineOf, 0, aliasBudget(text.length));
}

/**
 * Aliases (`*a`) are expanded as the tree is built, so a few lines of nested aliases can stand
 * for billions of values (an "alias bomb"). Expansion is bounded: all values together, counting
 * every alias's expansion, may number at most a few times the file's characters.
 */
interface Budget {
  left: number;
  readonly max: number;
  readonly targets: Map<YNode, YNode | null>;
}
const aliasBudget = (chars: number): Budget => ({ left: 2 * chars + 10_000, max: 2 * chars + 10_000, targets: new Map() });

function fromYaml(
  doc: Document,
  node: YNode | null,
  path: string,
  file: string,
  text: string,
  lineOf: (o: number | undefined) => number | undefined,
  depth: number,
  budget: Budget,
): Loc {
  if (depth > 64) throw new SymgradError('the file is nested too deeply (more than 64 levels)', { file, field: path || undefined });
  if (--budget.left < 0) {
    throw new SymgradError(`YAML aliases expand to more than ${budget.max} values (an alias bomb?); write the values out or use fewer aliases`, {
      file, line: node && !isAlias(node) ? lineOf(node.range?.[0]) : undefined, field: path || undefined,
    });
  }
  if (node === null) return { kind: 'scalar', value: null, path };
  if (isAlias(node)) {
    // Resolving searches the whole document: once per alias node.
    let target = budget.targets.get(node);
    if (target === undefined) budget.targets.set(node, (target = (node.resolve(doc) ?? null) as YNode | null));
    return fromYaml(doc, target, path, file, text, lineOf, depth + 1, budget);
  }
  const line = lineOf(node.range?.[0]);
  if (isMap(node)) {
    const entries = new Map<string, Loc>();
    const lines = new Map<string, number | undefined>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YNode | null;
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const keyLine = keyNode && !isAlias(keyNode) ? lineOf(keyNode.range?.[0]) : line;
      const field = childPath(path, key);
      if (entries.has(key)) {
        const firstLine = lines.get(key);
        throw new SymgradError(`duplicate key '${key}'${firstLine !== undefined ? ` (first given on line ${firstLine})` : ''}`, {
          file, line: keyLine, field,
        });
      }
      lines.set(key, keyLine);
      const value = pair.value as YNode | null;
      const loc = fromYaml(doc, value, field, file, text, lineOf, depth + 1, budget);
      // A missing value (`bias:`) is located at its key.
      entries.set(key, loc.line === undefined ? { ...loc, line: keyLine } : loc);
    }
    return { kind: 'map', entries, path, line };
  }
  if (isSeq(node)) {
    const items = node.items.map((item, i) => {
      const loc = fromYaml(doc, item as YNode | null, childPath(path, i), file, text, lineOf, depth + 1, budget);
      return loc.line === undefined ? { ...loc, line } : loc;
    });
    return { kind: 'seq', items, path, line };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value: Scalar = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null ? v : String(v);
    const source = node.range ? text.slice(node.range[0], node.range[1]) : undefined;
    return { kind: 'scalar', value, path, line, source };
  }
  throw new SymgradError('unsupported YAML node', { file, line, field: path });
}

/** A value built in code (or read by JSON.parse) as a located tree without lines. */
export function fromPlain(value: unknown, path = '', depth = 0): Loc {
  if (depth > 64) throw new SymgradError('the network is nested too deeply (more than 64 levels)', { field: path || undefined });
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return fromPlain(Array.from(value as unknown as ArrayLike<number>), path, depth);
  if (Array.isArray(value)) {
    if (isNumberRows(value)) return lazyRows(value, path, depth);
    return { kind: 'seq', items: value.map((v, i) => fromPlain(v, childPath(path, i), depth + 1)), path };
  }
  if (value !== null && typeof value === 'object') {
    const entries = new Map<string, Loc>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) entries.set(k, fromPlain(v, childPath(path, k), depth + 1));
    }
    return { kind: 'map', entries, path };
  }
  if (value === undefined || value === null) return { kind: 'scalar', value: null, path };
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return { kind: 'scalar', value, path };
  return { kind: 'scalar', value: String(value), path };
}

/** More than this many rows of numbers are kept compact (smaller lists are cheap either way). */
const COMPACT_ROWS = 1024;

function isNumberRows(value: readonly unknown[]): value is number[][] {
  if (value.length <= COMPACT_ROWS) return false;
  for (const row of value) {
    if (!Array.isArray(row)) return false;
    for (const v of row) if (typeof v !== 'number') return false;
  }
  return true;
}

/** A seq of rows whose located items are made on first use (then kept). */
function lazyRows(rows: number[][], path: string, depth: number): LocSeq {
  let items: Loc[] | undefined;
  return {
    kind: 'seq', path, rows,
    get items() {
      return (items ??= rows.map((v, i) => fromPlain(v, childPath(path, i), depth + 1)));
    },
  };
}
