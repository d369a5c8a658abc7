/**
 * Loading one file into a DuckDB instance as a table or view. Each format's
 * 1.28.0 workaround lives here: CSV bytes decoded to UTF-8 first (0.9.1 has no
 * `encoding` option), JSON parsed in JS, Parquet codecs 0.9.1 lacks read by
 * hyparquet, Parquet checked at load so a bad file fails now, not later.
 */
import * as arrow from 'apache-arrow';
import * as duckdb from '@duckdb/duckdb-wasm';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ident, str } from '../query/sql';
import { CleanTooWideError, cleanCsvSql, readUnconverted, type ColumnConversion } from '../query/clean';
import { detectMessyCsv, type CsvPlan } from '../domain/messy-csv';
import { checkCsvOptions, dropLines, shouldClean, type CsvLoadOptions } from '../domain/csv-options';
import { decodeText, detectFormat, encodingLabel, guessEncoding, parquetFooter, type FileFormat } from './detect';
import { CancelledError, LoadError, explainEngineCrash, isFatalEngineMessage, isWasmCrashMessage, lineFromDuckDBMessage } from './errors';
import { errorMessage, runQuery, race, type Instance } from './instance';
import { JsonParseError, jsonToTable, rowsToTable } from './json-table';
import { readBytes, type LoadProgress } from './read-bytes';

/** How a loaded file is held by the engine. */
export type LoadMode = 'table' | 'parquet-buffer' | 'file-handle';

/** A file the user gave us: a File from the picker or drop, or a named Blob (samples, tests). */
export interface SourceFile {
  name: string;
  blob: Blob;
}

/** What a load produced: the table's name, how it is held and what was done on the way. */
export interface LoadedTable {
  table: string;
  file: string;
  format: FileFormat;
  mode: LoadMode;
  modeReason: string;
  bytes: number;
  rows: number;
  report: string[];
  /** The DuckDB virtual file name, when the table is a view over a registered file. */
  registeredAs?: string;
  /** CSV only: the options it was read with (what the user chose; the rest was detected). */
  csvOptions?: CsvLoadOptions;
  /** CSV only, when cleaned: per number column, markers read as missing and values that could not be converted. */
  conversions?: ColumnConversion[];
  /** CSV only, when cleaned: units the removed characters told (£ → gbp, % → percentage), by column. */
  units?: Record<string, 'gbp' | 'percentage'>;
}

export type { ColumnConversion } from '../query/clean';

/** Options of one load. */
export interface LoadOptions {
  table: string;
  /** Files larger than this are read lazily through a file handle instead of being copied in. */
  bufferLimitBytes: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** CSV only: what the user chose in the load options. */
  csv?: CsvLoadOptions;
}

// LZ4, LZ4_RAW and BROTLI are not in DuckDB 0.9.1. GZIP is, but it reads pages made of
// several gzip members wrongly and without an error (parquet-testing's
// concatenated_gzip_members.parquet gives wrong sums), so GZIP is decoded in JS too.
const NOT_TRUSTED_IN_DUCKDB_0_9 = new Set(['LZ4', 'LZ4_RAW', 'BROTLI', 'GZIP']);
// DuckDB 0.9.1 decodes DELTA_BINARY_PACKED pages of bit width 0 wrongly, again with no error
// (parquet-testing's delta_binary_packed.parquet: values off by 2^63); the delta encodings are decoded in JS.
const DELTA_ENCODINGS = new Set(['DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY']);
// DuckDB 0.9.1 reads FLOAT16 columns as raw BLOBs: numbers the user cannot see or sum.
const JS_LOGICAL_TYPES = new Set(['FLOAT16']);
let registeredCounter = 0;

function checkAborted(name: string, signal?: AbortSignal) {
  if (signal?.aborted) throw new CancelledError(`Loading ${name}`);
}

