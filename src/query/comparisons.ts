/** The final SELECT of each comparison, built on the CTEs of base.ts and rates.ts. Every value comes back as DOUBLE. */
import { COMPUTED_COLUMNS as N, ratePer } from '../domain';
import { I, forceInCondition, periodLiteral, territorialCondition, type Context, type Group } from './base';
import { byarSql, rateExpr, rateGroupsCte, significanceSql } from './rates';
import { ident, num, str } from './sql';

type Ctes = [string, string][];

// Shown in "Show SQL", so the method travels with the query.
const BYAR_COMMENT = [
  "-- 95% confidence interval: Byar's approximation to the exact Poisson interval, as PHE/OHID Fingertips use;",
  '-- lower = O(1 - 1/(9O) - z/(3 sqrt(O)))^3 (0 when O = 0), upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3, z = 1.959964',
].join('\n    ');

/** The aggregate over base rows, e.g. `sum("measure")`, `count(DISTINCT "measure")`, `count(*)`. */
export function aggregateSql(ctx: Context, filter?: string): string {
  const { column, aggregate } = ctx.spec.measure;
  const m = ident(I.measure);
  const f = filter ? ` FILTER (WHERE ${filter})` : '';
  if (ctx.cube) return cubeAggregateSql(column === null ? 'rows' : aggregate, f);
  if (column === null) return `count(*)${f}`;
  if (aggregate === 'count_distinct') return `count(DISTINCT ${m})${f}`;
  return `${aggregate}(${m})${f}`;
}

/**
 * The aggregate over cube rows, from the partials (base.ts cubeMeasure): the same values as over the table's rows, of
 * the same types (count is BIGINT, sum of integers HUGEINT, avg DOUBLE). A count over no rows is 0, as count(*) gives.
 */
function cubeAggregateSql(aggregate: 'rows' | 'sum' | 'count' | 'min' | 'max' | 'avg' | 'count_distinct', f: string): string {
  const part = (p: 'rows' | 'sum' | 'count' | 'min' | 'max') => ident(I[p]);
  switch (aggregate) {
    case 'rows':
    case 'count':
      return `CAST(coalesce(sum(${part(aggregate === 'rows' ? 'rows' : 'count')})${f}, 0) AS BIGINT)`;
    case 'avg':
      // Raw avg divides the exact sum by the count; so does this, in double precision (see test/query/cube.test.ts).
      return `CAST(sum(${part('sum')})${f} AS DOUBLE) / NULLIF(CAST(sum(${part('count')})${f} AS DOUBLE), 0)`;
    case 'sum':
    case 'min':
    case 'max':
      return `${aggregate}(${part(aggregate)})${f}`;
    default:
      throw new RangeError(`invalid aggregate on a cube: ${aggregate}`);
  }
}

/** A rate's numerator: count(*), count(measure), or (for every other aggregate) sum(measure); on a cube, from its partials. */
function numeratorSql(ctx: Context): string | undefined {
  if (!ctx.cube) return undefined;
  const { column, aggregate } = ctx.spec.measure;
  return cubeAggregateSql(column === null ? 'rows' : aggregate === 'count' ? 'count' : 'sum', '');
}

function pairKeys(ctx: Context): string[] {
  return [I.force, ...(ctx.spec.roles.period ? [I.period] : [])];
}

function groupCols(groups: readonly Group[]): string[] {
  return groups.map((g) => ident(g.col));
}

/** Dimension columns renamed to their result names. */
function dimsOut(ctx: Context, alias = ''): string[] {
  const a = alias ? `${alias}.` : '';
  const out = [`${a}${ident(I.compareBy)} AS ${ident(ctx.compareBy.name)}`];
  if (ctx.series) out.push(`${a}${ident(I.series)} AS ${ident(ctx.series.name)}`);
  return out;
}

function orderBy(ctx: Context): string {
  const names = [...(ctx.series ? [ctx.series.name] : []), ctx.compareBy.name];
  return `ORDER BY ${names.map((n) => `${ident(n)} NULLS LAST`).join(', ')}`;
}

function select(cols: readonly string[], rest: string): string {
  return `SELECT\n  ${cols.join(',\n  ')}\n${rest}`;
}

function rateMain(ctx: Context, ctes: Ctes, groups: readonly Group[], where?: string): void {
  ctes.push(['main', rateGroupsCte(groups, where, ctx.spec.measure, pairKeys(ctx), ctx.counted, numeratorSql(ctx))]);
}

