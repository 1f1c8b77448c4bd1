/**
 * Field readers for located values: each takes a located value and what is expected of it, and
 * either returns a plain TypeScript value or throws a SymgradError naming the file, the line and
 * the field path (`net.yaml:7: layers[2].weight: expected 1×2, got 2×2`). NaN and ±Infinity —
 * including YAML's `.nan` and `.inf` — are refused wherever a number is expected, strings that
 * merely look like numbers are refused too, and maps reject keys they do not know.
 */
import { SymgradError } from '../errors.js';
import { CONTROL, codePoint } from '../text.js';
import { childPath, type Loc, type LocMap } from './located.js';

export class Checker {
  constructor(readonly file?: string) {}

  fail(at: { path: string; line?: number }, message: string): never {
    throw new SymgradError(message, { file: this.file, line: at.line, field: at.path || undefined });
  }

  /** A map whose keys must all be in `allowed`. */
  map(loc: Loc, allowed: readonly string[], what = 'a map'): Fields {
    if (loc.kind !== 'map') this.fail(loc, `expected ${what}, got ${describe(loc)}`);
    for (const [key, v] of loc.entries) {
      if (!allowed.includes(key)) {
        this.fail(v, `unknown key '${key}' (known keys here: ${allowed.join(', ')})`);
      }
    }
    return new Fields(this, loc);
  }

