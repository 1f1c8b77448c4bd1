/**
 * User-facing errors. Anything the user got wrong (a file, a flag, a formula) is reported as a
 * SymgradError naming the place — file, line, column, field path — and the CLI turns it into a
 * one-line message and an exit code, never a stack trace.
 */
export interface Place {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** A field path such as `layers[2].weight`. */
  readonly field?: string;
}

export class SymgradError extends Error {
  constructor(
    message: string,
    readonly place: Place = {},
    /** Process exit code: 2 for unusable input. */
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'SymgradError';
  }

  /**
   * `file:line:col: field: message`, omitting what is unknown — always one line: a line break
   * or other control character quoted from the input is shown escaped (`\n`, `\x1b`).
   */
  format(): string {
    const { file, line, column, field } = this.place;
    const where = [file, line, line !== undefined ? column : undefined].filter((p) => p !== undefined).join(':');
    const head = where ? `${where}: ` : '';
    return escapeControl(`${head}${field ? `${field}: ` : ''}${this.message}`, true);
  }
}

/**
 * The one escaping rule for text bound for a terminal: every raw control character (C0, DEL,
 * C1) is written visibly as `\xNN` — except tab and line feed, kept unless `oneLine`.
 */
export function escapeControl(s: string, oneLine = false): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    if (ch === '\t') return oneLine ? ' ' : ch;
    if (ch === '\n') return oneLine ? '\\n' : ch;
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

export function isSymgradError(e: unknown): e is SymgradError {
  return e instanceof SymgradError;
}
