/** DuckDB-WASM 1.28.0's node build answering with Arrow tables, exactly as the app's engine hands results over. */
import type { Table } from 'apache-arrow';
import { createRequire } from 'node:module';

/** A wasm database whose queries return Arrow tables. */
export interface WasmArrowDb {
  table(sql: string): Table;
  close(): void;
}

interface Duck {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<Db>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
}
interface Db {
  instantiate(): Promise<unknown>;
  connect(): { query(sql: string): Table; close(): void };
  reset(): void;
}

/** Start the wasm engine (the blocking node build, as test/query/wasm.ts does). */
export async function wasmArrowDb(): Promise<WasmArrowDb> {
  const require = createRequire(import.meta.url);
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as Duck;
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const conn = db.connect();
  return {
    table: (sql) => conn.query(sql),
    close() {
      conn.close();
      db.reset();
    },
  };
}
