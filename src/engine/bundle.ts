/**
 * The one module that knows which DuckDB-WASM build the app runs. 1.28.0 is
 * pinned because it is the only release that reads Parquet with no network
 * (DESIGN.md §7). Where its files come from depends on the build:
 * `virtual:engine-bundle` (vite.config.ts) is `bundle-files.ts` in the served
 * build and `bundle-inline.ts` in the single file, so neither carries the
 * other's assets; both take the worker and wasm of this package version.
 */

/** The DuckDB-WASM package version this build was made and tested with. */
export const DUCKDB_WASM_VERSION = '1.28.0';

/** The engine worker's `name` (its URL is a blob: in both builds): for devtools, tests and the benchmark. */
export const ENGINE_WORKER_NAME = 'soc-duckdb';

/** How to make the engine's worker and where it finds its wasm. */
export interface EngineBundle {
  createWorker(): Worker;
  wasmUrl: string;
}
