/**
 * The formula text and places in it. A formula is split into statements at `;` and line breaks
 * outside brackets (a `#` starts a comment to the end of the line); each statement is parsed on
 * its own, and an offset in it maps back to a 1-based line and column of the whole text. mathjs
 * nodes carry no positions, so the place of a bad token is found by searching the statement for
 * its n-th occurrence, in the order the converter meets them (left to right).
 */
import { SymgradError, type Place } from '../errors.js';
import { readName, symbolText } from '../expr/names.js';

export interface Statement {
  readonly text: string;
  /** Offset of the statement's first character in the whole source. */
  readonly start: number;
}

export interface SourceOptions {
  /** Shown in error messages (default `formula`). */
  readonly file?: string;
  /** Line and column of the source's first character, when it is embedded in a larger file. */
  readonly line?: number;
  readonly column?: number;
}

const OPEN = '([{';
const CLOSE = ')]}';

export class Source {
  private readonly lineStarts: number[] = [0];

  /** The formula with LaTeX-style names rewritten as plain identifiers (see `plainNames`). */
  readonly text: string;

  constructor(
    text: string,
    private readonly opts: SourceOptions = {},
  ) {
    this.text = plainNames(text);
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** The statements, without comments and empty ones. */
  statements(): Statement[] {
    const out: Statement[] = [];
    const src = this.text;
    let depth = 0;
    let quote = '';
    let start = 0;
    let body = '';
    const flush = (end: number) => {
      const lead = body.length - body.trimStart().length;
      const trimmed = body.trim();
      if (trimmed.length > 0) out.push({ text: trimmed, start: start + lead });
      body = '';
      start = end + 1;
    };
    for (let i = 0; i < src.length; i++) {
      const ch = src[i]!;
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") {
        // A quote opens a string only where a value may start (x' is a transpose).
        if (ch === '"' || !/[A-Za-z0-9_)\]]/.test(src[i - 1] ?? '')) quote = ch;
      } else if (OPEN.includes(ch)) depth++;
      else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
      else if (ch === '#') {
        // A comment: blank it out so that offsets keep their meaning.
        const end = src.indexOf('\n', i);
        const stop = end < 0 ? src.length : end;
        body += ' '.repeat(stop - i);
        i = stop - 1;
        continue;
      } else if (depth === 0 && (ch === ';' || ch === '\n')) {
        flush(i);
        continue;
      }
      body += ch;
    }
    flush(src.length);
    return out;
  }

  /** The place of an offset in the whole source. */
  place(offset: number): Place {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1]! <= offset) line++;
    const column = offset - this.lineStarts[line]! + 1;
    const baseLine = this.opts.line ?? 1;
    const baseColumn = line === 0 ? (this.opts.column ?? 1) - 1 : 0;
    return { file: this.opts.file ?? 'formula', line: baseLine + line, column: column + baseColumn };
  }

  /** A user error at an offset of the whole source. */
  error(message: string, offset: number): SymgradError {
    return new SymgradError(message, this.place(offset));
  }
}

/**
 * A name in its LaTeX spelling: an optional decoration or Greek command (`\hat{y}`,
 * `\hat{\bar{x}}`, `\mathcal{L}`, `\sigma`) or a plain word, then a subscript `_1` / `_{12}` /
 * `_{1,2}` and a bracketed superscript `^{(2)}`. Only matches holding `\`, `{` or `^` are rewritten.
 */
const LATEX_NAME = new RegExp(
  String.raw`(?<![A-Za-z0-9_$\\])` +
    String.raw`(?:\\[A-Za-z]+(?:\{(?:\\[A-Za-z]+\{\\?[A-Za-z][A-Za-z0-9]*\}|\\?[A-Za-z][A-Za-z0-9]*)\})?|[A-Za-z][A-Za-z0-9]*)` +
    String.raw`(?:_(?:\{[A-Za-z0-9,_]+\}|[A-Za-z0-9]+))?(?:\^\{\([A-Za-z0-9]+\)\})?`,
  'g',
);

/**
 * Names may be typed as they are printed — `z_{12}`, `\sigma_3`, `\hat{y}`, `\mathcal{L}`,
 * `x_1^{(2)}` — though mathjs reads none of these: each becomes its plain identifier (`z_12`,
 * `sigma_3`, `y_hat`, `L_cal`, `x_1__2`, which the converter maps back to the same canonical IR
 * name), padded with spaces to the same length so that every later offset, and so every line
 * and column in a message, still points into the text the user wrote. Anything else with a
 * backslash (`\frac`, `\cdot`) is left for mathjs to reject.
 */
export function plainNames(text: string): string {
  return text.replace(LATEX_NAME, (m) => {
    if (!/[\\{^]/.test(m) || readName(m) === undefined) return m;
    const plain = symbolText(m);
    return plain.length <= m.length ? plain.padEnd(m.length, ' ') : m;
  });
}

/** Offset (in the statement) of the n-th match of `pattern` (global flag not needed), or 0. */
export function findNth(stmt: Statement, pattern: RegExp, nth = 0): number {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(stmt.text)) !== null) {
    if (k === nth) return m.index;
    k++;
    if (m[0].length === 0) re.lastIndex++;
  }
  return 0;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for an identifier standing alone (not part of a longer name). */
export function identPattern(name: string, call = false): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_$])${escape(name)}(?![A-Za-z0-9_$])${call ? '(?=\\s*\\()' : ''}`);
}

/** A pattern for a literal token such as `%` or `[`. */
export function literalPattern(token: string): RegExp {
  return new RegExp(escape(token));
}
