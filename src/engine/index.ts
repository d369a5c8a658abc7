/** The engine: DuckDB-WASM in a worker, behind a small typed API. */
export { Engine, defaultBufferLimit } from './engine';
export type { EngineOptions, EngineState, EngineStatus, QueryResult, TableInfo } from './engine';
export { defaultBundle, DUCKDB_WASM_VERSION } from './bundle';
export type { EngineBundle } from './bundle';
export { LoadError, QueryError, CancelledError, EngineError } from './errors';
export type { LoadedTable, LoadMode, SourceFile } from './load-file';
export type { LoadProgress } from './read-bytes';
export { tableNameFromFile } from './table-names';
