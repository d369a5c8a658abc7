/**
 * What the builder offers for a table, and the view it opens with: derived from the table's recognised column roles,
 * so that a new user's first click already makes a fair comparison (a rate where a population table exists, the
 * latest period, the highlighted force against its region). Pure: the schema and roles are passed in.
 */
import { comparePeriods, isPeriodHeader } from './period-order';
import { REFERENCE_POPULATION, isSyntheticName } from './population';
import { neverMeasured, type ColumnRole } from './roles';
import type { Aggregate, Denominator, Dimension, Role, Roles, ViewSpec } from './view-spec';
import { VIEW_SPEC_VERSION } from './view-spec';
import { isNumericType } from './sql-types';

/** A table as the builder sees it: its columns and their recognised (or corrected) roles. */
export interface TableShape {
  /** The relation queried: the table, or the view the domain layer made of it. */
  name: string;
  /** The user's table name, when `name` is a view made of it. */
  label?: string;
  /** Rows of the force column that are not territorial forces (totals, regions, other bodies). */
  leftOut?: readonly { label: string; kind: string; rows: number }[];
  /** The column holding the labels as published, when `name` reads them through canonical names. */
  labelColumn?: string;
  /**
   * Columns other than the force whose rows include totals ("*Total Tactics"), each with its grand-total label: a
   * table with subtotals in a dimension ("Handcuffing, of which") is compared on those rows, never on summed parts.
   */
  grandTotals?: readonly { column: string; value: string }[];
  columns: readonly { name: string; type: string }[];
  roles: readonly ColumnRole[];
}

const ROLE_OF: Readonly<Record<Role, ColumnRole['role']>> = { force: 'force', region: 'region', period: 'period', threat: 'threat' };

/** The column playing each domain role: the most confident one, then the first. */
export function specRoles(roles: readonly ColumnRole[]): Roles {
  const out: Roles = {};
  for (const role of Object.keys(ROLE_OF) as Role[]) {
    const best = roles.filter((r) => r.role === ROLE_OF[role]).reduce<ColumnRole | undefined>((a, b) => (!a || b.confidence > a.confidence ? b : a), undefined);
    if (best) out[role] = best.name;
  }
  return out;
}

/** Columns that can be measured: recognised measures first, then any other numeric column that is not a role (nor a coordinate or identifier). */
export function measureColumns(t: TableShape): string[] {
  const measures = t.roles.filter((r) => r.role === 'measure').map((r) => r.name);
  const used = new Set(Object.values(specRoles(t.roles)));
  // Coordinates and identifiers are numbers but never measures: with nothing else, the view counts rows.
  const numeric = t.columns.filter((c) => isNumericType(c.type) && !measures.includes(c.name) && !used.has(c.name) && !neverMeasured(c)).map((c) => c.name);
  // A column headed by a period ("2019", "Mar-19") holds that period's values, not a measure of its own, and a total
  // across periods is a sum a chart must not show as one period's: both are offered last, never chosen by default.
  const periodLike = (n: string) => isPeriodHeader(n);
  const all = [...measures, ...numeric];
  return [...all.filter((n) => !periodLike(n)), ...all.filter(periodLike)];
}

/** The default aggregation of a measure: rates and percentages are averaged (and so never turned into rates), counts summed. */
export function defaultAggregate(t: TableShape, column: string | null): Aggregate {
  if (column === null) return 'count';
  const r = t.roles.find((x) => x.name === column);
  return r?.role === 'measure' && r.aggregation === 'avg' ? 'avg' : 'sum';
}

/** Whether a measure holds counts of events, so that a rate per 100,000 and its confidence interval make sense. */
export function isCountMeasure(t: TableShape, column: string | null): boolean {
  if (column === null) return true;
  const r = t.roles.find((x) => x.name === column);
  return r?.role === 'measure' ? r.unit === 'count' : false;
}

const POPULATION = /^(?:population|pop|residents|mid_?year_?population|population_?estimate)s?$/i;

/**
 * Tables that can serve as the population for rates, best first: a force column and a population column. A lookup
 * whose periods are of the table's type is joined on period; a lookup by calendar year (mid-year estimates, as ONS
 * publishes them) and the built-in ref_population are matched by mid-year (src/domain/population.ts); a lookup
 * whose periods can be matched neither way is not offered, since summing its years would multiply the population.
 * Order: the user's own non-synthetic tables, then ref_population, then synthetic tables (first only for a
 * synthetic table, so the samples keep their own population and real counts never default to made-up people).
 */