/** Per-group values as `measure_value` (plus numerator and population for rates) in a `cells` CTE. */
function cells(ctx: Context, ctes: Ctes, rate: boolean): void {
  const g = groupCols(ctx.groups);
  if (rate) {
    rateMain(ctx, ctes, ctx.groups);
    const cols = [...g, ident(I.numerator), ident(I.population), `${rateExpr(ident('main'), ratePer(ctx.spec))} AS ${ident(N.measureValue)}`];
    ctes.push(['cells', `SELECT ${cols.join(', ')}\n  FROM ${ident('main')}`]);
  } else {
    ctes.push(['cells', `SELECT ${[...g, `CAST(${aggregateSql(ctx)} AS DOUBLE) AS ${ident(N.measureValue)}`].join(', ')}\n  FROM ${ident('base')}\n  GROUP BY ${g.join(', ')}`]);
  }
}

/** total: the aggregated measure. */
export function totalSql(ctx: Context): string {
  const g = groupCols(ctx.groups);
  return select([...dimsOut(ctx), `CAST(${aggregateSql(ctx)} AS DOUBLE) AS ${ident(N.value)}`], `FROM ${ident('base')}\nGROUP BY ${g.join(', ')}\n${orderBy(ctx)}`);
}

/** rate_per_100k: the rate (per 100,000, or per 1,000 when the denominator says so), its count and population, Byar's interval, references and significance. */
export function rateSql(ctx: Context, ctes: Ctes): string {
  const { spec } = ctx;
  const refs = ctx.area !== undefined;
  const withCi = spec.uncertainty.ci === 95;
  rateMain(ctx, ctes, ctx.groups, ctx.shown ? ident(I.shown) : undefined);
  const other = ctx.other ? [ctx.other] : [];
  const joins: string[] = [];
  const cols = [...groupCols(ctx.groups).map((c) => `m.${c}`), `${rateExpr('m', ratePer(spec))} AS ${ident(N.value)}`, `m.${ident(I.numerator)}`, `m.${ident(I.population)}`];
  if (withCi) {
    const ci = byarSql('m', ratePer(spec));
    cols.push(`${BYAR_COMMENT}\n    ${ci.lower} AS ${ident(N.lower)}`, `${ci.upper} AS ${ident(N.upper)}`);
  }
  const reference = (name: string, alias: string, where: string, out: string) => {
    ctes.push([name, rateGroupsCte(other, where, spec.measure, pairKeys(ctx), ctx.counted, numeratorSql(ctx))]);
    const cond = other.length ? `LEFT JOIN ${ident(name)} AS ${alias} ON m.${ident(other[0].col)} IS NOT DISTINCT FROM ${alias}.${ident(other[0].col)}` : `CROSS JOIN ${ident(name)} AS ${alias}`;
    joins.push(cond);
    cols.push(`${rateExpr(alias, ratePer(spec))} AS ${ident(out)}`);
  };
  if (refs) {
    reference('england_wales', 'e', territorialCondition(), N.reference);
    if (ctx.peers) {
      reference('peers', 'p', forceInCondition(ctx.peers), N.peerRate);
      const self = spec.highlight.force ? ` AND ${ident(I.force)} IS DISTINCT FROM ${str(spec.highlight.force)}` : '';
      reference('peers_without', 'q', forceInCondition(ctx.peers) + self, N.peerRateExcl);
    }
  }
  ctes.push(['rated', `SELECT\n    ${cols.join(',\n    ')}\n  FROM ${ident('main')} AS m${joins.map((j) => `\n  ${j}`).join('')}`]);
  const out = [...dimsOut(ctx), ident(N.value), ident(N.numerator), ident(N.population)];
  if (withCi) out.push(ident(N.lower), ident(N.upper));
  if (refs) {
    out.push(ident(N.reference));
    if (ctx.peers) out.push(ident(N.peerRate), ident(N.peerRateExcl));
    if (withCi) {
      const against = spec.uncertainty.against === 'peers' ? N.peerRate : N.reference;
      out.push(`${significanceSql(ident(N.lower), ident(N.upper), ident(against))} AS ${ident(N.significance)}`);
    }
  }
  return select(out, `FROM ${ident('rated')}\n${orderBy(ctx)}`);
}

