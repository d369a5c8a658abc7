/**
 * SQL around aggregate-row detection (src/domain/aggregates.ts): the rows to classify, read in table order, and the
 * condition that marks the rows found to be aggregates by arithmetic (a region row whose name is also a force's).
 */
import { ident, num, str } from './sql';

/** Most rows read for detection; larger tables are classified by their labels alone. */
export const MAX_CLASSIFIED_ROWS = 20_000;

/**
 * Most measures read for detection: a region row is found by its label, period and these values, and the statements
 * that read and mark them grow with every measure (a 600-measure table's was past the engine's limit; issue 17 item 3).
 */
export const MAX_CLASSIFIED_MEASURES = 20;

/**
 * `label`, `period` (text or NULL) and the measures as DOUBLE (`m0`, `m1`, …), in table order; one row more than the
 * limit, so the caller knows when a table was too large to read whole.
 */
export function labelledRowsSql(table: string, label: string, period: string | undefined, measures: readonly string[]): string {
  const cols = [
    `CAST(${ident(label)} AS VARCHAR) AS label`,
    `${period ? `CAST(${ident(period)} AS VARCHAR)` : 'NULL'} AS period`,
    ...measures.map((m, i) => `TRY_CAST(${ident(m)} AS DOUBLE) AS ${ident(`m${i}`)}`),
  ];
  return `SELECT ${cols.join(', ')} FROM ${ident(table)} LIMIT ${num(MAX_CLASSIFIED_ROWS + 1)}`;
}

/** One row found to be an aggregate: its label, period and measure values, as read by labelledRowsSql. */
export interface AggregateRow {
  label: string;
  period: string | null;
  values: readonly (number | null)[];
}

/**
 * A condition over the table's own columns (qualified by `alias`) that is true for exactly the given rows: the label,
 * the period and every measure equal to what was read. DOUBLE literals round-trip exactly (JS prints the shortest
 * text that reads back as the same double, compared within a hair), so a row is matched by its numbers, not its position.
 */
export function aggregateRowsCondition(alias: string, label: string, period: string | undefined, measures: readonly string[], rows: readonly AggregateRow[]): string {
  if (rows.length === 0) return 'FALSE';
  const col = (c: string) => `${alias}.${ident(c)}`;
  const one = (r: AggregateRow) => {
    const parts = [`CAST(${col(label)} AS VARCHAR) = ${str(r.label)}`];
    if (period) parts.push(r.period === null ? `${col(period)} IS NULL` : `CAST(${col(period)} AS VARCHAR) = ${str(r.period)}`);
    measures.forEach((m, i) => {
      const v = r.values[i];
      // Within a few ulps: DuckDB reads a long literal as DECIMAL and its cast to DOUBLE can be one ulp off.
      parts.push(
        v === null || v === undefined
          ? `TRY_CAST(${col(m)} AS DOUBLE) IS NULL`
          : `abs(TRY_CAST(${col(m)} AS DOUBLE) - CAST(${str(num(v))} AS DOUBLE)) <= ${num(1e-9 * (1 + Math.abs(v)))}`,
      );
    });
    return `(${parts.join(' AND ')})`;
  };
  return rows.map(one).join(' OR ');
}