export function populationLookups(tables: readonly TableShape[], forTable?: TableShape): Denominator[] {
  const out: { d: Denominator; rank: number }[] = [];
  const factSynthetic = forTable !== undefined && isSyntheticName(forTable.name);
  for (const t of tables) {
    if (forTable && t.name === forTable.name) continue;
    const roles = specRoles(t.roles);
    const pop = t.columns.find((c) => POPULATION.test(c.name) && isNumericType(c.type));
    if (!pop) continue;
    if (t.name === REFERENCE_POPULATION) {
      out.push({ d: { table: t.name, population: pop.name, force: 'force', midYear: 'year' }, rank: 3 });
      continue;
    }
    if (!roles.force) continue;
    const d: Denominator = { table: t.name, population: pop.name, force: roles.force };
    if (roles.period) {
      // A calendar year never matches a financial year by label; as a mid-year it matches any period.
      if (forTable && samePeriodType(t, forTable) && specRoles(forTable.roles).period) d.period = roles.period;
      else if (periodType(t) === 'calendar-year') d.midYear = roles.period;
      else continue;
    }
    const synthetic = isSyntheticName(t.name);
    const join = d.period ? 0 : d.midYear ? 1 : 2;
    out.push({ d, rank: synthetic && !factSynthetic ? 6 + join : synthetic || !factSynthetic ? join : 3 + join });
  }
  return out.sort((a, b) => a.rank - b.rank || Number(b.d.table.includes('population')) - Number(a.d.table.includes('population'))).map((x) => x.d);
}

/** The population a rate opens with: the best lookup, never a synthetic one for a table that is not synthetic. */
export function defaultPopulation(t: TableShape, tables: readonly TableShape[]): Denominator | undefined {
  return populationLookups(tables, t).find((d) => !isSyntheticName(d.table) || isSyntheticName(t.name));
}

/** Dimensions the table can be compared by: its domain roles (region also derived from force), then other text columns. */
export function dimensionChoices(t: TableShape): { value: string; label: string; dimension: Dimension }[] {
  const roles = specRoles(t.roles);
  const out: { value: string; label: string; dimension: Dimension }[] = [];
  const label: Record<Role, string> = { force: 'Force', region: 'Region', period: 'Period', threat: 'Threat type' };
  for (const role of ['force', 'region', 'period', 'threat'] as Role[]) {
    if (roles[role] || (role === 'region' && roles.force)) out.push({ value: role, label: roles[role] ? `${label[role]} (${roles[role]})` : `${label[role]} (from force)`, dimension: { by: role } });
  }
  // Other columns of a domain role (a force code beside the force name) would repeat it: only plain dimensions are offered.
  for (const r of t.roles) {
    if (r.role !== 'dimension') continue;
    out.push({ value: `column:${r.name}`, label: r.name, dimension: { by: 'column', column: r.name } });
  }
  return out;
}

/** Periods in time order (by end, then start: comparePeriods); unparsed labels last, as text. */
export function sortPeriods(values: readonly string[]): string[] {
  return [...values].sort(comparePeriods);
}

/** The view a table opens with: rate per 100,000 by force for the latest period when it can, else the total. */
export function defaultView(t: TableShape, tables: readonly TableShape[], opts: { periods?: readonly string[]; force?: string } = {}): ViewSpec {
  const roles = specRoles(t.roles);
  const measures = measureColumns(t);
  // "Total" and "Number of …" columns are what a table is about; the columns beside them break it down.
  const column = measures.find((m) => /^(?:total|number of)\b/i.test(m.trim())) ?? measures[0] ?? null;
  const aggregate = defaultAggregate(t, column);
  const denominator = roles.force && (aggregate === 'sum' || aggregate === 'count') && isCountMeasure(t, column) ? defaultPopulation(t, tables) : undefined;
  const periods = sortPeriods(opts.periods ?? []);
  const latest = periods.at(-1);
  const compareBy: Dimension = roles.force ? { by: 'force' } : roles.region ? { by: 'region' } : roles.period ? { by: 'period' } : firstOther(t);
  const byPeriod = compareBy.by === 'period';
  const spec: ViewSpec = {
    version: VIEW_SPEC_VERSION,
    table: t.name,
    roles,
    measure: { column, aggregate },
    compareBy,
    filters: [
      ...(roles.period && latest && !byPeriod ? [{ column: roles.period, values: [latest] }] : []),
      ...(t.grandTotals ?? []).map((g) => ({ column: g.column, values: [g.value] })),
    ],
    totals: t.grandTotals?.length ? 'include' : 'exclude',
    comparison: denominator ? { kind: 'rate_per_100k' } : { kind: 'total' },
    uncertainty: { ci: denominator ? 95 : 'none', method: 'byar', against: 'england-and-wales' },
    highlight: { limitToPeers: false },
    chart: { type: 'auto' },
  };
  if (denominator) spec.denominator = denominator;
  if (opts.force && roles.force) spec.highlight = { force: opts.force, peerGroup: 'region', limitToPeers: false };
  return spec;
}

function periodType(t: TableShape): string | undefined {
  const name = specRoles(t.roles).period;
  const r = t.roles.find((x) => x.name === name);
  return r?.role === 'period' ? r.periodType : undefined;
}

function samePeriodType(a: TableShape, b: TableShape): boolean {
  const ta = periodType(a);
  return ta !== undefined && ta === periodType(b);
}

function firstOther(t: TableShape): Dimension {
  const c = t.columns.find((x) => !isNumericType(x.type)) ?? t.columns[0];
  return { by: 'column', column: c?.name ?? '' };
}
