/**
 * View spec → SQL. Pure and deterministic: the same spec and schema always give the same text, every identifier is
 * quoted by ident() and every literal by str()/num() (src/query/sql.ts). The SQL runs unchanged on DuckDB-WASM
 * 1.28.0 (DuckDB 0.9.1) and on native DuckDB.
 */
import { checkSpecAgainstSchema, isIntegerType, perWords, ratePer, resultColumns, type ResultColumn, type ViewSpec } from '../domain';
import { I, baseCte, context, matchedCte, midYearLookup, periodLiteral, popCte, popKeys, withClause } from './base';
import { POPULATION_YEAR, midYearKeysSql } from './population';
import { changeSql, indexSql, rankSql, rateSql, shareSql, totalSql } from './comparisons';
import { cubeFits, type CubeInfo } from './cube';
import type { SchemaInfo } from './schema';
import { ident } from './sql';

/** A compiled view: the SQL, the result's columns, and notes the UI shows beside the chart. */
export interface CompiledView {
  /** The query on the table the spec names: what "Show SQL" shows and the SQL script exports (runnable on the files). */
  sql: string;
  columns: ResultColumn[];
  /** Plain-language notes on what the query leaves out or how it counts. */
  notes: string[];
  /** For rates: SQL listing the (force, period) pairs of the table with no population, which the rate leaves out. */
  unmatchedSql?: string;
  /**
   * For rates matched by mid-year: SQL giving each force and period of the shown rows (`force`, `period`, both
   * VARCHAR) the population year it wanted and used (`wanted`, `year`) and whether it found a population (`matched`).
   */
  populationSql?: string;
  /**
   * When compiled with a cube that fits (cubeFits): the same queries reading the cube, giving the same columns, types
   * and values. The app runs these (runSql) and still shows and exports `sql`.
   */
  cube?: { name: string; sql: string; unmatchedSql?: string; populationSql?: string };
  /** When compiled with a cube that doesn't fit: why the view reads the table instead. */
  cubeRefused?: string;
}

/** Options of compileView. */
export interface CompileOptions {
  /** A cube of the spec's table (src/query/cube.ts): the view reads it when its columns and aggregate allow. */
  cube?: CubeInfo;
}

/** The SQL to run for a compiled view: the cube's when it has one, else the table's. */
export function runSql(view: Pick<CompiledView, 'sql' | 'cube'>): string {
  return view.cube?.sql ?? view.sql;
}

/** Compile a parsed view spec against the schema; throws SpecError if the spec names what the schema lacks. */
export function compileView(spec: ViewSpec, schema: SchemaInfo, options: CompileOptions = {}): CompiledView {
  checkSpecAgainstSchema(spec, schema);
  const raw = compileQueries(spec, schema);
  const out: CompiledView = {
    sql: raw.sql,
    columns: resultColumns(spec),
    notes: raw.notes,
    ...(raw.unmatchedSql ? { unmatchedSql: raw.unmatchedSql } : {}),
    ...(raw.populationSql ? { populationSql: raw.populationSql } : {}),
  };
  if (options.cube) {
    const fit = cubeFits(spec, schema, options.cube);
    if (fit.ok) {
      const c = compileQueries(spec, schema, options.cube);
      out.cube = { name: options.cube.name, sql: c.sql, ...(c.unmatchedSql ? { unmatchedSql: c.unmatchedSql } : {}), ...(c.populationSql ? { populationSql: c.populationSql } : {}) };
    } else out.cubeRefused = fit.reason;
  }
  return out;
}

