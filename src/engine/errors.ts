/**
 * Errors the engine raises. Each carries what a user needs to act on it: the
 * file, line and column for a load, the SQL for a query.
 */

/** A file could not be loaded. The message names the file and says what to try. */
export class LoadError extends Error {
  override name = 'LoadError';
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  readonly hint?: string;
  constructor(file: string, reason: string, opts: { line?: number; column?: string; hint?: string; cause?: unknown } = {}) {
    const where = [opts.line !== undefined ? `line ${opts.line}` : '', opts.column !== undefined ? `column "${opts.column}"` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${where ? `, ${where}` : ''}: ${reason}${opts.hint ? ` — ${opts.hint}` : ''}`, { cause: opts.cause });
    this.file = file;
    this.line = opts.line;
    this.column = opts.column;
    this.hint = opts.hint;
  }
}

/** DuckDB refused or failed a query. Keeps the SQL and the engine's own message. */
export class QueryError extends Error {
  override name = 'QueryError';
  readonly sql: string;
  constructor(message: string, sql: string, cause?: unknown) {
    super(message, { cause });
    this.sql = sql;
  }
}

/** The user (or a newer request) cancelled the operation. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(what = 'The query') {
    super(`${what} was cancelled.`);
  }
}

/** The engine itself failed: could not start, crashed, or stopped answering. */
export class EngineError extends Error {
  override name = 'EngineError';
  readonly kind: 'start' | 'crashed' | 'unresponsive' | 'invalidated';
  constructor(kind: EngineError['kind'], message: string, cause?: unknown) {
    super(message, { cause });
    this.kind = kind;
  }
}

/** Messages after which DuckDB-WASM's instance can no longer be trusted (DESIGN.md §7). */
export function isFatalEngineMessage(message: string): boolean {
  return /FATAL|INTERNAL Error|database has been invalidated|memory access out of bounds|unreachable|table index is out of bounds|RuntimeError/i.test(
    message,
  );
}

/** Pull the line number out of a DuckDB CSV error message, where it gives one. */
export function lineFromDuckDBMessage(message: string): number | undefined {
  const m = /\bline (\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}
