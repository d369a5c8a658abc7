/** DuckDB-WASM 1.28.0 (DuckDB 0.9.1) in node: the engine the app ships, for SQL that must run on 0.9.1. */
import { createRequire } from 'node:module';
import type * as arrow from 'apache-arrow';

// The part of the node build's API used here (its own typings are the browser build's).
interface Duck {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<Db>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
}
interface Db {
  instantiate(): Promise<unknown>;
  connect(): { send(sql: string): Promise<Iterable<arrow.RecordBatch>>; close(): void };
  registerFileText(name: string, text: string): void;
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  copyFileToBuffer(name: string): Uint8Array;
  reset(): void;
}

/** An open DuckDB-WASM database with one connection. */
export interface Wasm {
  /** Rows as plain objects: BIGINT/HUGEINT as strings, DATE as "YYYY-MM-DD", lists as arrays. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  registerText(name: string, text: string): void;
  /** Hand the engine a file's bytes under a name its SQL can read. */
  registerBuffer(name: string, bytes: Uint8Array): void;
  /** The bytes of a file the engine wrote (COPY … TO name). */
  fileBytes(name: string): Uint8Array;
  close(): void;
}

// Arrow type ids (apache-arrow's Type enum), compared as numbers: the checks must work on the CJS copy's objects.
const DATE = 8, DECIMAL = 7, LIST = 12, STRUCT = 13;

function plain(v: unknown, type?: arrow.DataType): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (type?.typeId === DATE) return new Date(v as number | Date).toISOString().slice(0, 10);
  if (type?.typeId === DECIMAL) return String(v);
  if (type?.typeId === LIST) return [...(v as Iterable<unknown>)].map((x) => plain(x, type.children[0].type));
  if (type?.typeId === STRUCT) {
    const s = v as Record<string, unknown>;
    return Object.fromEntries(type.children.map((f) => [f.name, plain(s[f.name], f.type)]));
  }
  return v;
}

/** Start DuckDB-WASM's node blocking build. Queries go through send(), which raises errors (query() swallows some, #1662). */
export async function openWasm(): Promise<Wasm> {
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
  // The Arrow that duckdb-wasm's CJS build requires: vite gives an ESM import another copy, and a Table built
  // from the other copy's batches recurses until the stack overflows.
  const cjsArrow = require('apache-arrow') as typeof arrow;
  const table = async (sql: string) => new cjsArrow.Table([...(await conn.send(sql))]);
  return {
    async rows(sql) {
      const t = await table(sql);
      const fields = t.schema.fields;
      return t.toArray().map((r: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f.name, plain(r[f.name], f.type)])));
    },
    async run(sql) {
      await table(sql);
    },
    registerText: (name, text) => db.registerFileText(name, text),
    registerBuffer: (name, bytes) => db.registerFileBuffer(name, bytes),
    fileBytes: (name) => db.copyFileToBuffer(name),
    close() {
      conn.close();
      db.reset();
    },
  };
}
