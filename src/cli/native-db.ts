/**
 * Native DuckDB (`@duckdb/node-api`) behind the shape the workbench's code reads results in: an Arrow table, as
 * DuckDB-WASM gives it. The domain state, the view runner and the CSV export then run unchanged in node. Each result
 * of the render is small (a sample, a lookup, a view's aggregated rows), so building Arrow vectors in JS costs nothing
 * beside the query; the data itself stays in DuckDB.
 */
import * as arrow from 'apache-arrow';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBMaterializedResult } from '@duckdb/node-api';
import type { QueryResult } from '../engine';
import { ident, str } from '../query';

/** How to open the database. */
export interface NativeOptions {
  /** DuckDB's `threads` setting (default: DuckDB's, one per core). */
  threads?: number;
  /** DuckDB's `memory_limit`, as DuckDB spells it (`8GB`). */
  memoryLimit?: string;
}

/** The schema a `--db` file is attached as; its tables are seen in `main` through views of the same name. */
export const ATTACHED = 'soc_source';

const INT32 = new Set([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT]);
const FLOAT = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.DECIMAL]);

/**
 * One result column as an Arrow vector, in the types DuckDB-WASM would give: whole numbers up to INTEGER as Int32,
 * BIGINT as Int64 (bigint values), other numbers as Float64, and text and every other type as DuckDB's own text.
 */
function vector(result: DuckDBMaterializedResult, column: number, rows: number): arrow.Vector {
  const id = result.columnTypeId(column);
  const values: unknown[] = [];
  for (let i = 0; i < result.chunkCount; i++) values.push(...result.getChunk(i).getColumnValues(column));
  if (values.length !== rows) throw new Error(`read ${values.length} values of column ${column}, expected ${rows}`);
  const plain = (x: unknown) => (x === null || x === undefined ? null : x);
  if (id === DuckDBTypeId.BOOLEAN) return arrow.vectorFromArray(values.map(plain) as (boolean | null)[], new arrow.Bool());
  if (INT32.has(id)) return arrow.vectorFromArray(values.map(plain) as (number | null)[], new arrow.Int32());
  if (id === DuckDBTypeId.BIGINT) return arrow.vectorFromArray(values.map(plain) as (bigint | null)[], new arrow.Int64());
  if (FLOAT.has(id)) return arrow.vectorFromArray(values.map((x) => (x === null || x === undefined ? null : Number(typeof x === 'object' ? String(x) : x))), new arrow.Float64());
  return arrow.vectorFromArray(values.map((x) => (x === null || x === undefined ? null : String(x))), new arrow.Utf8());
}

/** A materialised result as an Arrow table with the result's column names (made unique, as DuckDB-WASM does). */
function toArrow(result: DuckDBMaterializedResult): arrow.Table {
  const names = result.deduplicatedColumnNames();
  const rows = result.rowCount;
  return new arrow.Table(Object.fromEntries(names.map((n, i) => [n, vector(result, i, rows)])));
}

/** An open native database: queries answered as Arrow tables, with their time. */
export class NativeDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** An in-memory database: the workbench's own tables and views live there, never in a file of the user's. */
  static async open(options: NativeOptions = {}): Promise<NativeDb> {
    const settings: Record<string, string> = {};
    if (options.threads !== undefined) settings.threads = String(options.threads);
    if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(':memory:', settings);
    return new NativeDb(instance, await instance.connect());
  }

  /** Run SQL; its last statement's rows as an Arrow table. */
  async table(sql: string): Promise<arrow.Table> {
    return toArrow(await this.conn.run(sql));
  }

  /** Run SQL as the view runner asks: the rows and how long the engine took. */
  async query(sql: string): Promise<QueryResult> {
    const t0 = performance.now();
    const table = await this.table(sql);
    return { sql, table, elapsedMs: performance.now() - t0 };
  }

  /** Run statements for their effect. */
  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /**
   * Attach a database file read-only and show each of its main tables and views in `main` under its own name, as
   * the workbook's views name them (but for names `main` already has: the built-in population). The workbench's
   * lookups and views are made in memory, never in the user's file. Returns the names shown.
   */
  async attach(path: string): Promise<string[]> {
    await this.run(`ATTACH ${str(path)} AS ${ident(ATTACHED)} (READ_ONLY)`);
    const list = async (catalog: string) =>
      (await this.table(`SELECT table_name AS n FROM information_schema.tables WHERE table_catalog = ${catalog} AND table_schema = 'main' ORDER BY 1`)).toArray().map((r) => String(r.n));
    const own = new Set((await list('current_database()')).map((n) => n.toLowerCase()));
    const names = (await list(str(ATTACHED))).filter((n) => !own.has(n.toLowerCase()));
    for (const n of names) await this.run(`CREATE VIEW ${ident(n)} AS SELECT * FROM ${ident(ATTACHED)}.main.${ident(n)}`);
    return names;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
