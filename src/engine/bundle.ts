/**
 * The one module that knows which DuckDB-WASM build the app runs and where its
 * files come from. 1.28.0 is pinned because it is the only release that reads
 * Parquet with no network (DESIGN.md §7); an upgrade changes this file only.
 */
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

/** The DuckDB-WASM package version this build was made and tested with. */
export const DUCKDB_WASM_VERSION = '1.28.0';

/** How to make the engine's worker and where it finds its wasm. */
export interface EngineBundle {
  createWorker(): Worker;
  wasmUrl: string;
}

/**
 * Assets bundled by Vite as files next to the app (the served build). The
 * single-file build replaces this module (see vite.config.ts), because from
 * file:// a worker or wasm fetched by URL is blocked.
 */
export function defaultBundle(): EngineBundle {
  return {
    createWorker: () => new Worker(new URL(workerUrl, document.baseURI)),
    wasmUrl: new URL(wasmUrl, document.baseURI).href,
  };
}
