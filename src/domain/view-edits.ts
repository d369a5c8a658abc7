/**
 * The builder's edits as pure functions of a view spec: each returns a new spec that still makes sense, filling in
 * what the change needs (periods for a change, a population table for a rate) and dropping what it no longer allows.
 */
import { comparePeriods } from './period-order';
import { defaultPopulation, populationLookups, sortPeriods, specRoles, defaultAggregate, isCountMeasure, type TableShape } from './view-defaults';
import type { Aggregate, Basis, Comparison, Denominator, Dimension, FilterValue, PeerGroup, PeriodRange, RatePer, ViewSpec } from './view-spec';

/** The comparison kinds the builder offers, with their labels. */
export const COMPARISONS: readonly { kind: Comparison['kind']; label: string }[] = [
  { kind: 'total', label: 'Total' },
  { kind: 'rate_per_100k', label: 'Rate per 100,000 population' },
  { kind: 'change', label: 'Change between two periods' },
  { kind: 'pct_change', label: '% change between two periods' },
  { kind: 'index', label: 'Index to a base period (= 100)' },
  { kind: 'share', label: 'Share of total' },
  { kind: 'rank', label: 'Rank' },
];

/** Whether the view's comparison is on rates (and so needs a population table). */
function onRate(c: Comparison): boolean {
  return c.kind === 'rate_per_100k' || ('of' in c && c.of === 'rate');
}

/** Change the measured column; its default aggregation comes with it, and a rate is dropped for a non-count. */
export function withMeasure(spec: ViewSpec, t: TableShape, column: string | null): ViewSpec {
  const aggregate = defaultAggregate(t, column);
  const next: ViewSpec = { ...spec, measure: { column, aggregate } };
  return isCountMeasure(t, column) && aggregate !== 'avg' ? next : withoutRate(next);
}

/** Change the aggregation; rates need sums or counts. */
export function withAggregate(spec: ViewSpec, aggregate: Aggregate): ViewSpec {
  const next: ViewSpec = { ...spec, measure: { ...spec.measure, aggregate } };
  return aggregate === 'sum' || aggregate === 'count' ? next : withoutRate(next);
}

function withoutRate(spec: ViewSpec): ViewSpec {
  const c = spec.comparison;
  if (!onRate(c)) return spec;
  const comparison: Comparison = c.kind === 'rate_per_100k' ? { kind: 'total' } : ({ ...c, of: 'value' } as Comparison);
  return { ...spec, comparison, uncertainty: { ...spec.uncertainty, ci: 'none' } };
}

/** Compare by another dimension; the series is dropped if it is now the same, and a period comparison moves aside. */
export function withCompareBy(spec: ViewSpec, d: Dimension): ViewSpec {
  const next: ViewSpec = { ...spec, compareBy: d };
  if (spec.series && sameDim(spec, spec.series, d)) delete next.series;
  return fitComparison(next);
}

/** Split by a second dimension, or none. */
export function withSeries(spec: ViewSpec, d: Dimension | undefined): ViewSpec {
  const next: ViewSpec = { ...spec };
  if (d && !sameDim(spec, d, spec.compareBy)) next.series = d;
  else delete next.series;
  if (!next.series && next.comparison.kind === 'share' && next.comparison.within === 'compareBy') next.comparison = { kind: 'share', within: 'all' };
  return fitComparison(next);
}

