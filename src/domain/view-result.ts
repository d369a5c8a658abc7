/**
 * The shape of a compiled view's result, known from the spec alone: which columns it has, what they mean, and how
 * to label them. The compiler writes these columns; the charts read them.
 */
import { dimensionRole, needsRate } from './view-semantics';
import type { Dimension, RatePer, Role, ViewSpec } from './view-spec';

/** What a result column holds. */
export type ResultRole =
  | 'compareBy'
  | 'series'
  | 'value'
  | 'numerator'
  | 'population'
  | 'lower'
  | 'upper'
  | 'reference'
  | 'peerRate'
  | 'peerRateExcl'
  | 'significance'
  | 'fromValue'
  | 'toValue'
  | 'change'
  | 'measureValue'
  | 'baseValue'
  | 'totalValue'
  | 'tied';

/** One column of a compiled view's result. */
export interface ResultColumn {
  name: string;
  role: ResultRole;
  label: string;
}

/** Names of the computed result columns; a dimension column may not use one. */
export const COMPUTED_COLUMNS: Readonly<Record<Exclude<ResultRole, 'compareBy' | 'series'>, string>> = {
  value: 'value',
  numerator: 'numerator',
  population: 'population',
  lower: 'lower',
  upper: 'upper',
  reference: 'reference',
  peerRate: 'peer_rate',
  peerRateExcl: 'peer_rate_excl',
  significance: 'significance',
  fromValue: 'from_value',
  toValue: 'to_value',
  change: 'change',
  measureValue: 'measure_value',
  baseValue: 'base_value',
  totalValue: 'total_value',
  tied: 'tied',
};

/** A dimension resolved against the spec's roles. */
export interface ResolvedDimension {
  role: Role | undefined;
  /** Column of the table it reads; undefined when derived (region from force). */
  source: string | undefined;
  /** Column name in the result. */
  name: string;
}

/** Where a dimension comes from and what it is called in the result. */
export function resolveDimension(spec: ViewSpec, d: Dimension): ResolvedDimension {
  const role = dimensionRole(spec, d);
  if (d.by === 'column') return { role, source: d.column, name: d.column };
  const source = spec.roles[d.by];
  return { role, source, name: source ?? d.by };
}

/** Which dimension holds the areas (force or region) that references and significance are about, if any. */
export function areaDimension(spec: ViewSpec): 'compareBy' | 'series' | undefined {
  const isArea = (d?: Dimension) => {
    const role = d && dimensionRole(spec, d);
    return role === 'force' || role === 'region';
  };
  if (isArea(spec.compareBy)) return 'compareBy';
  if (isArea(spec.series)) return 'series';
  return undefined;
}

/** Whether the view shows confidence intervals: rates with ci 95. */
export function hasIntervals(spec: ViewSpec): boolean {
  return spec.comparison.kind === 'rate_per_100k' && spec.uncertainty.ci === 95;
}

/** Whether the view carries England-and-Wales and peer references: rates by force or region. */
export function hasReferences(spec: ViewSpec): boolean {
  return spec.comparison.kind === 'rate_per_100k' && areaDimension(spec) !== undefined;
}

/** Abbreviations police tables use, written in capitals wherever a column name is read as words. */
const ABBREVIATIONS = new Set(['fte', 'gbp', 'ons', 'nca', 'btp', 'csp', 'pfa', 'hmicfrs', 'rocu', 'ocg', 'uk']);

