/** A column as the engine's catalogue describes it; `type` is DuckDB's spelling (`VARCHAR`, `BIGINT`). */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** A table or view and its columns, in catalogue order. */
export interface SchemaTable {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
}

/** The tables and views SQL can name: what the SQL editor completes. Plain data, built from engine metadata. */
export type SchemaInfo = { tables: SchemaTable[] };
