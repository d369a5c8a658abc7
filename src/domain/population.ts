/**
 * Population for rates: the built-in reference table's name and the rule that gives a period its population year.
 * Populations are mid-year estimates (30 June). A period uses the latest year whose 30 June falls on or before the
 * period's last day: the 30 June inside a year, financial year or rolling 12 months (FY 2019/20 → mid-2019,
 * 12 months ending 31 March 2019 → mid-2018), and the last one before a quarter, month or date ends.
 */
import type { Period } from './periods';

/** The built-in table of ONS mid-year population by police force area (reference/ref_population.json). */
export const REFERENCE_POPULATION = 'ref_population';

/** The first and last mid-years the built-in table holds. */
export const REFERENCE_YEARS = { first: 2001, last: 2023 } as const;

/** The population year of a period ending on `end` (ISO date): the latest Y with 30 June Y on or before it. */
export function populationYearOf(end: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(end);
  if (!m) throw new RangeError(`invalid period end: ${JSON.stringify(end)} (expected YYYY-MM-DD)`);
  const [y, md] = [Number(m[1]), `${m[2]}-${m[3]}`];
  return md >= '06-30' ? y : y - 1;
}

/** The population year of a parsed period. */
export function populationYear(p: Pick<Period, 'end'>): number {
  return populationYearOf(p.end);
}

/** Whether a table's name says it is made up ("force_population_synthetic"): never a default beside real data. */
export function isSyntheticName(table: string): boolean {
  return /synthetic/i.test(table);
}
