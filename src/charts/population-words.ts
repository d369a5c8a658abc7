/**
 * What a rate's caption says about its population: which population and which mid-year, periods after the latest
 * estimate, forces and periods that found no population (named, never dropped silently), and a warning when real
 * counts are divided by a synthetic population.
 */
import { REFERENCE_POPULATION, REFERENCE_YEARS, isSyntheticName, type ViewSpec } from '../domain';

/** One force and period of the rows a rate counts, and the population it found (compileView's populationSql). */
export interface PopulationMatch {
  force: string | null;
  period: string | null;
  /** The population year the period asks for, and the one used (capped at the latest); null when unknown. */
  wanted: number | null;
  year: number | null;
  matched: boolean;
}

/** Thrown when no row of a rate finds a population, with the periods or forces that did not. */
export class PopulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PopulationError';
  }
}

const list = (xs: readonly string[], max = 8) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));
const span = (years: readonly number[]) => (years.length === 1 ? `mid-${years[0]}` : `mid-${years[0]} to mid-${years.at(-1)}`);

function sourceName(spec: ViewSpec, years: readonly number[]): string {
  const d = spec.denominator!;
  if (d.table !== REFERENCE_POPULATION) return `${d.table}, ${span(years)}`;
  const rounded = years.filter((y) => y < 2011);
  const note = rounded.length === 0 ? '' : rounded.length === years.length ? ' (Home Office, rounded to the nearest hundred)' : ' (to mid-2010 rounded to the nearest hundred)';
  return `ONS ${span(years)} estimates${note}`;
}

/** Caption sentences about the population of a rate (empty when the view has no rate). */
export function populationCaption(spec: ViewSpec, matches: readonly PopulationMatch[]): string[] {
  const d = spec.denominator;
  if (!d) return [];
  const out: string[] = [];
  if (isSyntheticName(d.table) && !isSyntheticName(spec.table)) {
    out.push(`Warning: the population (${d.table}) is synthetic, made up for the samples, so these rates are not real.`);
  }
  const years = [...new Set(matches.filter((m) => m.matched && m.year !== null).map((m) => m.year as number))].sort((a, b) => a - b);
  if (d.midYear && years.length) {
    const rule = !spec.roles.period ? 'the latest, as the table has no period' : years.length === 1 ? "the last 30 June on or before the period's end" : 'for each period, the last 30 June on or before its end';
    out.push(`Population: ${sourceName(spec, years)} (${rule}).`);
  } else if (!d.midYear) {
    out.push(`Population: ${d.table}${d.period ? `, by ${d.period}` : ''}.`);
  }
  const capped = [...new Set(matches.filter((m) => m.matched && m.wanted !== null && m.year !== null && m.wanted > m.year).map((m) => m.period ?? ''))];
  if (capped.length) out.push(`Warning: ${list(capped)} ${capped.length === 1 ? 'is' : 'are'} after the latest population estimate (mid-${years.at(-1)}), which is used instead.`);
  const missing = matches.filter((m) => !m.matched);
  const first = d.table === REFERENCE_POPULATION ? REFERENCE_YEARS.first : undefined;
  const early = [...new Set(missing.filter((m) => first !== undefined && m.wanted !== null && m.wanted < first).map((m) => m.period ?? ''))];
  if (early.length) out.push(`No population before mid-${first}: ${list(early)} left out of the rates.`);
  const unread = [...new Set(missing.filter((m) => d.midYear && spec.roles.period && m.period !== null && m.wanted === null).map((m) => m.period as string))];
  if (unread.length) out.push(`Not read as periods, so no population: ${list(unread)}.`);
  const forces = missing.filter((m) => !early.includes(m.period ?? '') && !unread.includes(m.period ?? ''));
  const names = [...new Set(forces.map((m) => m.force ?? '(blank)'))];
  if (names.length) out.push(`No population for ${list(names)}: left out of the rates.`);
  return out;
}

/** The message when nothing found a population: which periods or forces, and what to do. */
export function noPopulationMessage(spec: ViewSpec, matches: readonly PopulationMatch[]): string {
  const d = spec.denominator!;
  const periods = [...new Set(matches.map((m) => m.period).filter((p): p is string => p !== null))];
  if (d.table === REFERENCE_POPULATION && matches.every((m) => m.wanted !== null && m.wanted < REFERENCE_YEARS.first)) {
    return `No population for ${list(periods)}: the built-in population (${REFERENCE_POPULATION}) starts at mid-${REFERENCE_YEARS.first}. Choose a period ending on or after 30 June ${REFERENCE_YEARS.first}, show the total instead, or load a population table of your own.`;
  }
  const forces = [...new Set(matches.map((m) => m.force ?? '(blank)'))];
  return `No row found a population in ${d.table} (forces: ${list(forces)}${periods.length ? `; periods: ${list(periods)}` : ''}). Check the force names (map them in the table's details) or choose another population table.`;
}
