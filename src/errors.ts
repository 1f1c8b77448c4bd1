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

  /** `file:line:col: field: message`, omitting what is unknown. */
  format(): string {
    const { file, line, column, field } = this.place;
    const where = [file, line, line !== undefined ? column : undefined].filter((p) => p !== undefined).join(':');
    const head = where ? `${where}: ` : '';
    return `${head}${field ? `${field}: ` : ''}${this.message}`;
  }
}

export function isSymgradError(e: unknown): e is SymgradError {
  return e instanceof SymgradError;
}
