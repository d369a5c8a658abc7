/**
 * The view spec: the one contract between the builder, the SQL compiler, the chart renderer, URLs and workbooks.
 * Plain JSON with a version. Every input goes through parseViewSpec(); after that, trust the type.
 */
import * as v from 'valibot';
import { FORCES, matchForce } from './forces';
import { regionMembers, regionOf } from './regions';
import { SpecError, migrate, type Migration } from './view-migrate';
import { checkSemantics } from './view-semantics';

export { SpecError, migrate, MIGRATIONS, type Migration } from './view-migrate';

/** The version this workbench writes; older specs are migrated up to it. */
export const VIEW_SPEC_VERSION = 1;

/** How a measure column is aggregated. */
export type Aggregate = 'sum' | 'count' | 'avg' | 'min' | 'max' | 'count_distinct';
/** A domain role a column can play; the table's columns for each are named in `roles`. */
export type Role = 'force' | 'region' | 'period' | 'threat';
/** What to compare by: a domain role (`{by: 'force'}`) or any column (`{by: 'column', column: 'level'}`). */
export type Dimension = { by: Role } | { by: 'column'; column: string };
/** A filter value as JSON carries it. */
export type FilterValue = string | number | boolean | null;
/** Keep rows whose column holds one of the values (multi-select). */
export interface Filter {
  column: string;
  values: FilterValue[];
}
/** Inclusive period range on the period column, as canonical labels ("2019/20"). */
export interface PeriodRange {
  from?: string;
  to?: string;
}
/** Whether change, index and rank work on the aggregated value or on the rate (per 100,000 or per 1,000). */
export type Basis = 'value' | 'rate';
/** The comparison computed in SQL, with its parameters. */
export type Comparison =
  | { kind: 'total' }
  | { kind: 'rate_per_100k' }
  | { kind: 'change'; from: string; to: string; of: Basis }
  | { kind: 'pct_change'; from: string; to: string; of: Basis }
  | { kind: 'index'; base: string; of: Basis }
  | { kind: 'share'; within: 'all' | 'compareBy' }
  | { kind: 'rank'; order: 'desc' | 'asc'; of: Basis };
/** Confidence intervals for rates of counts and what significance is judged against. */
export interface Uncertainty {
  ci: 95 | 'none';
  method: 'byar';
  against: 'england-and-wales' | 'peers';
}
/** A named set of forces (canonical names), or "the highlighted force's region". */
export type PeerGroup = { name: string; forces: string[] } | 'region';
/** "My force", its peers, and whether to show only the peers. */
export interface Highlight {
  force?: string;
  peerGroup?: PeerGroup;
  limitToPeers: boolean;
}
/** Chart types; `auto` picks one from the view. */
export type ChartType = 'auto' | 'bar' | 'funnel' | 'line' | 'heatmap' | 'dot' | 'stacked' | 'control' | 'map';
/** The chart and its words. Empty title or subtitle means "write one from the view". */
export interface ChartSpec {
  type: ChartType;
  title?: string;
  subtitle?: string;
  source?: string;
  note?: string;
  /** Control chart only: a period label; the limits are calculated afresh from this period onward. */
  controlFrom?: string;
  /** Map only: colour the tiles by significance against the reference instead of by value (rates with intervals). */
  colourBy?: 'value' | 'significance';
}
/** Which column of the table plays each domain role (from role recognition; the user can correct it). */
export interface Roles {
  force?: string;
  region?: string;
  period?: string;
  threat?: string;
  /** Boolean column marking aggregate rows ("Total England and Wales"); `is_total` is used when present. */
  total?: string;
}
/** Population lookup for rates: joined on canonical force and, where given, period. */
export interface Denominator {
  table: string;
  population: string;
  /** Force column of the lookup, joined to `roles.force`. */
  force: string;
  /** Period column of the lookup, joined to `roles.period`. */
  period?: string;
  /**
   * Mid-year column of the lookup (a year: the population at 30 June). Instead of `period`: each of the table's
   * periods takes the latest mid-year on or before its last day, forces are matched by canonical name, and a table
   * without a period takes the latest mid-year. Population is never summed across years.
   */
  midYear?: string;
  /**
   * Rates are per this many people: 100,000 (iQuanta, force packs) or 1,000 (ONS, HMICFRS). Absent means 100,000,
   * so every spec written before the choice existed keeps its meaning; the builder writes it only for 1,000.
   */
  per?: RatePer;
}
/** The population base of a rate: per 1,000 or per 100,000 people. */
export type RatePer = 1000 | 100000;
/** What is measured and how it is aggregated; `column: null` counts rows. */
export interface Measure {
  column: string | null;
  aggregate: Aggregate;
  label?: string;
}
/** A view: table → measure → compare-by → filters → comparison → chart. */
export interface ViewSpec {
  version: 1;
  table: string;
  roles: Roles;
  measure: Measure;
  denominator?: Denominator;
  compareBy: Dimension;
  series?: Dimension;
  filters: Filter[];
  periodRange?: PeriodRange;
  /** Aggregate rows (the `total` role) are left out of sums unless this is 'include'. */
  totals: 'exclude' | 'include';
  comparison: Comparison;
  uncertainty: Uncertainty;
  highlight: Highlight;
  chart: ChartSpec;
}

