/**
 * Population matched by mid-year (`denominator.midYear`, e.g. the built-in ref_population): each distinct force and
 * period of the table is given the population of its canonical force in its population year — the latest 30 June on
 * or before the period's last day (src/domain/population.ts), capped at the lookup's latest year — so population is
 * never summed across years and a force spelled "Avon & Somerset" finds "Avon and Somerset". Forces are matched
 * through the same lookup table and key as the normalised views (soc_force_map, soc_force_key in normalise.ts);
 * periods are read by the same macros (period-sql.ts). Needs mappingTablesSql() to have run, as the views do.
 */
import { isTemporalType } from '../domain';
import { MAPPING_TABLES, periodExpr } from './normalise';
import { ident, str } from './sql';

/** Internal names used inside the population subqueries. */
const P = { year: 'pop_year', wanted: 'pop_year_wanted', next: 'pop_next', parsed: 'pop_period', force: 'pop_force' } as const;

/** SQL: the population year of the day after a period ends (`next`): 30 June Y ≤ last day ⇔ 1 July Y ≤ next. */
function yearFromNext(next: string): string {
  return `year(${next}) - CASE WHEN month(${next}) < 7 THEN 1 ELSE 0 END`;
}

/**
 * SQL for the day after the period `value` (a column of `type`) ends, in two steps: `parsedSql` reads the period
 * (NULL for a date column), `nextSql` gives the day after its end from that reading. NULL for a value that is not
 * a period the workbench knows, so it finds no population and is named as unmatched.
 */
export function periodNextSql(value: string, type: string, read?: PeriodRead): { parsed: string; next: (parsed: string) => string } {
  if (isTemporalType(type)) {
    // TIMESTAMPTZ → DATE has no cast without ICU (DuckDB-WASM 0.9.1); through TIMESTAMP it reads as UTC.
    return { parsed: 'NULL', next: () => `CAST(CAST(${value} AS TIMESTAMP) AS DATE) + INTERVAL 1 DAY` };
  }
  return {
    // The normalised view's own reading when there is one: the period parsers take DuckDB-WASM up to a second to plan.
    parsed: read ? `struct_pack(start := ${read.start}, type := ${read.type})` : periodExpr(`soc_period_text(CAST(${value} AS VARCHAR))`),
    next: (p) => {
      const start = `struct_extract(${p}, 'start')`;
      // A rolling year is 12 months ending on its last day; a point in time ("As at 31 March", "Mid-2019") is a day.
      const months = [['financial-year', 12], ['calendar-year', 12], ['rolling-year', 12], ['quarter', 3], ['month', 1]] as const;
      const whens = months.map(([type, n]) => `WHEN ${str(type)} THEN ${start} + INTERVAL ${n} MONTH`);
      return `CASE struct_extract(${p}, 'type') ${whens.join(' ')} WHEN 'date' THEN ${start} + INTERVAL 1 DAY WHEN 'point' THEN ${start} + INTERVAL 1 DAY END`;
    },
  };
}

/** A normalised view's reading of its period column: the columns holding its first day and its type. */
export interface PeriodRead {
  start: string;
  type: string;
}

/** SQL: the mid-year a lookup's year column names (2019, '2019', 'Mid-2019'), as INTEGER. */
function lookupYearSql(column: string): string {
  return `TRY_CAST(regexp_extract(CAST(${column} AS VARCHAR), '(\\d{4})', 1) AS INTEGER)`;
}

/** What the population CTE is made from: the fact table's key expressions and the lookup's columns. */
export interface MidYearPopulation {
  table: string;
  /** The fact table's force key expression (as base selects it) and, when it has a period, its period key and type. */
  forceKey: string;
  period?: { key: string; type: string; read?: PeriodRead };
  lookup: { table: string; force: string; midYear: string; population: string };
  /** Internal output names: force key, period key, population. */
  out: { force: string; period: string; population: string };
}

