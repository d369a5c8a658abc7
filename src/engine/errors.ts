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
  /** The engine's own words, when they are no reason a user can act on (a wasm crash): for a bug report. */
  readonly detail?: string;
  constructor(file: string, reason: string, opts: { line?: number; column?: string; hint?: string; cause?: unknown; detail?: string } = {}) {
    const where = [opts.line !== undefined ? `line ${opts.line}` : '', opts.column !== undefined ? `column "${opts.column}"` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${where ? `, ${where}` : ''}: ${reason}${opts.hint ? ` — ${opts.hint}` : ''}`, { cause: opts.cause });
    this.file = file;
    this.line = opts.line;
    this.column = opts.column;
    this.hint = opts.hint;
    this.detail = opts.detail;
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

/**
 * The most SQL text, in UTF-8 bytes, that one statement may have. DuckDB-WASM 1.28.0 copies a statement's text onto
 * its 64 KiB wasm stack (emscripten's `ccall` string argument) before running it, so a statement of about 60 kB
 * overwrites the memory below the stack and the worker dies ("memory access out of bounds"; issue 17 item 3: a
 * 5,000-column sample was 193 kB). Measured: 60,000 bytes ran, 61,000 crashed; the query itself needs stack too,
 * hence the margin.
 */
export const MAX_SQL_BYTES = 40 * 1024;

/** A refusal for a statement longer than the engine can take, or undefined when it fits. */
export function sqlTooLong(sql: string): QueryError | undefined {
  if (sql.length * 3 <= MAX_SQL_BYTES) return undefined;
  const bytes = new TextEncoder().encode(sql).length;
  if (bytes <= MAX_SQL_BYTES) return undefined;
  const kb = (n: number) => `${Math.round(n / 1000)} kB`;
  return new QueryError(
    `This statement is ${kb(bytes)} of SQL text; the engine takes at most ${kb(MAX_SQL_BYTES)} in one statement (a longer one crashes it), so it was not run. ` +
      'Split it into several statements, or write it shorter: SELECT * or COLUMNS(...) instead of listing many columns, a table instead of a long VALUES list.',
    sql.slice(0, 1000),
  );
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
  /** The engine's own words (a wasm crash's), kept out of the message: for a bug report. */
  readonly detail?: string;
  constructor(kind: EngineError['kind'], message: string, cause?: unknown, detail?: string) {
    super(message, { cause });
    this.kind = kind;
    this.detail = detail;
  }
}

/**
 * True for an error whose text is bytes of the engine's memory, not words: `SELECT 1+1+…` with 5,000 terms overflows
 * the parser's stack, which overwrites the error message before it is read (measured on 1.28.0: NULs and control
 * characters; the next query then crashes). DuckDB's own messages carry no control characters but tab and newline;
 * a user's value quoted in one might hold one stray control character, never several.
 */
export function isGarbledMessage(message: string): boolean {
  return message.includes('\u0000') || (message.match(/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0) >= 4;
}

/** What the error's detail says instead of a garbled message's bytes. */
export const GARBLED_DETAIL = "the engine's error message was unreadable: its memory was damaged (memory access out of bounds)";

/** Messages after which DuckDB-WASM's instance can no longer be trusted (DESIGN.md §7). */
export function isFatalEngineMessage(message: string): boolean {
  if (isGarbledMessage(message)) return true;
  if (/FATAL|INTERNAL Error|database has been invalidated/i.test(message)) return true;
  // A JavaScript stack overflow (a deep JSON document parsed in the page) leaves the engine as it was.
  return isWasmCrashMessage(message) && !/maximum call stack size exceeded/i.test(message);
}

/** Pull the line number out of a DuckDB CSV error message, where it gives one. */
export function lineFromDuckDBMessage(message: string): number | undefined {
  const m = /\bline (\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

// WebAssembly's own words for a crash (and DuckDB-WASM's when its worker dies): no user can act on them.
// WebAssembly's traps as Chromium words them ("null function" may arrive alone: a 4,000-string concatenation), an
// Emscripten abort, and a JavaScript stack overflow.
const WASM_CRASH =
  /table index is out of bounds|memory access out of bounds|out of bounds memory access|maximum call stack size exceeded|\bunreachable\b|RuntimeError|null function|function signature mismatch|indirect call to null|integer divide by zero|call stack exhausted|Aborted\(/i;

/**
 * True for the worker's own report that the server did not send the engine's .wasm (bundle-files.ts's prelude says
 * it in these words, inside a function that can share nothing): a reason the user can act on, never a crash.
 */
export function isEngineDownloadFailure(message: string): boolean {
  return /the query engine's file could not be downloaded/.test(message);
}

/** True for a message that is a WebAssembly crash's own words ("memory access out of bounds", "unreachable"…). */
export function isWasmCrashMessage(message: string): boolean {
  return WASM_CRASH.test(message);
}

/** What to try when text read as UTF-8 is not: one wording for our own check and for DuckDB's "Invalid unicode". */
export const NOT_UTF8_HINT =
  'the file mixes text encodings: open it in Excel or a text editor, save it as "CSV UTF-8" and load it again (a file loaded with the wrong letters can be read again with Load options… → Encoding)';

/**
 * DuckDB's words for a file it could not read, when they name no fix, as what happened and what to try; undefined
 * for messages a user can act on as they are (a missing column, a bad cast with its value).
 */
export function explainLoadMessage(message: string, format?: string): { reason: string; hint: string } | undefined {
  // "Invalid Input Error: Error in file "…" at line 1857: Invalid unicode (byte sequence mismatch) detected in CSV
  // file. Parser options: …": its line is counted within a buffer, not the file, so it is left out.
  if (/Invalid unicode/i.test(message)) return { reason: 'some of its text is not UTF-8 text, though it was read as UTF-8', hint: NOT_UTF8_HINT };
  // 0.9.1's sniffer gives up on a CSV with a row of more (or fewer) fields than the rest, in one of two ways (seen in
  // the fuzz suite, seed 17, csv-6 and csv-16): "CSV options could not be auto-detected. Consider setting parser
  // options manually" or "expected 1 values per row, but got more".
  if (/CSV options could not be auto-detected|values per row, but got/i.test(message))
    return {
      reason: 'its rows do not all have the same number of columns, so its columns could not be told apart',
      hint: 'a value that holds a comma or the file’s separator must be in double quotes ("London, City of"): fix those rows, or export the file again',
    };
  // A damaged page of a Parquet file: "Invalid Error: Snappy decompression failure" (fuzz seed 17, parquet-2).
  // "Invalid Error: Payload value bigger than allowed. Corrupted file?" for a damaged page header (parquet-7).
  if (/decompression failure|Corrupt snappy|ZSTD.*(error|corrupt)|GZIP.*(error|fail)|Corrupted file\?/i.test(message))
    return { reason: 'the file is damaged: part of its data cannot be decompressed', hint: 'copy the file again in full, or export it again' };
  // 0.9.1's Parquet reader raises InvalidException ("Invalid Error: …") for data it cannot make sense of: "Out of
  // buffer" (fuzz seed 19, parquet-7), bad page headers, offsets past the end.
  if (format === 'parquet' && /^(Error: )?Invalid Error:/.test(message))
    return { reason: 'the file is damaged: part of its data cannot be read', hint: 'copy the file again in full, or export it again' };
  return undefined;
}

/** What was being done when the engine crashed: loading a file (and where its header seemed to be), or a query. */
export type CrashContext = { file: string; headerLine?: number } | { sql: string } | Record<string, never>;

/**
 * The one place a crash of the engine is put into words: what happened to which file or query, and what to try. The
 * crash's own words ("memory access out of bounds") are never the reason; callers keep them as the error's detail.
 */
export function explainEngineCrash(message: string, context: CrashContext = {}): string {
  const stack = /maximum call stack size exceeded/i.test(message);
  const what = stack ? 'ran out of room for a task this complex' : 'crashed';
  if ('file' in context) {
    const after = stack ? '' : ' and was restarted (your other tables were loaded again)';
    // The load options (header, cleaning) are CSV's: a JSON, Parquet or Arrow file gets advice it can follow.
    if (!/\.(csv|tsv|tab|txt|psv)$/i.test(context.file))
      return `the query engine ${what} while reading ${context.file}${after}. Try again; if it still fails, split the file into smaller files, or export the data as CSV`;
    const header = context.headerLine
      ? `open Load options… and set where the header is (it looked to be on line ${context.headerLine}; drop the lines above it), or turn off "Clean numbers"`
      : 'open Load options… and drop the title lines above the header, or turn off "Clean numbers"';
    return `the query engine ${what} while reading ${context.file}${after}. Try again: ${header}; if it still fails, split the file into smaller files, or save it from Excel as "CSV UTF-8" once more`;
  }
  if ('sql' in context)
    return stack
      ? `The query engine ${what} while running this query. Try a simpler query: fewer UNIONs, CASE branches or columns; filter or aggregate first, or add LIMIT.`
      : `The query engine ${what} while running this query and was restarted; your files are loaded again and what you made with SQL is made again. Try a smaller query: filter or aggregate first, select fewer columns, or add LIMIT.`;
  return `The query engine ${what} and was restarted; files are being loaded again.`;
}