function humanise(column: string): string {
  const t = column.replace(/[_]+/g, ' ').trim().replace(/\b[a-z]+\b/g, (w) => (ABBREVIATIONS.has(w) ? w.toUpperCase() : w));
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** What is measured, in words: "Disruptions", "Average cash seized GBP", "Officer FTE", "Rows". */
export function measureLabel(spec: ViewSpec): string {
  const { column, aggregate, label } = spec.measure;
  if (label) return label;
  if (column === null) return 'Rows';
  const base = humanise(column);
  const lower = base.charAt(0).toLowerCase() + base.slice(1);
  switch (aggregate) {
    case 'sum':
      return base;
    case 'count':
      return `Count of ${lower}`;
    case 'avg':
      return `Average ${lower}`;
    case 'min':
      return `Lowest ${lower}`;
    case 'max':
      return `Highest ${lower}`;
    case 'count_distinct':
      return `Distinct ${lower}`;
  }
}

/** How many people a rate is per: the denominator's `per`, else 100,000 (the default, and all older specs). */
export function ratePer(spec: ViewSpec): RatePer {
  return spec.denominator?.per ?? 100000;
}

/** "per 1,000" or "per 100,000". */
export function perWords(per: RatePer): string {
  return per === 1000 ? 'per 1,000' : 'per 100,000';
}

/** The basis quantity in words: the measure, or the measure per 100,000 (or per 1,000) population. */
export function basisLabel(spec: ViewSpec): string {
  return needsRate(spec) ? `${measureLabel(spec)} ${perWords(ratePer(spec))} population` : measureLabel(spec);
}

/** Label of the `value` column, with its unit: what the value axis says. */
export function valueLabel(spec: ViewSpec): string {
  const c = spec.comparison;
  const basis = basisLabel(spec);
  const lower = basis.charAt(0).toLowerCase() + basis.slice(1);
  switch (c.kind) {
    case 'total':
    case 'rate_per_100k':
      return basis;
    case 'change':
      return `Change in ${lower}, ${c.from} to ${c.to}`;
    case 'pct_change':
      return `Change in ${lower}, ${c.from} to ${c.to} (%)`;
    case 'index':
      return `Index of ${lower} (${c.base} = 100)`;
    case 'share':
      return `Share of ${lower} (%)`;
    case 'rank':
      return `Rank by ${lower} (1 = ${c.order === 'desc' ? 'highest' : 'lowest'})`;
  }
}

/** The result's columns in order: dimensions first, then the comparison's values. */
export function resultColumns(spec: ViewSpec): ResultColumn[] {
  const c = spec.comparison;
  const N = COMPUTED_COLUMNS;
  const basis = basisLabel(spec);
  const cols: ResultColumn[] = [];
  const dim = (d: Dimension, role: 'compareBy' | 'series') => {
    const r = resolveDimension(spec, d);
    cols.push({ name: r.name, role, label: humanise(r.name) });
  };
  const add = (role: Exclude<ResultRole, 'compareBy' | 'series'>, label: string) => cols.push({ name: N[role], role, label });
  dim(spec.compareBy, 'compareBy');
  if (spec.series) dim(spec.series, 'series');
  add('value', valueLabel(spec));
  const counts = () => {
    if (!needsRate(spec)) return;
    add('numerator', measureLabel(spec));
    add('population', 'Population');
  };
  switch (c.kind) {
    case 'total':
      break;
    case 'rate_per_100k':
      counts();
      if (hasIntervals(spec)) {
        add('lower', '95% CI lower');
        add('upper', '95% CI upper');
      }
      if (hasReferences(spec)) {
        add('reference', 'England and Wales');
        if (spec.highlight.peerGroup) {
          add('peerRate', 'Peer group');
          add('peerRateExcl', 'Peer group without the highlighted force');
        }
        if (hasIntervals(spec)) add('significance', `Compared with ${spec.uncertainty.against === 'peers' ? 'peer group' : 'England and Wales'}`);
      }
      break;
    case 'change':
    case 'pct_change':
      add('fromValue', `${basis}, ${c.from}`);
      add('toValue', `${basis}, ${c.to}`);
      if (c.kind === 'pct_change') add('change', `Change in ${basis.charAt(0).toLowerCase() + basis.slice(1)}`);
      break;
    case 'index':
      counts();
      add('measureValue', basis);
      add('baseValue', `${basis}, ${c.base}`);
      break;
    case 'share':
      add('measureValue', basis);
      add('totalValue', `Total ${basis.charAt(0).toLowerCase() + basis.slice(1)}`);
      break;
    case 'rank':
      counts();
      add('measureValue', basis);
      add('tied', 'Tied');
      break;
  }
  return cols;
}