const name = v.pipe(v.string(), v.nonEmpty('must not be empty'));
const basis = v.optional(v.picklist(['value', 'rate']), 'value');
const dimension = v.variant('by', [
  v.strictObject({ by: v.picklist(['force', 'region', 'period', 'threat']) }),
  v.strictObject({ by: v.literal('column'), column: name }),
]);

const schema = v.strictObject({
  version: v.literal(1),
  table: name,
  roles: v.optional(
    v.strictObject({ force: v.optional(name), region: v.optional(name), period: v.optional(name), threat: v.optional(name), total: v.optional(name) }),
    {},
  ),
  measure: v.strictObject({
    column: v.nullable(name),
    aggregate: v.picklist(['sum', 'count', 'avg', 'min', 'max', 'count_distinct']),
    label: v.optional(name),
  }),
  denominator: v.optional(v.strictObject({ table: name, population: name, force: name, period: v.optional(name), midYear: v.optional(name), per: v.optional(v.picklist([1000, 100000])) })),
  compareBy: dimension,
  series: v.optional(dimension),
  filters: v.optional(
    v.array(v.strictObject({ column: name, values: v.array(v.union([v.string(), v.pipe(v.number(), v.finite()), v.boolean(), v.null()])) })),
    [],
  ),
  periodRange: v.optional(v.strictObject({ from: v.optional(name), to: v.optional(name) })),
  totals: v.optional(v.picklist(['exclude', 'include']), 'exclude'),
  comparison: v.variant('kind', [
    v.strictObject({ kind: v.literal('total') }),
    v.strictObject({ kind: v.literal('rate_per_100k') }),
    v.strictObject({ kind: v.literal('change'), from: name, to: name, of: basis }),
    v.strictObject({ kind: v.literal('pct_change'), from: name, to: name, of: basis }),
    v.strictObject({ kind: v.literal('index'), base: name, of: basis }),
    v.strictObject({ kind: v.literal('share'), within: v.optional(v.picklist(['all', 'compareBy']), 'all') }),
    v.strictObject({ kind: v.literal('rank'), order: v.optional(v.picklist(['desc', 'asc']), 'desc'), of: basis }),
  ]),
  uncertainty: v.optional(
    v.strictObject({
      ci: v.optional(v.union([v.literal(95), v.literal('none')]), 'none'),
      method: v.optional(v.literal('byar'), 'byar'),
      against: v.optional(v.picklist(['england-and-wales', 'peers']), 'england-and-wales'),
    }),
    { ci: 'none', method: 'byar', against: 'england-and-wales' },
  ),
  highlight: v.optional(
    v.strictObject({
      force: v.optional(name),
      peerGroup: v.optional(v.union([v.literal('region'), v.strictObject({ name, forces: v.array(name) })])),
      limitToPeers: v.optional(v.boolean(), false),
    }),
    { limitToPeers: false },
  ),
  chart: v.optional(
    v.strictObject({
      type: v.optional(v.picklist(['auto', 'bar', 'funnel', 'line', 'heatmap', 'dot', 'stacked', 'control', 'map']), 'auto'),
      title: v.optional(v.string()),
      subtitle: v.optional(v.string()),
      source: v.optional(v.string()),
      note: v.optional(v.string()),
      controlFrom: v.optional(name),
      colourBy: v.optional(v.picklist(['value', 'significance'])),
    }),
    { type: 'auto' },
  ),
});

