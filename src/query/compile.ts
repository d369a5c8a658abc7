/**
 * View spec → SQL. Pure and deterministic: the same spec and schema always give the same text, every identifier is
 * quoted by ident() and every literal by str()/num() (src/query/sql.ts). The SQL runs unchanged on DuckDB-WASM
 * 1.28.0 (DuckDB 0.9.1) and on native DuckDB.
 */
import { checkSpecAgainstSchema, isIntegerType, resultColumns, type ResultColumn, type ViewSpec } from '../domain';
import { I, baseCte, context, matchedCte, periodLiteral, popCte, withClause } from './base';
import { changeSql, indexSql, rankSql, rateSql, shareSql, totalSql } from './comparisons';
import type { SchemaInfo } from './schema';
import { ident } from './sql';

/** A compiled view: the SQL, the result's columns, and notes the UI shows beside the chart. */
export interface CompiledView {
  sql: string;
  columns: ResultColumn[];
  /** Plain-language notes on what the query leaves out or how it counts. */
  notes: string[];
  /** For rates: SQL listing the (force, period) pairs of the table with no population, which the rate leaves out. */
  unmatchedSql?: string;
}

/** Compile a parsed view spec against the schema; throws SpecError if the spec names what the schema lacks. */
export function compileView(spec: ViewSpec, schema: SchemaInfo): CompiledView {
  checkSpecAgainstSchema(spec, schema);
  const ctx = context(spec, schema);
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
    ctx.notes.push('Rates are recomputed at every level as summed counts over summed population (never averaged).');
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
  return { sql, columns: resultColumns(spec), notes: ctx.notes, ...(ctx.rate ? { unmatchedSql: unmatchedSql(ctes.slice(0, 2), spec) } : {}) };
}

function unmatchedSql(ctes: [string, string][], spec: ViewSpec): string {
  const keys = [I.force, ...(spec.roles.period ? [I.period] : [])];
  const joinKeys = [I.force, ...(spec.denominator?.period ? [I.period] : [])];
  const cond = joinKeys.map((k) => `p.${ident(k)} = b.${ident(k)}`).join(' AND ');
  return `${withClause(ctes)}\nSELECT DISTINCT ${keys.map((k) => `b.${ident(k)}`).join(', ')}\nFROM ${ident('base')} AS b\nWHERE NOT EXISTS (SELECT 1 FROM ${ident('pop')} AS p WHERE ${cond})\nORDER BY ${keys.map((_, i) => i + 1).join(', ')}`;
}
