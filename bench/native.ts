/**
 * Native DuckDB (@duckdb/node-api), the physical reference: the same SQL on the same files, on this
 * machine, in the same run. One in-memory database per thread setting, so the two never share caches.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../src/query/sql';
import { sqlPath } from './sql';

/** One native database with a fixed thread count. */
export class NativeRunner {
  private constructor(
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly threads: number,
  ) {}

  static async create(threads: number): Promise<NativeRunner> {
    const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
    return new NativeRunner(db, await db.connect(), threads);
  }

  /** DuckDB's version string, e.g. "v1.5.6". */
  async version(): Promise<string> {
    return String((await this.rows('SELECT version() AS v'))[0][0]);
  }

  /** Run SQL and read every row; returns wall ms. */
  async time(sql: string): Promise<number> {
    const t0 = performance.now();
    await this.conn.runAndReadAll(sql);
    return performance.now() - t0;
  }

  /** Run a statement without timing. */
  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Rows as arrays of JS values. */
  async rows(sql: string): Promise<unknown[][]> {
    return (await this.conn.runAndReadAll(sql)).getRowsJS();
  }

  /** CSV into a table, as the app does: CREATE TABLE … AS SELECT * FROM read_csv_auto(…). */
  loadCsv(path: string, table: string): Promise<number> {
    return this.time(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv_auto(${sqlPath(path)})`);
  }

  /** Parquet as a view over the file (native DuckDB has one mode: it reads the file where it lies). */
  async viewParquet(path: string, view: string): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE VIEW ${ident(view)} AS SELECT * FROM read_parquet(${sqlPath(path)})`);
  }

  /** A small CSV as a table without timing (lookups). */
  async table(path: string, table: string): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv_auto(${sqlPath(path)})`);
  }

  async drop(table: string): Promise<void> {
    await this.conn.run(`DROP TABLE IF EXISTS ${ident(table)}`);
  }

  close(): void {
    this.conn.closeSync();
    this.db.closeSync();
  }
}
