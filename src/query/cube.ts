/**
 * A pre-aggregated cube of a table or view (after Mosaic's materialised data cubes): the table's rows grouped by the
 * columns the builder compares or filters by, with the row count and each numeric measure's sum, count, min and max.
 * A view whose every column is a cube dimension, and whose aggregate is sum, count, min, max or avg, gives the same
 * rows from the cube (compileView(spec, schema, { cube })) as from the table, reading thousands of rows instead of
 * millions. The cube is a TEMP table: the catalogue (CATALOGUE_SQL) lists only the database's own `main` schema, so
 * it never shows in the data panel, and it is never saved.
 *
 * Building one, in the app: cubeCandidates → cardinalitySql (a 10% sample of a large table) → cubeDimensions → (only
 * when the plan has no estimatedRows: cubeSizeSql → trimDimensions) → cubeInfo → cubeSql → cubeRowsSql → keepCube
 * (else dropCubeSql). About 1.1 passes over the table: a sample to count, one to group.
 */
import { isNumericType, needsRate, peerForces, resolveDimension, totalColumn, type Roles, type ViewSpec } from '../domain';
import type { ColumnInfo, SchemaInfo, SchemaTable } from './schema';
import { ident, num } from './sql';

/** The partial aggregates of one measure column in the cube, by their cube column names. */
export interface CubeMeasure {
  column: string;
  sum: string;
  count: string;
  min: string;
  max: string;
}

/** A cube as the compiler reads it: its name, the relation it groups, its dimensions and partial aggregates. */
export interface CubeInfo {
  /** The TEMP table holding the cube. */
  name: string;
  /** The table or view grouped (the view spec's `table`). */
  source: string;
  dims: string[];
  /** The column holding count(*) of each cube row. */
  rows: string;
  measures: CubeMeasure[];
}

/**
 * Limits on what becomes a dimension. A column with more distinct values than `maxDistinct` (a role column:
 * `maxRoleDistinct`) goes to the raw table when filtered or compared by; a cube with more than `maxRowFraction` of
 * the table's rows saves too little to be worth its memory (trimDimensions drops columns until it fits).
 */
export const CUBE_LIMITS = { maxDistinct: 1_000, maxRoleDistinct: 10_000, maxRowFraction: 0.1 } as const;

/** Below this many rows a table answers any view fast enough from the raw table: the app builds no cube. */
export const CUBE_MIN_ROWS = 100_000;

/** Column names of the counts cardinalitySql gives: `rows`, `tuples`, then one per column in order. */
const countName = (i: number) => `c${i}`;

/**
 * One row: `rows` (the rows read), `tuples` (the distinct combinations of all the columns, a HyperLogLog estimate: an
 * upper bound, give or take a few per cent, on the rows of any cube of them) and, as `c0`, `c1`, …, each column's
 * number of distinct values, plus one when it holds NULL, which the cube keeps as a group of its own. One pass; with
 * `samplePercent`, over that share of the table's vectors (DuckDB's system sampling: a tenth of the time at 10%),
 * which may miss rare values, so the app checks the built cube's size (keepCube).
 */
export function cardinalitySql(table: string, columns: readonly string[], options: { samplePercent?: number } = {}): string {
  const per = columns.map((c, i) => `count(DISTINCT ${ident(c)}) + CAST(count(*) > count(${ident(c)}) AS BIGINT) AS ${ident(countName(i))}`);
  const tuples = columns.length ? `approx_count_distinct(hash(${columns.map(ident).join(', ')}))` : '1';
  return `SELECT ${[`count(*) AS ${ident('rows')}`, `${tuples} AS ${ident('tuples')}`, ...per].join(', ')} FROM ${ident(table)}${sampleClause(options.samplePercent)}`;
}

/** The share of a table cardinalitySql reads: all of it below a million rows, a tenth above. */
export function cubeSamplePercent(rows: number): number {
  return rows >= 1_000_000 ? 10 : 100;
}

