/**
 * One view spec → its SQL, result rows and chart: the path every view takes, whether the builder, a workbook slide
 * or an export asks. Throws SpecError (the spec names what the schema lacks), QueryError (the engine refused) or
 * PopulationError (a rate where no row found a population).
 */
import { PopulationError, chartFor, noPopulationMessage, populationCaption, toRows, type Chart, type PopulationMatch, type Row } from '../charts';
import type { ViewSpec } from '../domain';
import type { QueryResult } from '../engine';
import { compileView, type CompiledView, type SchemaInfo } from '../query';

/** A view drawn: what ran, what came back, and the chart. */
export interface DrawnView {
  spec: ViewSpec;
  compiled: CompiledView;
  rows: Row[];
  /** The result as the engine gave it (typed columns), for the numbers' CSV. */
  table: QueryResult['table'];
  chart: Chart;
  elapsedMs: number;
  /** For rates: each force and period counted, and the population it found. */
  population?: PopulationMatch[];
}

const text = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const year = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Which population each force and period of a rate found: by mid-year (with years) or, else, the unmatched pairs. */
async function populationMatches(compiled: CompiledView, query: (sql: string) => Promise<QueryResult>): Promise<PopulationMatch[] | undefined> {
  if (compiled.populationSql) {
    const rows = toRows((await query(compiled.populationSql)).table);
    return rows.map((r) => ({ force: text(r.force), period: text(r.period), wanted: year(r.wanted), year: year(r.year), matched: r.matched === true }));
  }
  if (!compiled.unmatchedSql) return undefined;
  const rows = toRows((await query(compiled.unmatchedSql)).table);
  return rows.map((r) => ({ force: text(r.force_key), period: text(r.period_key), wanted: null, year: null, matched: false }));
}

/** Compile, run and chart a parsed view spec. */
export async function runView(
  spec: ViewSpec,
  schema: SchemaInfo,
  query: (sql: string) => Promise<QueryResult>,
  opts: { leftOut?: readonly string[] } = {},
): Promise<DrawnView> {
  const compiled = compileView(spec, schema);
  const r = await query(compiled.sql);
  const rows = toRows(r.table);
  const population = await populationMatches(compiled, query);
  if (population?.length && compiled.populationSql && !population.some((m) => m.matched)) throw new PopulationError(noPopulationMessage(spec, population));
  const notes = population ? populationCaption(spec, population) : [];
  return { spec, compiled, rows, table: r.table, chart: chartFor(spec, rows, { notes, leftOut: opts.leftOut }), elapsedMs: r.elapsedMs, ...(population ? { population } : {}) };
}
