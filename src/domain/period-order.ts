/** Ordering period labels as real tables write them, and telling period headers from other column names. */
import { parsePeriod, readPeriodLabel, type Period } from './periods';

/** True when a column header names a period (`04/05`, `10/11*`, `Mid-2019`, `Sep-18`, `2019 [note 3]`); false for `Total`. */
export function isPeriodHeader(header: string): boolean {
  return readPeriodLabel(header).readings.length > 0;
}

/**
 * Sort order of two period labels: by the period's last day, then its first (so 2019 Q4 and 2019 fall in a fixed
 * order), then as text; labels that name no period come after every period, as text.
 */
export function comparePeriods(a: string, b: string): number {
  const [pa, pb] = [parsePeriod(a), parsePeriod(b)];
  if (pa && !pb) return -1;
  if (!pa && pb) return 1;
  return (pa && pb && compareParsedPeriods(pa, pb)) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Time order of two periods: by last day, then first day (ISO dates compare as text). */
export function compareParsedPeriods(a: Period, b: Period): number {
  return a.end < b.end ? -1 : a.end > b.end ? 1 : a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

/** The label of the latest period (by last day, then first day); labels that name no period never win. */
export function latestPeriod(labels: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const l of labels) {
    if (parsePeriod(l) && (best === undefined || comparePeriods(l, best) > 0)) best = l;
  }
  return best;
}

