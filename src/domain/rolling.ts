/**
 * Rolling totals: each value is already a year's total ("Rolling year total number of offences", a column of "12
 * months ending …" periods published quarterly), so summing them over periods multiplies the count.
 */
import type { ViewSpec } from './view-spec';
import { PERIOD_TYPES, parsePeriodCandidates, type Period } from './periods';

// "Rolling year total", "12 months ending", "moving annual total", "year to date", "cumulative"; not "ytd", which Home
// Office tables use for the end date of a year's own total (TASER use by force).
const ROLLING_NAME = /\brolling\b|\b(?:12|twelve)[- ]months?\b.*\b(?:ending|to)\b|\bmoving annual\b|\byear to date\b|\bcumulative\b/i;

/** True when two distinct periods of one reading overlap: year ending March 2019, year ending June 2019, … */
function overlapping(periods: Period[]): boolean {
  const sorted = [...new Map(periods.map((p) => [`${p.start} ${p.end}`, p])).values()].sort((a, b) => a.start.localeCompare(b.start));
  return sorted.some((p, i) => i > 0 && p.start <= sorted[i - 1].end);
}

/**
 * True for a measure whose values are rolling or cumulative totals, never to be summed over periods: by its own name
 * ("Rolling year total number of offences"), by its period column's name ("12 months ending"), or by its period
 * values (rolling-year labels, or periods of one kind that overlap, as quarterly steps of 12-month periods do).
 */
export function isRollingMeasure(columnName: string, context: { periodColumn?: string; periodValues?: readonly string[] } = {}): boolean {
  if (ROLLING_NAME.test(columnName)) return true;
  if (context.periodColumn !== undefined && ROLLING_NAME.test(context.periodColumn)) return true;
  const readings = (context.periodValues ?? []).map((v) => parsePeriodCandidates(v));
  if (readings.some((r) => r[0]?.type === 'rolling-year')) return true;
  // Every reading counts: "year ending March 2019" is read first as a financial year, which overlaps nothing.
  return PERIOD_TYPES.some((t) => overlapping(readings.flatMap((r) => r.filter((p) => p.type === t))));
}

/**
 * Why a view of a rolling measure would sum it over periods, or undefined when it does not: each value is already a
 * year's total, so a sum over several periods counts the same months many times. A view splits by period, or keeps
 * one period, or it is refused with this reason.
 */
export function rollingSumProblem(spec: ViewSpec, periodValues: readonly string[]): string | undefined {
  const period = spec.roles.period;
  const column = spec.measure.column;
  if (!period || column === null || spec.measure.aggregate !== 'sum') return undefined;
  if (!isRollingMeasure(column, { periodColumn: period, periodValues })) return undefined;
  const split = [spec.compareBy, spec.series].some((d) => d?.by === 'period' || (d?.by === 'column' && d.column === period));
  if (split) return undefined;
  const kept = spec.filters.filter((f) => f.column === period).flatMap((f) => f.values);
  const range = spec.periodRange;
  if (kept.length === 1 || (range?.from && range.from === range.to)) return undefined;
  return `${column} is a rolling total (each value already covers 12 months), so adding it up over periods would count the same months several times. Keep one period in the filters, or compare by period.`;
}