/** Load a file into the instance as `opts.table`. Throws LoadError with the file's name on failure. */
export async function loadFile(instance: Instance, source: SourceFile, opts: LoadOptions): Promise<LoadedTable> {
  const { name, blob } = source;
  if (blob.size === 0) throw new LoadError(name, 'the file is empty (0 bytes)', { hint: 'check that the export finished, then load it again' });
  const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
  const format = detectFormat(name, head);
  if (!format)
    throw new LoadError(name, 'this file type is not supported', {
      hint: 'load CSV/TSV, Parquet, JSON/NDJSON or Arrow IPC files; from Excel, use "Save As → CSV UTF-8"',
    });
  checkAborted(name, opts.signal);
  const base = { table: opts.table, file: name, format, bytes: blob.size };
  try {
    switch (format) {
      case 'parquet':
        return { ...base, ...(await loadParquet(instance, source, opts)) };
      case 'csv':
        return { ...base, ...(await loadCsv(instance, source, opts)) };
      case 'json':
      case 'ndjson':
        return { ...base, ...(await loadJson(instance, source, format, opts)) };
      case 'arrow':
        return { ...base, ...(await loadArrow(instance, source, opts)) };
    }
  } catch (e) {
    if (e instanceof LoadError || e instanceof CancelledError) throw e;
    const msg = errorMessage(e);
    // A crash (or the worker dying under the load) is said in words, never as the wasm message.
    if (instance.isDead || isWasmCrashMessage(msg) || isFatalEngineMessage(msg))
      throw new LoadError(name, explainEngineCrash(msg, { file: name }), { cause: e, detail: msg });
    throw new LoadError(name, cleanDuckDBMessage(msg), { line: lineFromDuckDBMessage(msg), cause: e });
  }
}

type Loaded = Omit<LoadedTable, 'table' | 'file' | 'format' | 'bytes'>;

async function countRows(instance: Instance, table: string): Promise<number> {
  const t = await runQuery(instance, `SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`);
  return Number(t.getChild('n')?.get(0) ?? 0);
}

async function loadParquet(instance: Instance, { name, blob }: SourceFile, opts: LoadOptions): Promise<Loaded> {
  const tail = new Uint8Array(await blob.slice(Math.max(0, blob.size - 4)).arrayBuffer());
  const footer = parquetFooter(tail);
  if (footer === 'PARE')
    throw new LoadError(name, 'this Parquet file is encrypted and cannot be read without its key', {
      hint: 'ask for an unencrypted export',
    });
  if (footer === 'none' || blob.size < 12)
    throw new LoadError(name, 'this Parquet file is truncated or damaged (no Parquet footer at the end)', {
      hint: 'copy the file again in full, or export it again',
    });

  if (blob.size > opts.bufferLimitBytes) {
    const registeredAs = `src${++registeredCounter}_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    await race(instance.db.registerFileHandle(registeredAs, blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true), instance.dead);
    await runQuery(instance, `CREATE VIEW ${ident(opts.table)} AS SELECT * FROM read_parquet(${str(registeredAs)})`);
    return {
      mode: 'file-handle',
      modeReason: `larger than ${formatMB(opts.bufferLimitBytes)}, so it is read from disk on each query (slower; "Load into a table" copies it in)`,
      rows: await countRows(instance, opts.table),
      report: [],
      registeredAs,
    };
  }

  const bytes = await readBytes(blob, name, opts.onProgress, opts.signal);
  let codecs: Set<string>;
  let encodings: Set<string>;
  let logicalTypes: Set<string>;
  try {
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const chunks = meta.row_groups.flatMap((rg) => rg.columns.map((c) => c.meta_data));
    codecs = new Set(chunks.map((m) => String(m?.codec ?? 'UNCOMPRESSED')));
    encodings = new Set(chunks.flatMap((m) => (m?.encodings ?? []).map(String)));
    logicalTypes = new Set(meta.schema.map((el) => String(el.logical_type?.type ?? '')).filter(Boolean));
  } catch (e) {
    // hyparquet's own TypeErrors say nothing a user can act on; its Errors do ("invalid footer …").
    const detail = e instanceof TypeError ? '' : ` (${errorMessage(e)})`;
    throw new LoadError(name, `this Parquet file is damaged: its metadata cannot be read${detail}`, {
      hint: 'export it again; if it came from a tool, check that tool can read it',
      cause: e,
    });
  }
  const untrusted = [
    ...[...codecs].filter((c) => NOT_TRUSTED_IN_DUCKDB_0_9.has(c)),
    ...[...encodings].filter((e) => DELTA_ENCODINGS.has(e)),
    ...[...logicalTypes].filter((t) => JS_LOGICAL_TYPES.has(t)).map((t) => `${t} columns`),
  ];
  if (untrusted.length > 0) return loadParquetInJs(instance, name, bytes, untrusted, opts);

  const registeredAs = `src${++registeredCounter}_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  await race(instance.db.registerFileBuffer(registeredAs, bytes), instance.dead);
  opts.onProgress?.({ file: name, phase: 'checking', bytesRead: blob.size, bytesTotal: blob.size });
  await runQuery(instance, `CREATE VIEW ${ident(opts.table)} AS SELECT * FROM read_parquet(${str(registeredAs)})`);
  // Read every column once now: a file DuckDB cannot decode fails here, with its name, not later.
  await runQuery(instance, `SELECT count(*) AS n, max(hash(COLUMNS(*))) FROM ${ident(opts.table)}`);
  return {
    mode: 'parquet-buffer',
    modeReason: 'copied into the engine still compressed, and read as a view (fast, small)',
    rows: await countRows(instance, opts.table),
    report: [`Compression: ${[...codecs].join(', ')}.`],
    registeredAs,
  };
}

async function loadParquetInJs(instance: Instance, name: string, bytes: Uint8Array, features: string[], opts: LoadOptions): Promise<Loaded> {
  let rows: Record<string, unknown>[];
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
  } catch (e) {
    throw new LoadError(name, `this Parquet file uses ${features.join(', ')}, which this engine cannot read reliably, and the JavaScript reader failed too (${errorMessage(e)})`, {
      hint: 'export it with Snappy or ZSTD compression and the default (non-delta) encodings',
      cause: e,
    });
  }
  checkAborted(name, opts.signal);
  const notes: string[] = [];
  const table = rowsToTable(rows, notes);
  await race(instance.conn.insertArrowTable(table, { name: opts.table, create: true }), instance.dead);
  return {
    mode: 'table',
    modeReason: `uses ${features.join(', ')}, which DuckDB 0.9.1 cannot read reliably: decoded in JavaScript and loaded as a table`,
    rows: await countRows(instance, opts.table),
    report: [`Decoded ${features.join(', ')} pages in JavaScript.`, ...notes],
  };
}