/** What cardinalitySql found. */
export interface Cardinality {
  rows: number;
  tuples: number;
  distinct: Map<string, number>;
}

/** cardinalitySql's row, read. */
export function readCardinality(columns: readonly string[], row: Record<string, unknown>): Cardinality {
  return { rows: Number(row.rows), tuples: Number(row.tuples), distinct: new Map(columns.map((c, i) => [c, Number(row[countName(i)])])) };
}

/** The dimensions and measures of a cube plan, and each column left out with why (nothing is dropped silently). */
export interface CubePlan {
  dims: string[];
  measures: ColumnInfo[];
  skipped: { column: string; reason: string }[];
  /**
   * An upper bound on the cube's rows when it is within `maxRowFraction` of the table's (the usual case: then no
   * more counting is needed); undefined when the dimensions must be trimmed first (cubeSizeSql, trimDimensions).
   */
  estimatedRows?: number;
}

// The columns normalisation adds beside the period and totals (normalise.ts): the period's first day and type are read
// by rates matched by mid-year; each has the period's cardinality.
const COMPANION = /^(period_start|period_type|is_total)(_canonical(_\d+)?)?$/;

/**
 * Which columns of `table` go in its cube: the role columns (force, region, period, threat, total, and the period's
 * first day and type and `is_total` of a normalised view) with up to `maxRoleDistinct` values, then the other
 * `candidates` (the columns the builder offers to compare and filter by: every column not recognised as a measure)
 * with up to `maxDistinct`, fewest values first. `card` is cardinalitySql's answer over cubeCandidates' columns; a
 * column it lacks is left out. Measures are the numeric columns, dimensions or not (a year column may be both).
 */
export function cubeDimensions(
  table: SchemaTable,
  roles: Roles,
  candidates: readonly string[],
  card: Cardinality,
  limits: Partial<Record<keyof typeof CUBE_LIMITS, number>> = {},
): CubePlan {
  const { maxDistinct, maxRoleDistinct, maxRowFraction } = { ...CUBE_LIMITS, ...limits };
  const roleNames = new Set(Object.values(roles).filter((r): r is string => typeof r === 'string'));
  const isRole = (c: ColumnInfo) => roleNames.has(c.name) || COMPANION.test(c.name);
  const wanted = new Set(candidates);
  const skipped: CubePlan['skipped'] = [];
  const fits = (c: ColumnInfo, limit: number) => {
    const n = card.distinct.get(c.name);
    if (n === undefined) skipped.push({ column: c.name, reason: 'its distinct values were not counted' });
    else if (n > limit) skipped.push({ column: c.name, reason: `${n.toLocaleString('en-GB')} distinct values (more than ${limit.toLocaleString('en-GB')})` });
    return n !== undefined && n <= limit;
  };
  const role = table.columns.filter((c) => isRole(c) && fits(c, maxRoleDistinct));
  const other = table.columns
    .filter((c) => !isRole(c) && wanted.has(c.name) && fits(c, maxDistinct))
    .sort((a, b) => (card.distinct.get(a.name) as number) - (card.distinct.get(b.name) as number));
  const plan: CubePlan = { dims: [...role, ...other].map((c) => c.name), measures: table.columns.filter((c) => isNumericType(c.type)), skipped };
  // The tuples of every counted column bound those of any subset of them.
  return card.tuples <= budget(card.rows, maxRowFraction) ? { ...plan, estimatedRows: card.tuples } : plan;
}

const budget = (rows: number, fraction: number) => Math.max(1, rows * fraction);

/** The columns cubeDimensions looks at: the role columns and the candidates, in the table's order (for cardinalitySql). */
export function cubeCandidates(table: SchemaTable, roles: Roles, candidates: readonly string[]): string[] {
  const roleNames = new Set(Object.values(roles).filter((r): r is string => typeof r === 'string'));
  const wanted = new Set(candidates);
  return table.columns.map((c) => c.name).filter((n) => roleNames.has(n) || COMPANION.test(n) || wanted.has(n));
}

