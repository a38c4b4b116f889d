// One shape for everything fox-grade reports about a user's input: a stable code to group and
// test by, a message, what to do about it, and where. `Diagnostic` is plain data (problems and
// warnings travel into JSON reports); `FoxGradeError` is the same thing when it has to be thrown.

/** Where a diagnostic points. Lines and columns are 1-based; `test.index` is the 0-based array index. */
export interface ErrorLocation {
  file: string;
  line?: number;
  col?: number;
  test?: { index: number; name?: string };
}

export interface Diagnostic {
  /** Stable identifier, e.g. `E_TESTFILE_JSON`; reports and tests match on it, never on the wording. */
  code: string;
  /** One human sentence, complete on its own (it names the test when there is one). */
  message: string;
  /** What to do about it. */
  remedy?: string;
  location?: ErrorLocation;
}

export interface FoxGradeErrorOptions {
  cause?: unknown;
  remedy?: string;
  location?: ErrorLocation;
}

export class FoxGradeError extends Error implements Diagnostic {
  override readonly name = 'FoxGradeError';
  readonly code: string;
  readonly remedy?: string;
  readonly location?: ErrorLocation;

  constructor(code: string, message: string, options: FoxGradeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.remedy !== undefined) this.remedy = options.remedy;
    if (options.location !== undefined) this.location = options.location;
  }
}

/** `file:line:col`, `file:line` or `file`; '' without a location. */
export function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return '';
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.col !== undefined) text += `:${location.col}`;
  }
  return text;
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Diagnostic).code === 'string' &&
    typeof (value as Diagnostic).message === 'string'
  );
}

/**
 * CLI form: `file:line:col: message`, then `  remedy: …` and, for a wrapped system error whose
 * text the message does not already carry, `  cause: …` (an EACCES is worth seeing).
 */
export function formatError(error: unknown): string {
  if (!isDiagnostic(error)) return error instanceof Error ? `error: ${error.message}` : `error: ${String(error)}`;
  const where = formatLocation(error.location);
  const lines = [where ? `${where}: ${error.message}` : error.message];
  if (error.remedy) lines.push(`  remedy: ${error.remedy}`);
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && !error.message.includes(cause.message)) lines.push(`  cause: ${cause.message}`);
  return lines.join('\n');
}

/** The one-line message of whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}
