/**
 * Rates per 100,000 (or per 1,000) in SQL. A rate is always recomputed from a summed count over a summed population at the level
 * it is shown — never a sum or average of rates — and the population of a group is summed over the distinct
 * force-and-period pairs in it, so splitting by threat type or level never counts a force's population twice.
 */
import { Z95 } from '../domain';
import { I, type Group } from './base';
import { ident, num, str } from './sql';

/** Rates are per this many people unless the spec's denominator says 1,000 (`denominator.per`). */
export const PER = 100_000;

function numeratorAgg(measureColumn: string | null, aggregate: 'sum' | 'count' | string): string {
  if (measureColumn === null) return 'count(*)';
  return aggregate === 'count' ? `count(${ident(I.measure)})` : `sum(${ident(I.measure)})`;
}

function on(left: string, right: string, cols: readonly string[]): string {
  return cols.map((c) => `${left}.${ident(c)} IS NOT DISTINCT FROM ${right}.${ident(c)}`).join(' AND ');
}

/**
 * A CTE body giving `numerator` and `population` for each group of `matched` rows meeting `where`.
 *
 * The population of a group is summed over its distinct force-and-period pairs, grouped only by the groups that
 * split population (force, region, period): a threat-type group gets the whole population. Filters on other columns
 * (threat type, level) arrive as the `counted` flag and limit the count, not the population, so "county lines per
 * 100,000" divides by every force's population. When every group splits population, groups come from the
 * population side, so a force with no counted rows shows a count of 0 rather than disappearing.
 */
export function rateGroupsCte(
  groups: readonly Group[],
  where: string | undefined,
  measure: { column: string | null; aggregate: string },
  pairKeys: readonly string[],
  counted: boolean,
  /** The numerator's aggregate when it isn't the measure's over table rows (on a cube: made from its partials). */
  numeratorAggregate: string = numeratorAgg(measure.column, measure.aggregate),
): string {
  const g = groups.map((x) => ident(x.col));
  const pg = groups.filter((x) => x.pop).map((x) => x.col);
  const nWhere = [where, counted ? ident(I.counted) : undefined].filter((x) => x !== undefined).join(' AND ');
  const w = nWhere ? `\n    WHERE ${nWhere}` : '';
  const byG = g.length ? `\n    GROUP BY ${g.join(', ')}` : '';
  const byP = pg.length ? `\n    GROUP BY ${pg.map(ident).join(', ')}` : '';
  const keys = [...pg, ...pairKeys].map(ident);
  const n = `SELECT ${[...g, `CAST(${numeratorAggregate} AS DOUBLE) AS ${ident(I.numerator)}`].join(', ')}\n    FROM ${ident('matched')}${w}${byG}`;
  const pairs = `SELECT DISTINCT ${[...keys, ident(I.population)].join(', ')} FROM ${ident('matched')}${where ? ` WHERE ${where}` : ''}`;
  const d = `SELECT ${[...pg.map(ident), `sum(${ident(I.population)}) AS ${ident(I.population)}`].join(', ')}\n    FROM (${pairs})${byP}`;
  const numerator = `coalesce(n.${ident(I.numerator)}, 0) AS ${ident(I.numerator)}`;
  if (pg.length === g.length) {
    // Every group splits population: drive from the population side.
    const join = pg.length ? `LEFT JOIN (\n    ${n}\n  ) AS n ON ${on('d', 'n', pg)}` : `CROSS JOIN (\n    ${n}\n  ) AS n`;
    const cols = [...g.map((c) => `d.${c}`), numerator, `d.${ident(I.population)}`];
    return `SELECT ${cols.join(', ')}\n  FROM (\n    ${d}\n  ) AS d\n  ${join}`;
  }
  const join = pg.length ? `JOIN (\n    ${d}\n  ) AS d ON ${on('n', 'd', pg)}` : `CROSS JOIN (\n    ${d}\n  ) AS d`;
  const cols = [...g.map((c) => `n.${c}`), numerator, `d.${ident(I.population)}`];
  return `SELECT ${cols.join(', ')}\n  FROM (\n    ${n}\n  ) AS n\n  ${join}`;
}

/** `100000 * numerator / population` (or `1000 * …`) for a relation alias. */
export function rateExpr(alias: string, per: number = PER): string {
  return `${num(per)} * ${alias}.${ident(I.numerator)} / NULLIF(${alias}.${ident(I.population)}, 0)`;
}

/**
 * Byar's 95% limits for the rate of relation `alias` (the formula and its source: src/domain/poisson.ts):
 * lower = O(1 - 1/(9O) - z/(3 sqrt O))^3 (0 when O = 0), upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3.
 */
export function byarSql(alias: string, per: number = PER): { lower: string; upper: string } {
  const o = `${alias}.${ident(I.numerator)}`;
  const o1 = `${o} + 1`;
  const z = num(Z95);
  const scale = `* ${num(per)} / NULLIF(${alias}.${ident(I.population)}, 0)`;
  return {
    lower: `CASE WHEN ${o} <= 0 THEN 0 ELSE greatest(0, ${o} * pow(1 - 1 / (9 * ${o}) - ${z} / (3 * sqrt(${o})), 3)) END ${scale}`,
    upper: `(${o1}) * pow(1 - 1 / (9 * (${o1})) + ${z} / (3 * sqrt(${o1})), 3) ${scale}`,
  };
}

/** 'above' | 'below' | 'not significant' by whether the interval lies wholly above or below the reference. */
export function significanceSql(lower: string, upper: string, reference: string): string {
  return [
    `CASE`,
    `    WHEN ${lower} IS NULL OR ${reference} IS NULL THEN NULL`,
    `    WHEN ${lower} > ${reference} THEN ${str('above')}`,
    `    WHEN ${upper} < ${reference} THEN ${str('below')}`,
    `    ELSE ${str('not significant')}`,
    `  END`,
  ].join('\n');
}