// The schema's output and the hand-written type must agree both ways.
type Output = v.InferOutput<typeof schema>;
const _toSpec = (o: Output): ViewSpec => o;
const _fromSpec = (s: ViewSpec): Output => s;
void _toSpec;
void _fromSpec;

type Key = string | number;

/** `["views", 2, "measure"]` → `views[2].measure`. */
export function formatPath(keys: readonly Key[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function issueText(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not a field of a view spec';
  if (issue.message === 'must not be empty') return issue.message;
  if (issue.type === 'variant' || issue.type === 'picklist' || issue.type === 'literal' || issue.type === 'union') {
    return `expected ${issue.expected ?? 'a valid value'}, got ${issue.received}`;
  }
  if (issue.expected !== null && issue.received !== 'undefined') return `expected ${issue.expected}, got ${issue.received}`;
  if (issue.received === 'undefined') return 'is missing';
  return issue.message;
}

function deepestIssue(issues: readonly v.BaseIssue<unknown>[]): v.BaseIssue<unknown> {
  // A union reports its own issue with each branch's issues nested: the branch that got furthest says most.
  let best = issues[0];
  const depth = (i: v.BaseIssue<unknown>) => i.path?.length ?? 0;
  for (const issue of issues) {
    const nested = issue.issues?.length ? deepestIssue(issue.issues) : issue;
    if (depth(nested) > depth(best)) best = nested;
  }
  return best;
}

/** Options for parseViewSpec: where the spec sits (for error paths) and the migrations to apply. */
export interface ParseOptions {
  /** Path prefix for error messages, e.g. `views[2]`. */
  path?: string;
  migrations?: Readonly<Record<number, Migration>>;
}

/** Validate and migrate anything (URL, file, paste) into a ViewSpec, or throw SpecError naming the path. */
export function parseViewSpec(x: unknown, options: ParseOptions = {}): ViewSpec {
  const prefix = options.path ?? '';
  const migrated = migrate(x, options.migrations, prefix);
  const result = v.safeParse(schema, migrated);
  if (!result.success) {
    const issue = deepestIssue(result.issues);
    const keys = (issue.path ?? []).map((p) => p.key as Key);
    throw new SpecError(joinPath(prefix, formatPath(keys)), issueText(issue));
  }
  const spec: ViewSpec = result.output;
  checkSemantics(spec, prefix);
  return spec;
}

/** Join a prefix (`views[2]`) and a relative path (`measure.column`, `[0]`). */
export function joinPath(prefix: string, rel: string): string {
  if (prefix === '') return rel;
  if (rel === '') return prefix;
  return rel.startsWith('[') ? prefix + rel : `${prefix}.${rel}`;
}

/** The canonical name of the highlighted force's peers, or undefined when there is no peer group. */
export function peerForces(spec: ViewSpec): string[] | undefined {
  return resolvePeers(spec.highlight);
}

function resolvePeers(h: Highlight): string[] | undefined {
  if (!h.peerGroup) return undefined;
  if (h.peerGroup !== 'region') return [...h.peerGroup.forces];
  return regionPeers(h.force ?? '');
}

/** Canonical names of the forces in the same SOC region as `force`, itself included; undefined if it has no region. */
export function regionPeers(force: string): string[] | undefined {
  const f = matchForce(force);
  const region = f && regionOf(f.id);
  if (!region) return undefined;
  return regionMembers(region).map((id) => FORCES.find((x) => x.id === id)?.name ?? id);
}

export { checkSpecAgainstSchema, totalColumn, type SpecSchema } from './view-check';
