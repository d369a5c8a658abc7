/** Tables loaded into native DuckDB and described as recogniseRoles() input. */
import type { ColumnSample } from '../../src/domain/roles';
import { nativeRows, pathLiteral } from './native';

/** Load a file (CSV auto-detected, or Parquet) into native table `name`. */
export async function loadNative(name: string, path: string): Promise<void> {
  await nativeRows(`CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM ${pathLiteral(path)}`);
}

/** The columns of a native table with the first `limit` rows as their sample, as the engine would pass them. */
export async function columnSamples(table: string, limit = 1000): Promise<ColumnSample[]> {
  const desc = await nativeRows(`DESCRIBE "${table}"`);
  const rows = await nativeRows(`SELECT * FROM "${table}" LIMIT ${limit}`);
  return desc.map((d) => ({ name: String(d.column_name), type: String(d.column_type), sample: rows.map((r) => r[String(d.column_name)]) }));
}
