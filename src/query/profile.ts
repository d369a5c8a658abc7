/**
 * Column profiles computed in DuckDB on demand: one summary row, the top values, and for numbers and dates a
 * histogram. Each is one statement, so the engine can run and cancel them one by one.
 */
import { isNumericType, isTemporalType } from '../domain';
import { ident, num, str } from './sql';

/** The statements of one column's profile. */
export interface ProfileSql {
  /** One row: column_type, row_count, null_count, distinct_count, min_value, max_value (min/max as text). */
  summary: string;
  /** Up to `top` rows: value (as text), row_count; most frequent first, ties by value; NULLs left out. */
  top: string;
  /** Numbers and dates only: bin, lower, upper, row_count; equal-width bins from min to max (last bin closed). */
  histogram?: string;
}

const NESTED = /\[\]$|^(?:STRUCT|MAP|UNION|LIST)\b/i;

/** The SQL for a column profile: summary, top 10 values and, for numbers and dates, a 20-bin histogram. */
export function profileSql(table: string, column: string, type: string, options: { bins?: number; top?: number } = {}): ProfileSql {
  const bins = options.bins ?? 20;
  const top = options.top ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`invalid bins: ${bins} (a whole number ≥ 1)`);
  if (!Number.isInteger(top) || top < 1) throw new RangeError(`invalid top: ${top} (a whole number ≥ 1)`);
  const t = ident(table);
  const c = ident(column);
  // Lists and structs have no order DuckDB 0.9.1 can min/max reliably; they are profiled by their text.
  const nested = NESTED.test(type.trim());
  const v = nested ? `CAST(${c} AS VARCHAR)` : c;
  const summary =
    `SELECT ${str(type)} AS column_type, count(*) AS row_count, count(*) - count(${c}) AS null_count, ` +
    `count(DISTINCT ${v}) AS distinct_count, ` +
    `${nested ? 'NULL::VARCHAR' : `CAST(min(${c}) AS VARCHAR)`} AS min_value, ${nested ? 'NULL::VARCHAR' : `CAST(max(${c}) AS VARCHAR)`} AS max_value ` +
    `FROM ${t}`;
  const topSql =
    `SELECT CAST(${v} AS VARCHAR) AS value, count(*) AS row_count FROM ${t} WHERE ${c} IS NOT NULL ` +
    `GROUP BY ${v} ORDER BY row_count DESC, ${v} LIMIT ${num(top)}`;
  return { summary, top: topSql, histogram: histogramSql(t, c, type.trim(), bins) };
}

function histogramSql(t: string, c: string, type: string, bins: number): string | undefined {
  const temporal = isTemporalType(type);
  if (!temporal && !isNumericType(type)) return undefined;
  // Dates and times are binned on epoch milliseconds; TIMESTAMPTZ goes through TIMESTAMP (no ICU in DuckDB-WASM 0.9.1).
  const x = temporal ? `CAST(epoch_ms(CAST(${c} AS TIMESTAMP)) AS DOUBLE)` : `CAST(${c} AS DOUBLE)`;
  const bound = (e: string) => (temporal ? `make_timestamp(CAST(round((${e}) * 1000) AS BIGINT))` : e);
  const n = num(bins);
  // NaN and ±Infinity have no place on a number line: they are left out of the bins.
  return (
    `WITH v AS (SELECT ${x} AS x FROM ${t} WHERE ${c} IS NOT NULL), f AS (SELECT x FROM v WHERE isfinite(x)),\n` +
    `s AS (SELECT min(x) AS lo, max(x) AS hi FROM f),\n` +
    `b AS (SELECT CASE WHEN s.hi = s.lo THEN 0 ELSE least(CAST(floor((f.x - s.lo) / (s.hi - s.lo) * ${n}) AS INTEGER), ${n} - 1) END AS bin, ` +
    `count(*) AS row_count FROM f, s GROUP BY bin)\n` +
    `SELECT CAST(r.range AS INTEGER) AS bin, ${bound(`s.lo + (s.hi - s.lo) * r.range / ${n}`)} AS lower, ` +
    `${bound(`s.lo + (s.hi - s.lo) * (r.range + 1) / ${n}`)} AS upper, coalesce(b.row_count, 0) AS row_count\n` +
    `FROM s, range(${n}) AS r LEFT JOIN b ON b.bin = r.range\n` +
    `WHERE s.lo IS NOT NULL AND r.range < CASE WHEN s.hi = s.lo THEN 1 ELSE ${n} END ORDER BY bin`
  );
}
