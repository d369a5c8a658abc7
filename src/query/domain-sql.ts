/**
 * The small queries the app's domain layer runs around recognition: a sample of every column as text, and the
 * rows a normalised view marks as totals.
 */
import { ident, num, str } from './sql';

/** The first `rows` rows of `table`, every column cast to text and named by position (`c0`, `c1`, …). */
export function sampleSql(table: string, columns: readonly string[], rows = 2000): string {
  if (columns.length === 0) throw new RangeError(`cannot sample ${JSON.stringify(table)}: it has no columns`);
  const select = columns.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(`c${i}`)}`).join(', ');
  return `SELECT ${select} FROM ${ident(table)} LIMIT ${num(rows)}`;
}

/** A column whose total labels are listed: a force column also counts region headings ("North East") as totals. */
export interface TotalLabelColumn {
  name: string;
  kind: 'force' | 'label' | 'dimension';
}

/**
 * The total labels among the rows of `view` flagged by `flag`, by column: column_name, value, row_count. Each column
 * is tested with the same macros the view used (soc_is_total, soc_is_region_like, soc_is_dimension_total), so only
 * the labels that made a row a total are listed, not the forces beside them.
 */
export function totalLabelsSql(view: string, flag: string, columns: readonly TotalLabelColumn[]): string {
  if (columns.length === 0) throw new RangeError(`no columns to list the total labels of ${JSON.stringify(view)} by`);
  // Each column's flagged values are grouped first and tested once each; MATERIALIZED keeps DuckDB 0.9.1 from
  // pushing the test (regexps over folded text) back down onto every row.
  const parts = columns.map((c, i) => {
    const v = 'value';
    const test = c.kind === 'dimension' ? `soc_is_dimension_total(${v})` : c.kind === 'force' ? `(soc_is_total(${v}) OR soc_is_region_like(${v}))` : `soc_is_total(${v})`;
    const grouped = `SELECT CAST(${ident(c.name)} AS VARCHAR) AS value, count(*) AS row_count FROM ${ident(view)} WHERE ${ident(flag)} GROUP BY ALL`;
    return { cte: `${ident(`g${i}`)} AS MATERIALIZED (${grouped})`, select: `SELECT ${num(i)} AS position, ${str(c.name)} AS column_name, value, row_count FROM ${ident(`g${i}`)} WHERE ${test}` };
  });
  return (
    `WITH ${parts.map((p) => p.cte).join(',\n')}\nSELECT column_name, value, row_count FROM (\n${parts.map((p) => p.select).join('\nUNION ALL\n')}\n)\n` +
    `ORDER BY position, row_count DESC, value`
  );
}

/** The number of rows of `view` flagged by `flag`: n. */
export function flaggedCountSql(view: string, flag: string): string {
  return `SELECT count(*)::DOUBLE AS n FROM ${ident(view)} WHERE ${ident(flag)}`;
}

/** Row counts of a table and its normalised view, in one row: base_rows, norm_rows. */
export function rowCountsSql(table: string, view: string): string {
  return `SELECT (SELECT count(*) FROM ${ident(table)})::DOUBLE AS base_rows, (SELECT count(*) FROM ${ident(view)})::DOUBLE AS norm_rows`;
}

/** Drop a view the domain layer made, if it is still there. */
export function dropViewSql(view: string): string {
  return `DROP VIEW IF EXISTS ${ident(view)}`;
}

/** How many rows of `view` hold a raw value that differs from its canonical form, for any [raw, canonical] pair: n. */
export function differingRowsSql(view: string, pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) throw new RangeError(`no columns to compare in ${JSON.stringify(view)}`);
  const differs = pairs.map(([raw, canonical]) => `CAST(${ident(raw)} AS VARCHAR) IS DISTINCT FROM ${ident(canonical)}`);
  return `SELECT count(*)::DOUBLE AS n FROM ${ident(view)} WHERE ${differs.join(' OR ')}`;
}

/**
 * Of the total labels of `column`, the one whose rows hold the most of `measure` (the grand total): value, amount.
 * Only a label on more than one row counts: a "*Total Tactics" row per force is what to compare forces on, but the
 * table's single grand-total row ("Total Tactics" of "Total (excluding …)") would leave one bar to compare.
 */
export function grandTotalSql(table: string, column: string, labels: readonly string[], measure: string): string {
  if (labels.length === 0) throw new RangeError(`no total labels of ${JSON.stringify(column)} to choose from`);
  return `SELECT CAST(${ident(column)} AS VARCHAR) AS value, sum(TRY_CAST(${ident(measure)} AS DOUBLE)) AS amount FROM ${ident(table)} ` +
    `WHERE CAST(${ident(column)} AS VARCHAR) IN (${labels.map(str).join(', ')}) GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 1`;
}