  number(loc: Loc, opts: NumberOpts = {}): number {
    if (loc.kind !== 'scalar' || typeof loc.value !== 'number') {
      const looksNumeric = loc.kind === 'scalar' && typeof loc.value === 'string' && /^\s*[-+]?(nan|inf|infinity)\s*$/i.test(loc.value);
      this.fail(loc, looksNumeric ? `${describe(loc)} is not allowed: expected a finite number` : `expected a number, got ${describe(loc)}`);
    }
    const v = loc.value;
    if (Number.isNaN(v)) this.fail(loc, `NaN is not allowed (${loc.source ?? 'NaN'}): expected a finite number`);
    if (!Number.isFinite(v)) this.fail(loc, `infinity is not allowed (${loc.source ?? String(v)}): expected a finite number`);
    if (opts.integer && !Number.isInteger(v)) this.fail(loc, `expected an integer, got ${v}`);
    if (opts.min !== undefined && v < opts.min) this.fail(loc, `must be at least ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail(loc, `must be at most ${opts.max}, got ${v}`);
    if (opts.above !== undefined && !(v > opts.above)) this.fail(loc, `must be greater than ${opts.above}, got ${v}`);
    if (opts.below !== undefined && !(v < opts.below)) this.fail(loc, `must be less than ${opts.below}, got ${v}`);
    return v;
  }

  boolean(loc: Loc): boolean {
    if (loc.kind !== 'scalar' || typeof loc.value !== 'boolean') this.fail(loc, `expected true or false, got ${describe(loc)}`);
    return loc.value;
  }

  string(loc: Loc): string {
    if (loc.kind !== 'scalar' || typeof loc.value !== 'string') this.fail(loc, `expected a string, got ${describe(loc)}`);
    // "\e[31m" in a double-quoted YAML string is a real escape character: never let it through
    const control = CONTROL.exec(loc.value);
    if (control) this.fail(loc, `control character ${codePoint(control[0])} is not allowed in a string`);
    return loc.value;
  }

  /** One of a fixed set of names; the message lists them. */
  oneOf<T extends string>(loc: Loc, known: readonly T[], what: string): T {
    if (loc.kind !== 'scalar' || typeof loc.value !== 'string') this.fail(loc, `expected a ${what} name, got ${describe(loc)}`);
    const name = loc.value;
    if (!(known as readonly string[]).includes(name)) this.fail(loc, `unknown ${what} '${name}' (known: ${known.join(', ')})`);
    return name as T;
  }

  list(loc: Loc, what = 'a list'): readonly Loc[] {
    if (loc.kind !== 'seq') this.fail(loc, `expected ${what}, got ${describe(loc)}`);
    return loc.items;
  }

  /** A list of numbers, of length `n` when given. */
  vector(loc: Loc, n?: number, opts: NumberOpts = {}): number[] {
    const items = this.list(loc, n === undefined ? 'a list of numbers' : `a list of ${n} numbers`);
    if (n !== undefined && items.length !== n) this.fail(loc, `expected ${n} number${n === 1 ? '' : 's'}, got ${items.length}`);
    return items.map((it) => this.number(it, opts));
  }

  /** A rows × cols matrix (list of rows); either size may be left open. */
  matrix(loc: Loc, rows?: number, cols?: number, opts: NumberOpts = {}): number[][] {
    const want = `${rows ?? 'n'}×${cols ?? 'm'}`;
    if (loc.kind !== 'seq') this.fail(loc, `expected a ${want} matrix (a list of rows), got ${describe(loc)}`);
    const fast = loc.rows && compactMatrix(loc.rows, rows, cols, opts);
    if (fast) return fast;
    const items = loc.items;
    if (items.length === 0) this.fail(loc, `expected a ${want} matrix, got an empty list`);
    const shapeOf = (it: Loc) => (it.kind === 'seq' ? it.items.length : undefined);
    const widths = items.map(shapeOf);
    const gotCols = widths[0];
    const rectangular = widths.every((w) => w !== undefined && w === gotCols);
    if (rectangular && ((rows !== undefined && items.length !== rows) || (cols !== undefined && gotCols !== cols))) {
      this.fail(loc, `expected ${want}, got ${items.length}×${gotCols}`);
    }
    if (rows !== undefined && items.length !== rows) this.fail(loc, `expected ${rows} row${rows === 1 ? '' : 's'}, got ${items.length}`);
    const width = cols ?? gotCols;
    return items.map((row) => {
      if (row.kind !== 'seq') this.fail(row, `expected a row (a list of numbers), got ${describe(row)}`);
      if (width !== undefined && row.items.length !== width) {
        this.fail(row, `expected a row of ${width} number${width === 1 ? '' : 's'}, got ${row.items.length}`);
      }
      return row.items.map((it) => this.number(it, opts));
    });
  }
}

export interface NumberOpts {
  integer?: boolean;
  min?: number;
  max?: number;
  above?: number;
  below?: number;
}

/** The fields of one map, read by name; `required` reports a missing field at the map's line. */
export class Fields {
  constructor(private readonly c: Checker, readonly loc: LocMap) {}

  get(key: string): Loc | undefined {
    return this.loc.entries.get(key);
  }

  has(key: string): boolean {
    return this.loc.entries.has(key);
  }

  required(key: string, what?: string): Loc {
    const v = this.loc.entries.get(key);
    if (v === undefined) {
      this.c.fail({ path: childPath(this.loc.path, key), line: this.loc.line }, `missing field '${key}'${what ? ` (${what})` : ''}`);
    }
    return v;
  }

  number(key: string, fallback: number, opts: NumberOpts = {}): number {
    const v = this.get(key);
    return v === undefined ? fallback : this.c.number(v, opts);
  }

  /** The index of a named option (`approximate: tanh`; a flag `full: true`) among `choices`. */
  choice(key: string, choices: readonly string[], fallback: number): number {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const flag = v.kind === 'scalar' && typeof v.value === 'boolean' ? String(v.value) : undefined;
    if (flag !== undefined && choices.includes(flag)) return choices.indexOf(flag);
    // the index itself, as the API builders and resolved specs carry it (approximate: 1)
    if (v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value) && v.value >= 0 && v.value < choices.length) return v.value;
    return choices.indexOf(this.c.oneOf(v, choices, `'${key}' option`));
  }
}

/** How a located value reads in a message: `a list`, `the string 'abc'`, `true`. */
export function describe(loc: Loc): string {
  if (loc.kind === 'map') return 'a map';
  if (loc.kind === 'seq') return `a list of ${loc.items.length}`;
  const v = loc.value;
  if (v === null) return 'nothing';
  if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return String(v);
}

/**
 * Rows read by JSON.parse, checked in one pass without located nodes: the rows themselves when
 * every one has the expected width and every number passes `opts`; otherwise undefined, and the
 * located walk finds the first problem and names it.
 */
function compactMatrix(rows: readonly (readonly number[])[], n: number | undefined, cols: number | undefined, opts: NumberOpts): number[][] | undefined {
  if (rows.length === 0 || (n !== undefined && rows.length !== n)) return undefined;
  const width = cols ?? rows[0]!.length;
  for (const row of rows) {
    if (row.length !== width) return undefined;
    for (const v of row) {
      if (!Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) ||
        (opts.max !== undefined && v > opts.max) || (opts.above !== undefined && !(v > opts.above)) ||
        (opts.below !== undefined && !(v < opts.below))) return undefined;
    }
  }
  return rows.map((row) => row.slice());
}