/**
 * One row of estimated cube sizes as dimensions are added in the plan's order: `k0` counts the distinct tuples of the
 * first dimension, `k1` of the first two, and so on (HyperLogLog over a hash of the tuple: one pass, or a sample as
 * in cardinalitySql), with `rows`, the rows read. Correlated columns (a force and its code, a period and its first
 * day) cost nothing, unlike a product of counts.
 */
export function cubeSizeSql(table: string, dims: readonly string[], options: { samplePercent?: number } = {}): string {
  const k = dims.map((_, i) => `approx_count_distinct(hash(${dims.slice(0, i + 1).map(ident).join(', ')})) AS ${ident(`k${i}`)}`);
  return `SELECT ${[`count(*) AS ${ident('rows')}`, ...k].join(', ')} FROM ${ident(table)}${sampleClause(options.samplePercent)}`;
}

function sampleClause(p: number | undefined): string {
  if (p !== undefined && !(p > 0 && p <= 100)) throw new RangeError(`invalid sample: ${p}% (0 < p ≤ 100)`);
  return p !== undefined && p < 100 ? ` USING SAMPLE ${num(p)} PERCENT (system)` : '';
}

/**
 * The plan cut to the longest prefix of its dimensions whose estimated cube (cubeSizeSql's row `sizes`) has at most
 * `maxRowFraction` of the rows read; the role columns come first, so they are the last to go. Undefined when even
 * the role columns alone are too many: the view reads the table.
 */
export function trimDimensions(plan: CubePlan, sizes: Record<string, unknown>, limits: Partial<Record<keyof typeof CUBE_LIMITS, number>> = {}): CubePlan | undefined {
  const most = budget(Number(sizes.rows), { ...CUBE_LIMITS, ...limits }.maxRowFraction);
  let keep = 0;
  while (keep < plan.dims.length && Number(sizes[`k${keep}`]) <= most) keep++;
  if (keep === 0 && plan.dims.length > 0) return undefined;
  const dropped = plan.dims.slice(keep).map((column) => ({ column, reason: `the cube would have more than ${Math.round(most).toLocaleString('en-GB')} rows with it` }));
  return { dims: plan.dims.slice(0, keep), measures: plan.measures, skipped: [...plan.skipped, ...dropped], ...(keep ? { estimatedRows: Number(sizes[`k${keep - 1}`]) } : {}) };
}

/** `SELECT count(*) AS rows FROM <cube>`: the built cube's rows, for keepCube. */
export function cubeRowsSql(cube: Pick<CubeInfo, 'name'>): string {
  return `SELECT count(*) AS ${ident('rows')} FROM ${ident(cube.name)}`;
}

/** Whether a built cube saves enough to keep: at most `maxRowFraction` of the table's rows (else drop it). */
export function keepCube(cubeRows: number, tableRows: number, limits: Partial<Record<keyof typeof CUBE_LIMITS, number>> = {}): boolean {
  return cubeRows <= budget(tableRows, { ...CUBE_LIMITS, ...limits }.maxRowFraction);
}

/** The name of the cube of a table or view. */
export const cubeName = (source: string): string => `${source}__cube`;

/** A cube's columns: partial aggregates named `<measure>__sum` etc., renamed with a number when a column has the name. */
export function cubeInfo(source: string, plan: Pick<CubePlan, 'dims' | 'measures'>, name = cubeName(source)): CubeInfo {
  const taken = new Set(plan.dims.map((d) => d.toLowerCase()));
  const fresh = (base: string) => {
    let n = base;
    for (let i = 2; taken.has(n.toLowerCase()); i++) n = `${base}_${i}`;
    taken.add(n.toLowerCase());
    return n;
  };
  const rows = fresh('n');
  const measures = plan.measures.map((m) => ({ column: m.name, sum: fresh(`${m.name}__sum`), count: fresh(`${m.name}__count`), min: fresh(`${m.name}__min`), max: fresh(`${m.name}__max`) }));
  return { name, source, dims: [...plan.dims], rows, measures };
}

