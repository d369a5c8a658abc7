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

/**
 * Every table and view of the database's own `main` schema (not of an attached database), one row per column in
 * order: name, kind ('BASE TABLE' or 'VIEW'), col, type, and a view's definition. Runs on DuckDB-WASM 1.28.0 and native.
 */
export const CATALOGUE_SQL = `SELECT t.table_name AS name, t.table_type AS kind, c.column_name AS col, c.data_type AS type, v.sql AS definition
     FROM information_schema.tables t JOIN information_schema.columns c
       ON c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema AND c.table_name = t.table_name
     LEFT JOIN duckdb_views() v ON v.database_name = t.table_catalog AND v.schema_name = t.table_schema AND v.view_name = t.table_name
     WHERE t.table_catalog = current_database() AND t.table_schema = 'main' ORDER BY t.table_name, c.ordinal_position`;