async function loadCsv(instance: Instance, { name, blob }: SourceFile, opts: LoadOptions): Promise<Loaded> {
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  const guess = guessEncoding(head);
  if ('binary' in guess)
    throw new LoadError(name, `this does not look like a text (CSV) file: byte ${guess.offset + 1} is a binary control character`, {
      hint: 'check the file is really CSV; an Excel workbook must be saved as CSV first',
    });
  const csv = checkCsvOptions(opts.csv ?? {});
  const encoding = csv.encoding && csv.encoding !== 'auto' ? csv.encoding : guess.encoding;
  const report: string[] = [`Read as ${encodingLabel(encoding)}${csv.encoding && csv.encoding !== 'auto' ? ', as you chose' : ''}.`];

  if (blob.size > opts.bufferLimitBytes) {
    if (encoding !== 'utf-8' && encoding !== 'utf-8-bom')
      throw new LoadError(name, `this file is ${encodingLabel(encoding)} and too large (${formatMB(blob.size)}) to convert in the browser`, {
        hint: 'save it as "CSV UTF-8" and load it again',
      });
    const registeredAs = `src${++registeredCounter}_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    await race(instance.db.registerFileHandle(registeredAs, blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true), instance.dead);
    await runQuery(instance, `CREATE VIEW ${ident(opts.table)} AS SELECT * FROM read_csv_auto(${str(registeredAs)})`);
    await runQuery(instance, `SELECT * FROM ${ident(opts.table)} LIMIT 1`);
    return {
      mode: 'file-handle',
      modeReason: `larger than ${formatMB(opts.bufferLimitBytes)}, so it is read from disk on each query (slow; "Load into a table" copies it in if memory allows)`,
      rows: -1,
      report,
      registeredAs,
    };
  }

  let bytes = await readBytes(blob, name, opts.onProgress, opts.signal);
  let text: string | null = null;
  if (encoding === 'utf-8-bom') bytes = bytes.subarray(3);
  else if (encoding !== 'utf-8') bytes = new TextEncoder().encode((text = decodeText(bytes, encoding).replace(/^\uFEFF/, '')));
  if (new TextDecoder().decode(bytes.subarray(0, 4096)).trim() === '' && bytes.length <= 4096)
    throw new LoadError(name, 'the file has no data (only blank lines)', { hint: 'check that the export finished, then load it again' });
  checkAborted(name, opts.signal);
  let plan: CsvPlan | null = null;
  const trimming = (csv.skipTop ?? 0) > 0 || (csv.skipBottom ?? 0) > 0;
  if ((csv.clean !== false && bytes.length <= CLEAN_LIMIT_BYTES) || trimming || csv.delimiter) {
    text ??= new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    if (trimming) {
      text = dropLines(text, csv.skipTop, csv.skipBottom);
      bytes = new TextEncoder().encode(text);
      report.push(`Dropped ${[csv.skipTop && `the first ${csv.skipTop}`, csv.skipBottom && `the last ${csv.skipBottom}`].filter(Boolean).join(' and ')} lines, as you chose.`);
    }
    plan = detectMessyCsv(text, { delimiter: csv.delimiter });
    if (!shouldClean(plan, text)) plan = null;
  }
  text = null;
  const registeredAs = `src${++registeredCounter}_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  // registerFileBuffer transfers the buffer to the worker; give it a copy we own outright.
  await race(instance.db.registerFileBuffer(registeredAs, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()), instance.dead);
  opts.onProgress?.({ file: name, phase: 'loading', bytesRead: blob.size, bytesTotal: blob.size });
  const cleaned: Pick<LoadedTable, 'conversions' | 'units'> = {};
  try {
    if (plan?.messy && csv.clean !== false) {
      Object.assign(cleaned, await readCleaned(instance, registeredAs, opts.table, plan, name));
      report.push(...plan.report.map((r) => `${r}.`));
      for (const c of cleaned.conversions ?? []) {
        if (c.unconverted === 0) continue;
        report.push(
          `${c.unconverted.toLocaleString('en-GB')} value${c.unconverted === 1 ? '' : 's'} in "${c.column}" could not be read as numbers ` +
            `and ${c.unconverted === 1 ? 'is' : 'are'} empty in the table (e.g. ${c.examples.map((e) => JSON.stringify(e)).join(', ')}); ` +
            `turn off "Clean numbers" in the load options to keep the column as text.`,
        );
      }
    } else {
      const delim = csv.delimiter ? `, delim = ${str(csv.delimiter)}` : '';
      await runQuery(instance, `CREATE TABLE ${ident(opts.table)} AS SELECT * FROM read_csv_auto(${str(registeredAs)}${delim})`);
      if (await headerWasMissed(instance, opts.table)) {
        await runQuery(instance, `DROP TABLE ${ident(opts.table)}`);
        await runQuery(instance, `CREATE TABLE ${ident(opts.table)} AS SELECT * FROM read_csv_auto(${str(registeredAs)}, header = true${delim})`);
        report.push('Took the first row as column names (every column is text, so DuckDB could not tell).');
      }
      if (csv.clean === false) report.push('Read as written: numbers with £, "," or % were left as text, as you chose.');
    }
  } finally {
    // The table holds the data now; the text copy is dropped so it does not cost memory twice.
    await race(instance.db.dropFile(registeredAs), instance.dead).catch(() => {});
  }
  return {
    mode: 'table',
    modeReason: 'read into a table (fast to query)',
    rows: await countRows(instance, opts.table),
    report,
    csvOptions: opts.csv,
    ...cleaned,
  };
}

// Cleaning needs the text in JavaScript as well as in the engine: above this, files are read as DuckDB sniffs them.
const CLEAN_LIMIT_BYTES = 256 * 1024 * 1024;

/** Read a messy CSV by its plan: raw text table, clean table, then the count of values that did not convert. */
async function readCleaned(instance: Instance, registeredAs: string, table: string, plan: CsvPlan, file: string): Promise<Pick<LoadedTable, 'conversions' | 'units'>> {
  let sql;
  try {
    sql = cleanCsvSql(registeredAs, table, plan);
  } catch (e) {
    if (!(e instanceof CleanTooWideError)) throw e;
    throw new LoadError(file, e.message, { hint: 'open Load options… and turn off "Clean numbers", or split the file into narrower files' });
  }
  try {
    for (const s of [...sql.setup, sql.raw, sql.clean]) await runQuery(instance, s);
    const counts: Record<string, unknown> = {};
    for (const s of sql.unconverted) Object.assign(counts, (await runQuery(instance, s)).get(0)?.toJSON());
    const conversions = readUnconverted(plan, counts);
    const units = Object.fromEntries(plan.columns.filter((c) => c.unit).map((c) => [c.name, c.unit!]));
    return { conversions, units };
  } catch (e) {
    const msg = errorMessage(e);
    if (instance.isDead || isWasmCrashMessage(msg) || isFatalEngineMessage(msg))
      throw new LoadError(file, explainEngineCrash(msg, { file, headerLine: plan.skipTop + 1 }), { cause: e, detail: msg });
    throw e;
  } finally {
    if (!instance.isDead) await runQuery(instance, sql.dropRaw).catch(() => {});
  }
}

/**
 * DuckDB 0.9.1's sniffer decides there is no header when every column is text,
 * naming the columns column0, column1, …; the extracts our users load nearly
 * always have one. Take the first row as the header when its values are all
 * present, distinct and not numbers: the shape of a header row.
 */
async function headerWasMissed(instance: Instance, table: string): Promise<boolean> {
  const first = await runQuery(instance, `SELECT * FROM ${ident(table)} LIMIT 1`);
  const names = first.schema.fields.map((f) => f.name);
  if (first.numRows === 0 || !names.every((n, i) => n === `column${i}` || n === `column${String(i).padStart(2, '0')}`)) return false;
  const row = first.get(0)?.toArray() as unknown[];
  const values = row.map((v) => (v === null || v === undefined ? '' : String(v).trim()));
  return values.every((v) => v !== '' && !/^[-+]?[\d.,£$%]+$/.test(v)) && new Set(values).size === values.length;
}

async function loadJson(instance: Instance, { name, blob }: SourceFile, format: 'json' | 'ndjson', opts: LoadOptions): Promise<Loaded> {
  const bytes = await readBytes(blob, name, opts.onProgress, opts.signal);
  const guess = guessEncoding(bytes);
  if ('binary' in guess)
    throw new LoadError(name, `this is not JSON text: byte ${guess.offset + 1} is a binary control character`, {
      hint: 'check the file is really JSON',
    });
  const text = decodeText(bytes, guess.encoding);
  if (text.trim() === '') throw new LoadError(name, 'the file is empty (only blank space)', { hint: 'check that the export finished' });
  let parsed;
  try {
    parsed = jsonToTable(text, format);
  } catch (e) {
    if (e instanceof JsonParseError)
      throw new LoadError(name, `this is not valid ${format === 'ndjson' ? 'NDJSON' : 'JSON'}: ${e.message}`, {
        line: e.line,
        hint: 'fix the file at that line, or export it again',
      });
    throw e;
  }
  checkAborted(name, opts.signal);
  await race(instance.conn.insertArrowTable(parsed.table, { name: opts.table, create: true }), instance.dead);
  return {
    mode: 'table',
    modeReason: 'parsed in JavaScript and loaded as a table',
    rows: await countRows(instance, opts.table),
    report: [`Read as ${encodingLabel(guess.encoding)} ${format === 'ndjson' ? 'NDJSON' : 'JSON'}.`, ...parsed.notes],
  };
}

async function loadArrow(instance: Instance, { name, blob }: SourceFile, opts: LoadOptions): Promise<Loaded> {
  const bytes = await readBytes(blob, name, opts.onProgress, opts.signal);
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw new LoadError(name, `this Arrow IPC file cannot be read (${errorMessage(e)})`, {
      hint: 'if it is compressed (LZ4/ZSTD buffers), write it uncompressed, or convert it to Parquet',
      cause: e,
    });
  }
  if (table.schema.fields.length === 0) throw new LoadError(name, 'this Arrow file has no columns');
  checkAborted(name, opts.signal);
  await race(instance.conn.insertArrowTable(table, { name: opts.table, create: true }), instance.dead);
  const rows = await countRows(instance, opts.table);
  if (rows !== table.numRows)
    throw new LoadError(name, `only ${rows} of ${table.numRows} rows could be loaded from this Arrow file`, {
      hint: 'convert it to Parquet and load that instead',
    });
  return { mode: 'table', modeReason: 'Arrow IPC loaded as a table', rows, report: [] };
}

function formatMB(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-GB')} MB`;
}

/** DuckDB messages name our internal registered file; show the user's own file name instead. */
function cleanDuckDBMessage(msg: string): string {
  return msg.replace(/src\d+_/g, '').replace(/\s+/g, ' ').trim();
}
