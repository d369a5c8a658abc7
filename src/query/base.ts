/**
 * The first common table expressions of every compiled view: `base` (the table's rows after filters, with the
 * dimensions, keys and measure under fixed internal names), and for rates `pop` (the population lookup by force and
 * period) and `matched` (base rows that have a population).
 */
import {
  FORCES,
  REGIONS,
  forceLabels,
  areaDimension,
  hasReferences,
  needsRate,
  peerForces,
  resolveDimension,
  totalColumn,
  type ResolvedDimension,
  type ViewSpec,
} from '../domain';
import type { CubeInfo } from './cube';
import type { SchemaInfo, SchemaTable } from './schema';
import { and, filterCondition, inCondition, notTotalCondition, periodRangeConditions, valueLiteral } from './filters';
import { objectKind } from './own-objects';
import { midYearPopCte, type MidYearPopulation, type PeriodRead } from './population';
import { ident, str } from './sql';

/** Internal column names inside the compiled query's CTEs. */
export const I = {
  compareBy: 'compare_by',
  series: 'series',
  force: 'force_key',
  period: 'period_key',
  measure: 'measure',
  shown: 'shown',
  counted: 'counted',
  population: 'population',
  numerator: 'numerator',
  // On a cube: its row count and the measure's partial aggregates.
  rows: 'cube_rows',
  sum: 'measure_sum',
  count: 'measure_count',
  min: 'measure_min',
  max: 'measure_max',
} as const;

/** A grouping column of the query and whether it splits the population (force, region, period do; threat doesn't). */
export interface Group {
  col: string;
  pop: boolean;
}

/** Everything the compiler resolved from spec + schema. */
export interface Context {
  spec: ViewSpec;
  table: SchemaTable;
  compareBy: ResolvedDimension;
  series: ResolvedDimension | undefined;
  /** The internal name of the dimension holding areas (force/region), if any. */
  area: string | undefined;
  /** The other dimension, when there is an area dimension and a second one. */
  other: Group | undefined;
  groups: Group[];
  rate: boolean;
  peers: string[] | undefined;
  /** Whether base has a `shown` column (filters that choose areas without changing references). */
  shown: boolean;
  /** Whether base has a `counted` column (filters that limit a rate's count but not its population). */
  counted: boolean;
  notes: string[];
  /** The cube `base` reads instead of the table (cubeFits has said it fits). */
  cube?: CubeInfo;
}

function columnType(table: SchemaTable, name: string): string {
  return table.columns.find((c) => c.name === name)?.type ?? 'VARCHAR';
}

/** Resolve the spec against the schema (already checked by checkSpecAgainstSchema). */
export function context(spec: ViewSpec, schema: SchemaInfo, cube?: CubeInfo): Context {
  const table = schema.tables.find((t) => t.name === spec.table) as SchemaTable;
  const compareBy = resolveDimension(spec, spec.compareBy);
  const series = spec.series && resolveDimension(spec, spec.series);
  const isPop = (d: ResolvedDimension) => d.role === 'force' || d.role === 'region' || d.role === 'period';
  const groups: Group[] = [{ col: I.compareBy, pop: isPop(compareBy) }];
  if (series) groups.push({ col: I.series, pop: isPop(series) });
  const areaKey = areaDimension(spec);
  const area = areaKey === 'compareBy' ? I.compareBy : areaKey === 'series' ? I.series : undefined;
  const other = area ? groups.find((g) => g.col !== area) : undefined;
  const ctx: Context = { spec, table, compareBy, series, area, other, groups, rate: needsRate(spec), peers: peerForces(spec), shown: false, counted: false, notes: [] };
  return cube ? { ...ctx, cube } : ctx;
}

/** SQL for a dimension's value: its column, or the SOC region derived from the force column. */
function dimensionExpr(spec: ViewSpec, d: ResolvedDimension): string {
  if (d.source !== undefined) return ident(d.source);
  // Region derived from canonical force names, using the default SOC region membership (src/domain/regions.ts).
  const force = ident(spec.roles.force as string);
  const whens = REGIONS.map((r) => {
    const names = r.forces.map((id) => FORCES.find((f) => f.id === id)?.name as string);
    return `    WHEN ${force} IN (${names.map(str).join(', ')}) THEN ${str(r.name)}`;
  });
  return `CASE\n${whens.join('\n')}\n  END`;
}

/** Filters that limit which areas are shown but not the England-and-Wales reference. */
function isSelectionColumn(ctx: Context, column: string): boolean {
  const r = ctx.spec.roles;
  return column === r.force || column === r.region;
}

/** Filters on columns that split population (force, region, period); others only limit what a rate counts. */
function isPopulationColumn(ctx: Context, column: string): boolean {
  return isSelectionColumn(ctx, column) || column === ctx.spec.roles.period;
}

/** Whether the key for joining to the population must be cast (types differ between the two tables). */
function keyExpr(column: string, type: string, otherType: string | undefined): string {
  return otherType !== undefined && otherType.toUpperCase() !== type.toUpperCase() ? `CAST(${ident(column)} AS VARCHAR)` : ident(column);
}

