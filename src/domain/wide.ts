import { compareParsedPeriods } from './period-order';
import { PERIOD_TYPES, readPeriodLabel, type Period, type PeriodContext, type PeriodType } from './periods';
import { isTotalLabel } from './roles';

/** A table published wide: one column per period (`04/05` … `19/20`), to be read long as period + value. */
export interface WideTable {
  /** The period columns, in table order, each with the period its header names and the footnote marker glued to it. */
  periodColumns: { name: string; period: Period; note?: string }[];
  /** The period column of the latest period (by end date; tables put it first or last). */
  latest: string;
  /** Columns before the first period column that identify a row (the force, the measure…). */
  idColumns: string[];
  /** Columns kept out of the long view: a trailing Total, and anything else that is not a period or an id. */
  excluded: string[];
  /** The period type most headers have. */
  periodType: PeriodType;
  /** True when headers mix period types (years and financial years). */
  mixed: boolean;
  /** Why, in a few words, for the UI. */
  reason: string;
}

/**
 * The wide layout of a table from its column names, or undefined when fewer than two headers are periods. Headers may
 * carry footnote markers (`10/11*`); a `Total` across periods is never a period. `context` is what a header row above
 * says about bare-year headers (ONS's "Mid-year" over `2002` … `2016`; periodContext()).
 */
export function detectWideTable(columnNames: readonly string[], options: { context?: PeriodContext } = {}): WideTable | undefined {
  const labels = columnNames.map((name) => readPeriodLabel(name, options.context));
  // "2011-12" is a financial year among "2010-11" headers and a month among "2011-11" ones: the majority decides.
  const fits = (t: PeriodType) => labels.filter((l) => l.readings.some((p) => p.type === t)).length;
  const periodType = PERIOD_TYPES.reduce((a, b) => (fits(b) > fits(a) ? b : a));
  const periodColumns = columnNames.flatMap((name, i) => {
    const { readings, note } = labels[i];
    const period = readings.find((p) => p.type === periodType) ?? readings[0];
    if (!period) return [];
    return note === undefined ? [{ name, period }] : [{ name, period, note }];
  });
  if (periodColumns.length < 2) return undefined;
  const first = columnNames.indexOf(periodColumns[0].name);
  const isPeriod = new Set(periodColumns.map((c) => c.name));
  const idColumns = columnNames.filter((n, i) => i < first && !isTotalLabel(n));
  const excluded = columnNames.filter((n) => !isPeriod.has(n) && !idColumns.includes(n));
  const types = [...new Set(periodColumns.map((c) => c.period.type))];
  const firstLast = `${periodColumns[0].name} … ${periodColumns[periodColumns.length - 1].name}`;
  const kept = excluded.length ? `; ${excluded.map((n) => JSON.stringify(n)).join(', ')} kept out` : '';
  return {
    periodColumns,
    latest: periodColumns.reduce((a, b) => (compareParsedPeriods(b.period, a.period) > 0 ? b : a)).name,
    idColumns,
    excluded,
    periodType,
    mixed: types.length > 1,
    reason: `${periodColumns.length} period columns (${types.join(', ').replaceAll('-', ' ')}): ${firstLast}${kept}`,
  };
}

/**
 * A name for the values of a wide table's long form, so the chart says what is counted: the unit a spreadsheet gives
 * ("full_time_equivalents"), else what comes before "_by_" in the table's name ("officer_fte" of
 * "officer_fte_by_force_region_2019", "deaths_in_custody" of "deaths_in_custody_by_force_fy"), else "value".
 */
export function longValueName(table: string, unit?: string): string {
  // A spreadsheet's unit label ("Full-time equivalents", "Rate per 1,000 population") says what the values are.
  const fromUnit = unit?.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (fromUnit && /^[a-z]/.test(fromUnit)) return fromUnit;
  const stem = /^([a-z][a-z0-9]*(?:_[a-z0-9]+)*?)_by_/i.exec(table)?.[1];
  return stem && !/^\d/.test(stem) ? stem.toLowerCase() : 'value';
}
