/** DuckDB-WASM 1.28.0's node build (DuckDB 0.9.1, the app's engine), to catch SQL that only newer DuckDB accepts. */
import { createRequire } from 'node:module';

/** A wasm database: run SQL, get rows as plain objects (BIGINT as number). */
export interface WasmDb {
  rows(sql: string): Record<string, unknown>[];
  close(): void;
}

// The part of the node build's API used here (its own typings are the browser build's).
interface Duck {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<Db>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
}
interface Db {
  instantiate(): Promise<unknown>;
  connect(): { query(sql: string): { toArray(): { toJSON(): Record<string, unknown> }[] }; close(): void };
  reset(): void;
}

/** Start the wasm engine and run the setup statements. */
export async function wasmDb(setup: readonly string[]): Promise<WasmDb> {
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
  for (const s of setup) conn.query(s);
  return {
    rows: (sql) =>
      conn
        .query(sql)
        .toArray()
        .map((r) => Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))),
    close() {
      conn.close();
      db.reset();
    },
  };
}
