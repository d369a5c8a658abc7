/** Native DuckDB (the @duckdb/node-api build), the independent reference for browser tests. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let conn: DuckDBConnection | null = null;

/** Run SQL in native DuckDB and return rows as objects; BIGINT/HUGEINT become strings so they compare exactly. */
export async function nativeRows(sql: string): Promise<Record<string, unknown>[]> {
  conn ??= await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await conn.runAndReadAll(sql);
  const names = reader.columnNames();
  return reader.getRowsJS().map((row) => Object.fromEntries(row.map((v, i) => [names[i], typeof v === 'bigint' ? v.toString() : v])));
}

/** Quote a path for native SQL. */
export function pathLiteral(p: string): string {
  return `'${p.replaceAll("'", "''")}'`;
}