/** Switch comparison, filling its periods from the table's periods (latest two, earliest as the base). */
export function withComparison(spec: ViewSpec, t: TableShape, tables: readonly TableShape[], kind: Comparison['kind'], periods: readonly string[]): ViewSpec {
  const sorted = sortPeriods(periods);
  const first = sorted[0] ?? '';
  const last = sorted.at(-1) ?? '';
  const prev = sorted.at(-2) ?? first;
  const of: Basis = onRate(spec.comparison) ? 'rate' : 'value';
  let comparison: Comparison;
  switch (kind) {
    case 'total':
      comparison = { kind };
      break;
    case 'rate_per_100k':
      comparison = { kind };
      break;
    case 'change':
    case 'pct_change':
      comparison = { kind, from: prev, to: last, of };
      break;
    case 'index':
      comparison = { kind, base: first, of };
      break;
    case 'share':
      comparison = { kind, within: 'all' };
      break;
    case 'rank':
      comparison = { kind, order: 'desc', of };
      break;
  }
  let next: ViewSpec = { ...spec, comparison };
  if (onRate(comparison)) next = withPopulation(next, t, tables);
  else next = { ...next, uncertainty: { ...next.uncertainty, ci: 'none' } };
  const roles = specRoles(t.roles);
  const periodCol = roles.period;
  const periodFilter = periodCol ? next.filters.find((f) => f.column === periodCol) : undefined;
  if (periodCol && (kind === 'change' || kind === 'pct_change' || kind === 'index')) {
    // These compare periods: a single-period filter would leave nothing to compare, so it goes.
    next = { ...next, filters: next.filters.filter((f) => f !== periodFilter) };
    if (kind === 'index' && !isPeriod(next, next.compareBy) && !(next.series && isPeriod(next, next.series))) {
      next = isArea(next, next.compareBy) ? { ...next, series: next.compareBy, compareBy: { by: 'period' } } : { ...next, compareBy: { by: 'period' } };
      if (next.series && sameDim(next, next.series, next.compareBy)) delete next.series;
    }
    if ((kind === 'change' || kind === 'pct_change') && isPeriod(next, next.compareBy)) next = { ...next, compareBy: roles.force ? { by: 'force' } : { by: 'column', column: firstDimension(t) } };
    if ((kind === 'change' || kind === 'pct_change') && next.series && isPeriod(next, next.series)) delete next.series;
  }
  const acrossPeriods = isPeriod(next, next.compareBy) || (next.series !== undefined && isPeriod(next, next.series));
  if (periodCol && !periodFilter && !acrossPeriods && (kind === 'total' || kind === 'rate_per_100k' || kind === 'share' || kind === 'rank')) {
    // Back from a comparison across periods, one period again — the latest (within the range), as the first view
    // shows and its title says. Without it every period was added up: officers at three dates summed into one rank.
    const range = next.periodRange;
    const inRange = sorted.filter((p) => (!range?.from || comparePeriods(range.from, p) <= 0) && (!range?.to || comparePeriods(p, range.to) <= 0));
    const latest = inRange.at(-1) ?? last;
    if (latest) next = { ...next, filters: [...next.filters, { column: periodCol, values: [latest] }] };
  }
  return next;
}

/** Make sure a rate has a population table: keep the chosen one, else the best lookup the workbench has. */
export function withPopulation(spec: ViewSpec, t: TableShape, tables: readonly TableShape[]): ViewSpec {
  if (spec.denominator && tables.some((x) => x.name === spec.denominator?.table)) return spec;
  const lookup = defaultPopulation(t, tables) ?? populationLookups(tables, t)[0];
  return lookup ? withDenominator(spec, lookup) : spec;
}

/** Use another population table; the rate stays per 1,000 or per 100,000 as the user chose. */
export function withDenominator(spec: ViewSpec, lookup: Denominator): ViewSpec {
  const { per: _, ...rest } = lookup;
  const per = spec.denominator?.per;
  return { ...spec, denominator: per === 1000 ? { ...rest, per } : rest };
}

/** Rates per 1,000 (ONS, HMICFRS) or per 100,000 (iQuanta, force packs, the default, written by leaving `per` out). */
export function withPer(spec: ViewSpec, per: RatePer): ViewSpec {
  if (!spec.denominator) return spec;
  const { per: _, ...rest } = spec.denominator;
  return { ...spec, denominator: per === 1000 ? { ...rest, per } : rest };
}

/** Set the basis of change, index or rank: the aggregated value or the rate (per 100,000 or per 1,000). */
export function withBasis(spec: ViewSpec, t: TableShape, tables: readonly TableShape[], of: Basis): ViewSpec {
  const c = spec.comparison;
  if (!('of' in c)) return spec;
  const next: ViewSpec = { ...spec, comparison: { ...c, of } as Comparison };
  return of === 'rate' ? withPopulation(next, t, tables) : next;
}