/** The `base` CTE body: selected rows with internal column names. */
export function baseCte(ctx: Context, schema: SchemaInfo, extraConditions: string[] = []): string {
  const { spec, table } = ctx;
  const lookup = spec.denominator && schema.tables.find((t) => t.name === spec.denominator?.table);
  const lookupType = (col: string | undefined) => (col && lookup ? columnType(lookup, col) : undefined);
  const split = hasReferences(spec);
  const select: string[] = [`${dimensionExpr(spec, ctx.compareBy)} AS ${ident(I.compareBy)}`];
  if (ctx.series) select.push(`${dimensionExpr(spec, ctx.series)} AS ${ident(I.series)}`);
  const roles = spec.roles;
  if (ctx.rate && roles.force) {
    select.push(`${keyExpr(roles.force, columnType(table, roles.force), lookupType(spec.denominator?.force))} AS ${ident(I.force)}`);
  }
  if (roles.period && (ctx.rate || spec.comparison.kind === 'change' || spec.comparison.kind === 'pct_change')) {
    select.push(`${keyExpr(roles.period, columnType(table, roles.period), lookupType(spec.denominator?.period))} AS ${ident(I.period)}`);
  }
  if (ctx.cube) select.push(...cubeMeasure(ctx, ctx.cube));
  else if (spec.measure.column !== null) select.push(`${ident(spec.measure.column)} AS ${ident(I.measure)}`);

  const where: string[] = [];
  const shown: string[] = [];
  const counted: string[] = [];
  const total = totalColumn(spec, table);
  if (total) {
    where.push(notTotalCondition(total));
    ctx.notes.push(`Rows marked as totals (${total}) are left out, so nothing is counted twice.`);
  }
  // A normalised view (it has is_total) names the force of every row that is one: the rest (national bodies,
  // districts, BTP) are never counted, drawn or averaged as forces. Comparing by the labels as published shows them.
  const byLabel = spec.totals === 'include' && ctx.compareBy.role !== 'force' && ctx.series?.role !== 'force';
  if (roles.force && table.columns.some((c) => c.name === 'is_total') && !byLabel) {
    const others = FORCES.filter((f) => !f.territorial).map((f) => f.name);
    where.push(`${ident(roles.force)} IS NOT NULL AND ${ident(roles.force)} NOT IN (${others.map(str).join(', ')})`);
    ctx.notes.push('Only the 43 territorial forces of England and Wales are counted.');
  }
  for (const f of spec.filters) {
    const cond = filterCondition(f.column, f.values, columnType(table, f.column));
    if (split && isSelectionColumn(ctx, f.column)) shown.push(cond);
    else if (ctx.rate && !isPopulationColumn(ctx, f.column)) counted.push(cond);
    else where.push(cond);
  }
  if (spec.periodRange && roles.period) where.push(...periodRangeConditions(roles.period, spec.periodRange, columnType(table, roles.period)));
  if (spec.highlight.limitToPeers && ctx.peers && roles.force) {
    const cond = inCondition(ident(roles.force), ctx.peers, columnType(table, roles.force));
    (split ? shown : where).push(cond);
  }
  where.push(...extraConditions);
  if (counted.length) {
    select.push(`${counted.join(' AND ')} AS ${ident(I.counted)}`);
    ctx.counted = true;
    ctx.notes.push('Filters on columns other than force, region and period limit what is counted, not the population.');
  }
  if (shown.length) {
    select.push(`${shown.join(' AND ')} AS ${ident(I.shown)}`);
    ctx.shown = true;
    ctx.notes.push('Filters on force and region choose what is shown; England and Wales and peer rates still use every force.');
  }
  const w = and(where);
  return `SELECT\n    ${select.join(',\n    ')}\n  FROM ${ident(ctx.cube?.name ?? spec.table)}${w ? `\n  WHERE ${w}` : ''}`;
}

/** On a cube: the partial aggregates the view's aggregate (and a rate's numerator) is made from, under internal names. */
function cubeMeasure(ctx: Context, cube: CubeInfo): string[] {
  const { column, aggregate } = ctx.spec.measure;
  const m = cube.measures.find((x) => x.column === column);
  if (column === null || !m) return [`${ident(cube.rows)} AS ${ident(I.rows)}`];
  const parts = new Set<'sum' | 'count' | 'min' | 'max'>();
  if (aggregate === 'avg') parts.add('sum').add('count');
  else if (aggregate === 'sum' || aggregate === 'count' || aggregate === 'min' || aggregate === 'max') parts.add(aggregate);
  if (ctx.rate) parts.add(aggregate === 'count' ? 'count' : 'sum');
  return [...parts].map((p) => `${ident(m[p])} AS ${ident(I[p])}`);
}

/**
 * When the table is one of the workbench's normalised views and its period is the view's own canonical period, the
 * columns holding that period's first day and type (src/query/normalise.ts adds them; each takes a `_canonical`
 * suffix when the table has a column of that name, so the view's own is the most suffixed).
 */