/** The view's queries, reading the table or (when given) the cube. */
function compileQueries(spec: ViewSpec, schema: SchemaInfo, cube?: CubeInfo): { sql: string; notes: string[]; unmatchedSql?: string; populationSql?: string } {
  const ctx = context(spec, schema, cube);
  const c = spec.comparison;
  const extra: string[] = [];
  if ((c.kind === 'change' || c.kind === 'pct_change') && spec.roles.period) {
    extra.push(`${ident(spec.roles.period)} IN (${periodLiteral(ctx, c.from)}, ${periodLiteral(ctx, c.to)})`);
  }
  const ctes: [string, string][] = [['base', baseCte(ctx, schema, extra)]];
  if (ctx.rate) ctes.push(['pop', popCte(ctx, schema)], ['matched', matchedCte(ctx)]);
  let body: string;
  switch (c.kind) {
    case 'total':
      body = totalSql(ctx);
      break;
    case 'rate_per_100k':
      body = rateSql(ctx, ctes);
      break;
    case 'change':
    case 'pct_change':
      body = changeSql(ctx, ctes, c.from, c.to, c.kind === 'pct_change', c.of === 'rate');
      break;
    case 'index':
      body = indexSql(ctx, ctes, c.base, c.of === 'rate');
      break;
    case 'share':
      body = shareSql(ctx, ctes, c.within);
      break;
    case 'rank':
      body = rankSql(ctx, ctes, c.order, c.of === 'rate');
      break;
  }
  if (ctx.rate) {
    ctx.notes.push(`Rates ${perWords(ratePer(spec))} population are recomputed at every level as summed counts over summed population (never averaged).`);
    if (spec.comparison.kind === 'rate_per_100k' && spec.uncertainty.ci === 95) {
      ctx.notes.push("95% confidence intervals use Byar's approximation to the exact Poisson interval, as Fingertips does.");
      const m = spec.measure.column;
      const type = m === null ? undefined : ctx.table.columns.find((c) => c.name === m)?.type;
      if (spec.measure.aggregate === 'sum' && type !== undefined && !isIntegerType(type)) {
        ctx.notes.push(`The intervals assume whole-number counts of events, but ${m} is ${type}; treat them with care.`);
      }
    }
  }
  const sql = `${withClause(ctes)}\n${body}`;
  const m = ctx.rate ? midYearLookup(ctx, schema) : undefined;
  const populationSql = m ? populationReportSql(ctes.slice(0, 2), spec, midYearKeysSql(m)) : undefined;
  return {
    sql,
    notes: ctx.notes,
    ...(ctx.rate ? { unmatchedSql: unmatchedSql(ctes.slice(0, 2), spec) } : {}),
    ...(populationSql ? { populationSql } : {}),
  };
}

function populationReportSql(ctes: [string, string][], spec: ViewSpec, keysSql: string): string {
  const keys = popKeys(spec);
  const on = (a: string, b: string) => keys.map((k) => `${a}.${ident(k)} IS NOT DISTINCT FROM ${b}.${ident(k)}`).join(' AND ');
  const period = spec.roles.period ? `CAST(b.${ident(I.period)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
  return (
    `${withClause(ctes)}\n` +
    `SELECT DISTINCT CAST(b.${ident(I.force)} AS VARCHAR) AS force, ${period} AS period, ` +
    `y.${ident(POPULATION_YEAR.wanted)} AS wanted, y.${ident(POPULATION_YEAR.used)} AS year, p.${ident(I.population)} IS NOT NULL AS matched\n` +
    `FROM ${ident('base')} AS b\nLEFT JOIN (${keysSql}) AS y ON ${on('b', 'y')}\nLEFT JOIN ${ident('pop')} AS p ON ${on('b', 'p')}\n` +
    `ORDER BY 1, 2`
  );
}

function unmatchedSql(ctes: [string, string][], spec: ViewSpec): string {
  const keys = [I.force, ...(spec.roles.period ? [I.period] : [])];
  const joinKeys = popKeys(spec);
  const cond = joinKeys.map((k) => `p.${ident(k)} = b.${ident(k)}`).join(' AND ');
  return `${withClause(ctes)}\nSELECT DISTINCT ${keys.map((k) => `b.${ident(k)}`).join(', ')}\nFROM ${ident('base')} AS b\nWHERE NOT EXISTS (SELECT 1 FROM ${ident('pop')} AS p WHERE ${cond})\nORDER BY ${keys.map((_, i) => i + 1).join(', ')}`;
}
