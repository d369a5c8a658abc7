/**
 * The SQL every engine runs, word for word: DuckDB-WASM in the page and native DuckDB get the same text
 * against a table or view of the same name, so a ratio compares engines, not queries.
 */
import { ident, str } from '../src/query/sql';

/** A file path as a SQL string literal (native DuckDB reads files by path). */
export function sqlPath(path: string): string {
  return str(path);
}

/** Table name for a dataset held as a table (CSV loaded) or a view (Parquet). */
export function tableName(kind: 'csv' | 'parquet' | 'handle', label: string): string {
  return `soc_${kind}_${label}`;
}

/** Disruptions by force × financial year: the workbench's bread-and-butter aggregate. */
export function groupBySql(table: string): string {
  return `SELECT force, financial_year, sum(disruptions)::BIGINT AS disruptions
FROM ${ident(table)}
GROUP BY force, financial_year
ORDER BY force, financial_year`;
}

/**
 * Rank of forces per year by disruptions per 100k residents. The join is made row by row before the
 * aggregate (as a builder view over a joined lookup would), so it costs what a join over the data costs.
 */
export function windowSql(table: string, population = 'population'): string {
  return `SELECT force, financial_year, disruptions, rate_per_100k,
  rank() OVER (PARTITION BY financial_year ORDER BY rate_per_100k DESC) AS rank
FROM (
  SELECT d.force, d.financial_year, sum(d.disruptions)::BIGINT AS disruptions,
    sum(d.disruptions) * 100000.0 / any_value(p.population) AS rate_per_100k
  FROM ${ident(table)} d JOIN ${ident(population)} p ON p.force = d.force
  GROUP BY d.force, d.financial_year
)
ORDER BY financial_year, rank, force`;
}

/** Every row and column: what the grid is asked to show. */
export function allRowsSql(table: string): string {
  return `SELECT * FROM ${ident(table)}`;
}

/** The check the app makes when it copies a Parquet file in (every column decoded once), for native parity. */
export function parquetCheckSql(path: string): string {
  return `SELECT count(*) AS n, max(hash(COLUMNS(*))) FROM read_parquet(${sqlPath(path)})`;
}