/**
 * SQL giving each distinct force (and period) of the table its wanted population year (`pop_year_wanted`: from the
 * period's end, NULL when the period can't be read) and the year used (`pop_year`: capped at the lookup's latest).
 */
export function midYearKeysSql(m: MidYearPopulation): string {
  const { force: fk, period: pk } = m.out;
  const kCols = [ident(fk), ...(m.period ? [ident(pk)] : [])];
  const read = m.period?.read;
  const keyCols = [`${m.forceKey} AS ${ident(fk)}`, ...(m.period ? [`${m.period.key} AS ${ident(pk)}`] : []), ...(read ? [`${read.start} AS pop_start`, `${read.type} AS pop_type`] : [])];
  const keys = `SELECT DISTINCT ${keyCols.join(', ')} FROM ${ident(m.table)}`;
  const l = m.lookup;
  const latest = `(SELECT max(${lookupYearSql(`l.${ident(l.midYear)}`)}) FROM ${ident(l.table)} AS l)`;
  if (!m.period) return `SELECT ${kCols.join(', ')}, ${latest} AS ${ident(P.wanted)}, ${latest} AS ${ident(P.year)} FROM (${keys})`;
  const n = periodNextSql(ident(pk), m.period.type, read ? { start: 'pop_start', type: 'pop_type' } : undefined);
  const parsed = `SELECT ${kCols.join(', ')}, ${n.parsed} AS ${ident(P.parsed)} FROM (${keys})`;
  const next = `SELECT ${kCols.join(', ')}, ${n.next(ident(P.parsed))} AS ${ident(P.next)} FROM (${parsed})`;
  const wanted = `SELECT ${kCols.join(', ')}, ${yearFromNext(ident(P.next))} AS ${ident(P.wanted)} FROM (${next})`;
  // least() skips NULLs in DuckDB: a period it could not read must stay NULL, not become the latest year.
  return `SELECT *, CASE WHEN ${ident(P.wanted)} IS NOT NULL THEN least(${ident(P.wanted)}, ${latest}) END AS ${ident(P.year)} FROM (${wanted})`;
}

/**
 * The `pop` CTE body for a mid-year lookup: one row per distinct (force, period) of the table that has a
 * population, keyed by the table's own values so that `matched` joins it like any other lookup, with the
 * population year used (`pop_year`) for the caption.
 */
export function midYearPopCte(m: MidYearPopulation): string {
  const { force: fk, period: pk, population: pop } = m.out;
  const kCols = [ident(fk), ...(m.period ? [ident(pk)] : [])];
  const l = m.lookup;
  const map = ident(MAPPING_TABLES.force);
  const lookupRows =
    `SELECT lf.force AS ${ident(P.force)}, ${lookupYearSql(`l.${ident(l.midYear)}`)} AS ${ident(P.year)}, l.${ident(l.population)} AS ${ident(pop)} ` +
    `FROM ${ident(l.table)} AS l JOIN ${map} AS lf ON lf.key = soc_force_key(CAST(l.${ident(l.force)} AS VARCHAR))`;
  const out = [...kCols.map((c) => `k.${c}`), `k.${ident(P.year)}`];
  return (
    `SELECT ${out.join(', ')}, CAST(sum(p.${ident(pop)}) AS DOUBLE) AS ${ident(pop)}\n` +
    `  FROM (\n    ${midYearKeysSql(m)}\n  ) AS k\n` +
    `  JOIN ${map} AS kf ON kf.key = soc_force_key(CAST(k.${ident(fk)} AS VARCHAR))\n` +
    `  JOIN (\n    ${lookupRows}\n  ) AS p ON p.${ident(P.force)} = kf.force AND p.${ident(P.year)} = k.${ident(P.year)}\n` +
    `  GROUP BY ${out.map((_, i) => i + 1).join(', ')}`
  );
}

/** Internal names of the population year used and wanted, in midYearKeysSql and the `pop` CTE. */
export const POPULATION_YEAR = { used: P.year, wanted: P.wanted } as const;