/** `CREATE OR REPLACE TEMP TABLE <cube> AS SELECT dims…, count(*), sum/count/min/max of each measure … GROUP BY ALL`. */
export function cubeSql(cube: CubeInfo): string {
  const cols = [...cube.dims.map(ident), `count(*) AS ${ident(cube.rows)}`];
  for (const m of cube.measures) {
    const c = ident(m.column);
    cols.push(`sum(${c}) AS ${ident(m.sum)}`, `count(${c}) AS ${ident(m.count)}`, `min(${c}) AS ${ident(m.min)}`, `max(${c}) AS ${ident(m.max)}`);
  }
  return `CREATE OR REPLACE TEMP TABLE ${ident(cube.name)} AS\nSELECT\n  ${cols.join(',\n  ')}\nFROM ${ident(cube.source)}\nGROUP BY ALL`;
}

/** `DROP TABLE IF EXISTS <cube>`: when its table changes or goes. */
export function dropCubeSql(cube: Pick<CubeInfo, 'name'>): string {
  return `DROP TABLE IF EXISTS ${ident(cube.name)}`;
}

/** Whether a view can read the cube, and when not, why. */
export type CubeFit = { ok: true } | { ok: false; reason: string };

/**
 * Whether the view compiled by compileView reads only cube dimensions and a measure the cube keeps partials of, with
 * an aggregate made from them (count-distinct isn't). The columns are those base.ts reads, taken generously: a
 * role column is asked for whenever the view might use it.
 */
export function cubeFits(spec: ViewSpec, schema: SchemaInfo, cube: CubeInfo): CubeFit {
  if (spec.table !== cube.source) return { ok: false, reason: `the cube is of ${cube.source}, not ${spec.table}` };
  const table = schema.tables.find((t) => t.name === spec.table);
  if (!table) return { ok: false, reason: `${spec.table} is not in the schema` };
  const m = spec.measure;
  if (m.aggregate === 'count_distinct' && m.column !== null) return { ok: false, reason: 'a count of distinct values can’t be made from the cube’s partial counts' };
  if (m.column !== null && !cube.measures.some((x) => x.column === m.column)) return { ok: false, reason: `the cube keeps no sums or counts of ${m.column}` };
  const roles = spec.roles;
  const rate = needsRate(spec);
  const c = spec.comparison;
  const read = new Set<string>();
  const add = (col: string | undefined) => col !== undefined && read.add(col);
  for (const d of [spec.compareBy, ...(spec.series ? [spec.series] : [])]) {
    const r = resolveDimension(spec, d);
    add(r.source ?? roles.force); // a region with no column is derived from the force
  }
  for (const f of spec.filters) add(f.column);
  add(totalColumn(spec, table));
  const hasIsTotal = table.columns.some((x) => x.name === 'is_total');
  if (rate || hasIsTotal || (spec.highlight.limitToPeers && peerForces(spec))) add(roles.force);
  if (rate || c.kind === 'change' || c.kind === 'pct_change' || spec.periodRange) add(roles.period);
  // A rate matched by mid-year on a normalised view reads the period's first day and type (base.ts periodRead).
  if (rate && spec.denominator?.midYear) for (const x of table.columns) if (/^period_(start|type)(_canonical(_\d+)?)?$/.test(x.name)) add(x.name);
  const dims = new Set(cube.dims);
  const missing = [...read].filter((x) => !dims.has(x));
  if (missing.length) return { ok: false, reason: `${missing.join(', ')} ${missing.length === 1 ? 'is not a dimension' : 'are not dimensions'} of the cube` };
  return { ok: true };
}