/** change / pct_change between two periods, of the value or of the rate. */
export function changeSql(ctx: Context, ctes: Ctes, from: string, to: string, pct: boolean, rate: boolean): string {
  const g = groupCols(ctx.groups);
  const p = (label: string) => `${ident(I.period)} = ${periodLiteral(ctx, label)}`;
  if (rate) {
    rateMain(ctx, ctes, [...ctx.groups, { col: I.period, pop: true }]);
    const pick = (label: string, out: string) => `max(${rateExpr(ident('main'), ratePer(ctx.spec))}) FILTER (WHERE ${p(label)}) AS ${ident(out)}`;
    ctes.push(['pair', `SELECT ${[...g, pick(from, N.fromValue), pick(to, N.toValue)].join(', ')}\n  FROM ${ident('main')}\n  GROUP BY ${g.join(', ')}`]);
  } else {
    const pick = (label: string, out: string) => `CAST(${aggregateSql(ctx, p(label))} AS DOUBLE) AS ${ident(out)}`;
    ctes.push(['pair', `SELECT ${[...g, pick(from, N.fromValue), pick(to, N.toValue)].join(', ')}\n  FROM ${ident('base')}\n  GROUP BY ${g.join(', ')}`]);
  }
  const diff = `${ident(N.toValue)} - ${ident(N.fromValue)}`;
  const value = pct ? `${num(100)} * (${diff}) / NULLIF(${ident(N.fromValue)}, 0)` : diff;
  const cols = [...dimsOut(ctx), `${value} AS ${ident(N.value)}`, ident(N.fromValue), ident(N.toValue)];
  if (pct) cols.push(`${diff} AS ${ident(N.change)}`);
  return select(cols, `FROM ${ident('pair')}\n${orderBy(ctx)}`);
}

/** index: 100 × value / value in the base period, within each line (the other dimension). */
export function indexSql(ctx: Context, ctes: Ctes, base: string, rate: boolean): string {
  cells(ctx, ctes, rate);
  const periodCol = ctx.compareBy.role === 'period' ? I.compareBy : I.series;
  const other = ctx.groups.filter((x) => x.col !== periodCol).map((x) => ident(x.col));
  const over = other.length ? `PARTITION BY ${other.join(', ')}` : '';
  ctes.push([
    'based',
    `SELECT *, max(CASE WHEN ${ident(periodCol)} = ${periodLiteral(ctx, base)} THEN ${ident(N.measureValue)} END) OVER (${over}) AS ${ident(N.baseValue)}\n  FROM ${ident('cells')}`,
  ]);
  const cols = [...dimsOut(ctx), `${num(100)} * ${ident(N.measureValue)} / NULLIF(${ident(N.baseValue)}, 0) AS ${ident(N.value)}`];
  if (rate) cols.push(ident(N.numerator), ident(N.population));
  cols.push(ident(N.measureValue), ident(N.baseValue));
  return select(cols, `FROM ${ident('based')}\n${orderBy(ctx)}`);
}

/** share: 100 × value / total, the total taken over all compare-by values (per series) or within each. */
export function shareSql(ctx: Context, ctes: Ctes, within: 'all' | 'compareBy'): string {
  cells(ctx, ctes, false);
  const part = within === 'compareBy' ? [I.compareBy] : ctx.series ? [I.series] : [];
  const over = part.length ? `PARTITION BY ${part.map(ident).join(', ')}` : '';
  const total = `sum(${ident(N.measureValue)}) OVER (${over})`;
  const cols = [...dimsOut(ctx), `${num(100)} * ${ident(N.measureValue)} / NULLIF(${total}, 0) AS ${ident(N.value)}`, ident(N.measureValue), `${total} AS ${ident(N.totalValue)}`];
  return select(cols, `FROM ${ident('cells')}\n${orderBy(ctx)}`);
}

/** rank: rank() within each series (ties share a rank, and the next is skipped), with a `tied` flag. */
export function rankSql(ctx: Context, ctes: Ctes, order: 'asc' | 'desc', rate: boolean): string {
  cells(ctx, ctes, rate);
  const v = ident(N.measureValue);
  const part = ctx.series ? `PARTITION BY ${ident(I.series)} ` : '';
  const tiePart = `PARTITION BY ${[...(ctx.series ? [ident(I.series)] : []), v].join(', ')}`;
  const cols = [
    ...dimsOut(ctx),
    `CASE WHEN ${v} IS NULL THEN NULL ELSE CAST(rank() OVER (${part}ORDER BY ${v} ${order.toUpperCase()} NULLS LAST) AS DOUBLE) END AS ${ident(N.value)}`,
  ];
  if (rate) cols.push(ident(N.numerator), ident(N.population));
  cols.push(v, `CASE WHEN ${v} IS NULL THEN NULL ELSE count(*) OVER (${tiePart}) > 1 END AS ${ident(N.tied)}`);
  return select(cols, `FROM ${ident('cells')}\n${orderBy(ctx)}`);
}