/** Keep only these values of a column (all values → no filter). */
export function withFilter(spec: ViewSpec, column: string, values: readonly FilterValue[], all: readonly FilterValue[]): ViewSpec {
  const rest = spec.filters.filter((f) => f.column !== column);
  const keepAll = values.length === 0 || (all.length > 0 && all.every((v) => values.includes(v)));
  return { ...spec, filters: keepAll ? rest : [...rest, { column, values: [...values] }] };
}

/** Limit the view to a period range (inclusive); an empty range is removed. A from after to is swapped. */
export function withPeriodRange(spec: ViewSpec, range: PeriodRange): ViewSpec {
  let { from, to } = range;
  if (from && to && from > to) [from, to] = [to, from];
  const next: ViewSpec = { ...spec };
  if (from || to) next.periodRange = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  else delete next.periodRange;
  // A change or index period outside the range would be refused: move it inside.
  const c = next.comparison;
  const clamp = (p: string) => (from && p < from ? from : to && p > to ? to : p);
  if (c.kind === 'change' || c.kind === 'pct_change') {
    const [a, b] = [clamp(c.from), clamp(c.to)];
    // Both ends clamped onto one period: compare the range's own ends instead.
    next.comparison = a === b && from && to && from !== to ? { ...c, from, to } : { ...c, from: a, to: b };
  }
  if (c.kind === 'index') next.comparison = { ...c, base: clamp(c.base) };
  return next;
}

/** The values a filter keeps, or undefined when the column is not filtered. */
export function filterValues(spec: ViewSpec, column: string): FilterValue[] | undefined {
  return spec.filters.find((f) => f.column === column)?.values;
}

/** Choose the peer group: the force's region, a named group, or none (limit-to-peers and peer significance go with it). */
export function withPeers(spec: ViewSpec, peerGroup: PeerGroup | undefined): ViewSpec {
  const highlight = { ...spec.highlight };
  if (peerGroup) highlight.peerGroup = peerGroup;
  else {
    delete highlight.peerGroup;
    highlight.limitToPeers = false;
  }
  const uncertainty = !peerGroup && spec.uncertainty.against === 'peers' ? { ...spec.uncertainty, against: 'england-and-wales' as const } : spec.uncertainty;
  return { ...spec, highlight, uncertainty };
}

function sameDim(spec: ViewSpec, a: Dimension, b: Dimension): boolean {
  const col = (d: Dimension) => (d.by === 'column' ? d.column : (spec.roles[d.by] ?? `<${d.by}>`));
  return col(a) === col(b);
}

function isPeriod(spec: ViewSpec, d: Dimension): boolean {
  return d.by === 'period' || (d.by === 'column' && d.column === spec.roles.period);
}

function isArea(spec: ViewSpec, d: Dimension): boolean {
  return d.by === 'force' || d.by === 'region' || (d.by === 'column' && (d.column === spec.roles.force || d.column === spec.roles.region));
}

function firstDimension(t: TableShape): string {
  return t.roles.find((r) => r.role === 'dimension')?.name ?? t.columns[0]?.name ?? '';
}

/** After the dimensions change, a comparison that no longer fits falls back to one that does. */
function fitComparison(spec: ViewSpec): ViewSpec {
  const c = spec.comparison;
  const hasPeriodDim = isPeriod(spec, spec.compareBy) || (spec.series !== undefined && isPeriod(spec, spec.series));
  if ((c.kind === 'change' || c.kind === 'pct_change') && hasPeriodDim) return { ...spec, comparison: onRate(c) ? { kind: 'rate_per_100k' } : { kind: 'total' } };
  if (c.kind === 'index' && !hasPeriodDim) return { ...spec, comparison: onRate(c) ? { kind: 'rate_per_100k' } : { kind: 'total' } };
  return spec;
}