function periodRead(ctx: Context, schema: SchemaInfo): PeriodRead | undefined {
  const period = ctx.spec.roles.period;
  if (!period || objectKind(ctx.spec.table, schema.tables.map((t) => t.name)) !== 'normalised') return undefined;
  const suffixed = (base: string) => ctx.table.columns.map((c) => c.name).filter((n) => new RegExp(`^${base}(_canonical(_\\d+)?)?$`).test(n)).sort((a, b) => a.length - b.length || a.localeCompare(b, 'en', { numeric: true }));
  const own = (base: string) => suffixed(base).at(-1);
  const [key, start, type] = [own('period'), own('period_start'), own('period_type')];
  if (key !== period || !start || !type) return undefined;
  return { start: ident(start), type: ident(type) };
}

/** For a lookup matched by mid-year: what its population SQL is made from (src/query/population.ts). */
export function midYearLookup(ctx: Context, schema: SchemaInfo): MidYearPopulation | undefined {
  const d = ctx.spec.denominator;
  const roles = ctx.spec.roles;
  if (!d?.midYear || !roles.force) return undefined;
  const lookup = schema.tables.find((t) => t.name === d.table) as SchemaTable;
  // The same key expressions as baseCte's, so that `matched` joins on exactly the table's values.
  const forceKey = keyExpr(roles.force, columnType(ctx.table, roles.force), columnType(lookup, d.force));
  const period = roles.period ? { key: ident(roles.period), type: columnType(ctx.table, roles.period), read: periodRead(ctx, schema) } : undefined;
  return {
    table: ctx.cube?.name ?? ctx.spec.table,
    forceKey,
    period,
    lookup: { table: d.table, force: d.force, midYear: d.midYear, population: d.population },
    out: { force: I.force, period: I.period, population: I.population },
  };
}

/** The `pop` CTE body: population summed by the lookup's force (and period) key. */
export function popCte(ctx: Context, schema: SchemaInfo): string {
  const d = ctx.spec.denominator;
  if (!d) throw new Error('popCte without a denominator');
  const lookup = schema.tables.find((t) => t.name === d.table) as SchemaTable;
  const roles = ctx.spec.roles;
  const factType = (col: string | undefined) => (col ? columnType(ctx.table, col) : undefined);
  const m = midYearLookup(ctx, schema);
  if (m) return midYearPopCte(m);
  const keys = [`${keyExpr(d.force, columnType(lookup, d.force), factType(roles.force))} AS ${ident(I.force)}`];
  if (d.period) keys.push(`${keyExpr(d.period, columnType(lookup, d.period), factType(roles.period))} AS ${ident(I.period)}`);
  const groupBy = keys.map((_, i) => String(i + 1)).join(', ');
  return `SELECT ${keys.join(', ')}, CAST(sum(${ident(d.population)}) AS DOUBLE) AS ${ident(I.population)}\n  FROM ${ident(d.table)}\n  GROUP BY ${groupBy}`;
}

/** The `matched` CTE body: base rows joined to their population; rows without one drop out (see unmatchedSql). */
export function matchedCte(ctx: Context): string {
  const using = popKeys(ctx.spec).map(ident).join(', ');
  return `SELECT *\n  FROM ${ident('base')}\n  JOIN ${ident('pop')} USING (${using})`;
}

/** The keys `matched` joins base to pop on: force, and period when the lookup is matched by period or mid-year. */
export function popKeys(spec: ViewSpec): string[] {
  const d = spec.denominator;
  return [I.force, ...(d?.period || (d?.midYear && spec.roles.period) ? [I.period] : [])];
}

/** Condition for England-and-Wales forces: not British Transport Police, Police Scotland or PSNI (DESIGN.md §2). */
export function territorialCondition(): string {
  const labels = FORCES.filter((f) => !f.territorial).flatMap((f) => forceLabels(f));
  return `${ident(I.force)} NOT IN (${[...new Set(labels)].map(str).join(', ')})`;
}

/** Condition on the force key for a list of force names. */
export function forceInCondition(forces: readonly string[]): string {
  return inCondition(ident(I.force), forces, 'VARCHAR');
}

/** A period label as a literal of the period column's type. */
export function periodLiteral(ctx: Context, label: string): string {
  return valueLiteral(label, columnType(ctx.table, ctx.spec.roles.period as string));
}

/** CTEs the query reads many times: computed once. DuckDB 0.9.1 inlines a CTE at every reference otherwise. */
const MATERIALISED = new Set(['matched']);

/**
 * `WITH name AS (body), …`. `matched` (rows joined to their population) is read up to eight times by a rate with
 * intervals and references; materialised, a 1M-row rate query took 286 ms instead of 590 in DuckDB-WASM (bench/).
 */
export function withClause(ctes: readonly [string, string][]): string {
  return `WITH ${ctes.map(([name, body]) => `${ident(name)} AS ${MATERIALISED.has(name) ? 'MATERIALIZED ' : ''}(\n  ${body}\n)`).join(',\n')}`;
}
