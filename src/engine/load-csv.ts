/**
 * CSV into the engine: bytes decoded to UTF-8 first (0.9.1 has no `encoding` option), Excel-era exports cleaned by
 * their plan (title and footnote rows, £ , % and placeholders), the header taken when DuckDB's sniffer misses it,
 * and files too large to copy read lazily from disk.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { CleanTooWideError, cleanCsvSql, ident, readUnconverted, str } from '../query';
import { checkCsvOptions, detectMessyCsv, dropLines, errorMessage, firstRaggedRow, parseRows, shouldClean, type CsvPlan } from '../domain';
import { decodeText, encodingLabel, guessEncoding, notUtf8At } from './detect';
import { LoadError, NOT_UTF8_HINT, explainEngineCrash, isFatalEngineMessage, isWasmCrashMessage } from './errors';
import { runQuery, race, type Instance } from './instance';
import { checkAborted, countRows, formatMB, registeredName, type ColumnConversion, type Loaded, type LoadedTable, type LoadOptions, type SourceFile } from './load-common';
import { readBytes } from './read-bytes';

/** Load a CSV or TSV file into a table (or, when too large to copy, a view over the file on disk). */
export async function loadCsv(instance: Instance, { name, blob }: SourceFile, opts: LoadOptions): Promise<Loaded> {
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  const guess = guessEncoding(head);
  if ('binary' in guess)
    throw new LoadError(name, `this does not look like a text (CSV) file: byte ${guess.offset + 1} is a binary control character`, {
      hint: 'check the file is really CSV; an Excel workbook must be saved as CSV first',
    });
  const csv = checkCsvOptions(opts.csv ?? {});
  const encoding = csv.encoding && csv.encoding !== 'auto' ? csv.encoding : guess.encoding;
  const chosen = !!csv.encoding && csv.encoding !== 'auto';
  const report: string[] = [`Read as ${encodingLabel(encoding)}${chosen ? ', as you chose' : ''}.`, ...(!chosen && guess.note ? [guess.note] : [])];

  if (blob.size > opts.bufferLimitBytes) {
    if (encoding !== 'utf-8' && encoding !== 'utf-8-bom')
      throw new LoadError(name, `this file is ${encodingLabel(encoding)} and too large (${formatMB(blob.size)}) to convert in the browser`, {
        hint: 'save it as "CSV UTF-8" and load it again',
      });
    const registeredAs = registeredName(name);
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
  // The reading of the text, kept even when it needs no cleaning: it knows the delimiter when DuckDB's sniffer does not.
  let detected: CsvPlan | null = null;
  const trimming = (csv.skipTop ?? 0) > 0 || (csv.skipBottom ?? 0) > 0;
  if ((csv.clean !== false && bytes.length <= CLEAN_LIMIT_BYTES) || trimming || csv.delimiter) {
    text ??= new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    // Read as UTF-8, bytes that are not become U+FFFD here and stop DuckDB with no useful line: find the real one.
    const bad = (encoding === 'utf-8' || encoding === 'utf-8-bom') && text.includes('\uFFFD') ? notUtf8At(bytes) : undefined;
    if (bad) {
      const as1252 = new TextDecoder('windows-1252').decode(Uint8Array.of(bad.byte));
      throw new LoadError(name, `byte 0x${bad.byte.toString(16).toUpperCase()} is not UTF-8 text (it is "${as1252}" in Windows-1252), though the file was read as UTF-8`, { line: bad.line, hint: NOT_UTF8_HINT });
    }
    if (trimming) {
      text = dropLines(text, csv.skipTop, csv.skipBottom);
      bytes = new TextEncoder().encode(text);
      report.push(`Dropped ${[csv.skipTop && `the first ${csv.skipTop}`, csv.skipBottom && `the last ${csv.skipBottom}`].filter(Boolean).join(' and ')} lines, as you chose.`);
    }
    plan = detectMessyCsv(text, { delimiter: csv.delimiter });
    detected = plan;
    if (!shouldClean(plan, text)) plan = null;
  }
  // Kept (when small) only to name the line of a row with more fields, should DuckDB's sniffer give up below.
  const textForRows = text !== null && text.length <= 20_000_000 ? text : null;
  text = null;
  const registeredAs = registeredName(name);
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
      let delim = csv.delimiter ? `, delim = ${str(csv.delimiter)}` : '';
      // Columns read as text after a failed conversion; a read again (its names may differ) starts its own list.
      let asText: string[] = [];
      await createFromCsv(instance, opts.table, registeredAs, delim, asText);
      // DuckDB 0.9.1's sniffer gives up on a file with a few rows of more fields (an unquoted "London, City of") and
      // reads every line as one text column, without a word: read it again with the delimiter the text shows, so
      // that such a row is refused at its line instead.
      if (!delim && detected && detected.width > 1 && (await columnCount(instance, opts.table)) === 1) {
        await runQuery(instance, `DROP TABLE ${ident(opts.table)}`);
        delim = `, delim = ${str(detected.delimiter)}`;
        try {
          await createFromCsv(instance, opts.table, registeredAs, `, header = true${delim}`, (asText = []));
        } catch (e) {
          const odd = textForRows ? firstRaggedRow(parseRows(textForRows, detected.delimiter)) : undefined;
          throw new LoadError(
            name,
            odd
              ? `its rows do not all have the same number of columns: ${odd.cells} fields on this line, ${odd.header} in the header`
              : 'its rows do not all have the same number of columns, so its columns could not be told apart',
            { line: odd?.line, hint: 'a value that holds a comma must be in double quotes ("London, City of"): fix those rows, or export the file again', cause: e },
          );
        }
      }
      if (await headerWasMissed(instance, opts.table)) {
        await runQuery(instance, `DROP TABLE ${ident(opts.table)}`);
        await createFromCsv(instance, opts.table, registeredAs, `, header = true${delim}`, (asText = []));
        report.push('Took the first row as column names (every column is text, so DuckDB could not tell).');
      }
      if (asText.length)
        report.push(
          `Read ${asText.map((c) => `"${c}"`).join(', ')} as text: DuckDB took ${asText.length === 1 ? 'it' : 'them'} for numbers from the first rows, but ${asText.length === 1 ? 'it holds' : 'they hold'} other values (such as quoted ones).`,
        );
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

// "Could not convert string '"0"' to INT64 in column "quoted 54", at line 2": the column DuckDB 0.9.1 failed to convert.
const NOT_CONVERTED = /Could not convert string .* in column "(.+?)", at line/;
// Each retry names one more column; past this many, the file is refused with DuckDB's reason rather than retried.
const MAX_TEXT_RETRIES = 50;

/**
 * CREATE TABLE from the registered CSV. 0.9.1's sniffer can type a column as a number from values it then cannot
 * convert (the field `"""0"""`, which is the text `"0"`: fuzz seed 18, csv-13, which native DuckDB reads as text):
 * each such column is read again as VARCHAR, and its name added to `asText` for the load report.
 */
async function createFromCsv(instance: Instance, table: string, registeredAs: string, options: string, asText: string[]): Promise<void> {
  for (;;) {
    const types = asText.length ? `, types = {${asText.map((c) => `${str(c)}: 'VARCHAR'`).join(', ')}}` : '';
    try {
      await runQuery(instance, `CREATE TABLE ${ident(table)} AS SELECT * FROM read_csv_auto(${str(registeredAs)}${options}${types})`);
      return;
    } catch (e) {
      const column = NOT_CONVERTED.exec(errorMessage(e))?.[1];
      if (column === undefined || asText.includes(column) || asText.length >= MAX_TEXT_RETRIES) throw e;
      asText.push(column);
    }
  }
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
async function columnCount(instance: Instance, table: string): Promise<number> {
  return (await runQuery(instance, `SELECT * FROM ${ident(table)} LIMIT 0`)).schema.fields.length;
}

async function headerWasMissed(instance: Instance, table: string): Promise<boolean> {
  const first = await runQuery(instance, `SELECT * FROM ${ident(table)} LIMIT 1`);
  const names = first.schema.fields.map((f) => f.name);
  if (first.numRows === 0 || !names.every((n, i) => n === `column${i}` || n === `column${String(i).padStart(2, '0')}`)) return false;
  const row = first.get(0)?.toArray() as unknown[];
  const values = row.map((v) => (v === null || v === undefined ? '' : String(v).trim()));
  return values.every((v) => v !== '' && !/^[-+]?[\d.,£$%]+$/.test(v)) && new Set(values).size === values.length;
}
