/** The engine: DuckDB-WASM in a worker, behind a small typed API. */
export { CANCEL_GRACE_MS, Engine, defaultBufferLimit } from './engine';
export { replaySentence, type ReplayReport } from './recovery';
export type { EngineOptions, EngineState, EngineStatus, QuerySource, LoadedWorkbook, QueryResult, TableInfo } from './engine';
export { DUCKDB_WASM_VERSION, ENGINE_WORKER_NAME } from './bundle';
// bundle-files.ts (served folder) or bundle-inline.ts (single file), chosen by vite.config.ts.
export { defaultBundle } from 'virtual:engine-bundle';
export type { EngineBundle } from './bundle';
export { LoadError, QueryError, CancelledError, EngineError } from './errors';
export type { ColumnConversion, LoadedTable, LoadMode, SourceFile } from './load-file';
export type { LoadProgress } from './read-bytes';
export { sheetTableName, tableNameFromFile } from './table-names';
export { isSpreadsheetFile } from './detect';
// Writing .xlsx happens where reading does: in the spreadsheet worker (or in place in node).
export { writeWorkbookIn as writeXlsx } from 'virtual:sheet-worker';
