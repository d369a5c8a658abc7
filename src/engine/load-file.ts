/**
 * Loading one file into a DuckDB instance as a table or view: the format is detected and its loader does the rest
 * (load-parquet.ts, load-csv.ts, load-json.ts, load-arrow.ts, load-spreadsheet.ts; each holds its 1.28.0 workarounds). Any failure comes
 * out as a LoadError naming the file, in the user's words rather than the engine's.
 */
import { detectFormat } from './detect';
import { CancelledError, LoadError, explainEngineCrash, explainLoadMessage, isFatalEngineMessage, isWasmCrashMessage, lineFromDuckDBMessage } from './errors';
import { errorMessage } from '../domain';
import type { Instance } from './instance';
import { loadArrow } from './load-arrow';
import { checkAborted, type LoadedTable, type LoadOptions, type SourceFile } from './load-common';
import { loadCsv } from './load-csv';
import { loadJson } from './load-json';
import { loadParquet } from './load-parquet';
import { loadSpreadsheet } from './load-spreadsheet';

export type { ColumnConversion, LoadedTable, LoadMode, LoadOptions, SourceFile } from './load-common';

/** Load a file into the instance as `opts.table`. Throws LoadError with the file's name on failure. */
export async function loadFile(instance: Instance, source: SourceFile, opts: LoadOptions): Promise<LoadedTable> {
  const { name, blob } = source;
  if (blob.size === 0) throw new LoadError(name, 'the file is empty (0 bytes)', { hint: 'check that the export finished, then load it again' });
  const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
  const format = detectFormat(name, head);
  if (!format)
    throw new LoadError(name, 'this file type is not supported', {
      hint: 'load CSV/TSV, Parquet, JSON/NDJSON, Arrow IPC, or Excel/OpenDocument workbooks (.xlsx, .xlsm, .ods); otherwise save it as .xlsx or CSV',
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
      case 'xlsx':
      case 'ods':
      case 'xls':
        return { ...base, ...(await loadSpreadsheet(instance, source, opts)) };
    }
  } catch (e) {
    if (e instanceof LoadError || e instanceof CancelledError) throw e;
    const msg = errorMessage(e);
    // A crash (or the worker dying under the load) is said in words, never as the wasm message.
    if (instance.isDead || isWasmCrashMessage(msg) || isFatalEngineMessage(msg))
      throw new LoadError(name, explainEngineCrash(msg, { file: name }), { cause: e, detail: msg });
    const told = explainLoadMessage(msg, format);
    if (told) throw new LoadError(name, told.reason, { hint: told.hint, cause: e, detail: msg });
    throw new LoadError(name, cleanDuckDBMessage(msg), { line: lineFromDuckDBMessage(msg), cause: e });
  }
}

/** DuckDB messages name our internal registered file; show the user's own file name instead. */
function cleanDuckDBMessage(msg: string): string {
  return msg.replace(/src\d+_/g, '').replace(/\s+/g, ' ').trim();
}
