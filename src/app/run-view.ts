/**
 * One view spec → its SQL, result rows and chart: the path every view takes, whether the builder, a workbook slide
 * or an export asks. Throws SpecError (the spec names what the schema lacks), QueryError (the engine refused) or
 * PopulationError (a rate where no row found a population).
 */
import * as arrow from 'apache-arrow';
import { isNumericArrowType } from '../arrow';
import { PopulationError, chartFor, noPopulationMessage, populationCaption, toRows, type Chart, type PopulationMatch, type Row } from '../charts';
import { protectRows, type Protection, type ViewSpec } from '../domain';
import type { QueryResult } from '../engine';
// Directly, not through the engine's index: that pulls in the worker bundle, which the command-line render has not.
import { boolVector, dateDayVector, float64Vector, utf8Vector } from '../engine/arrow-columns';
import { compileView, runSql, type CompiledView, type CubeInfo, type SchemaInfo } from '../query';

/** A view drawn: what ran, what came back, and the chart. */
export interface DrawnView {
  spec: ViewSpec;
  compiled: CompiledView;
  rows: Row[];
  /** The result as the engine gave it (typed columns), for the numbers' CSV; protected, when protection is on. */
  table: QueryResult['table'];
  chart: Chart;
  elapsedMs: number;
  /** For rates: each force and period counted, and the population it found. */
  population?: PopulationMatch[];
  /** When small numbers are protected: the suppressed cells (`${row}:${column}` of `rows`) and what was done. */
  protection?: DrawnProtection;
}

/** What protection did to a drawn view. */
export interface DrawnProtection {
  /** `${rowIndex}:${column}` of each cell shown as [c]. */
  suppressed: ReadonlySet<string>;
  /** The sentence in the chart's caption; empty when nothing was changed. */
  caption: string;
  threshold: number;
  /** Counts hidden for being small, and hidden so those cannot be worked out from totals. */
  primary: number;
  secondary: number;
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
  opts: { leftOut?: readonly string[]; protection?: Protection; cube?: CubeInfo; onCubeLost?: (cube: CubeInfo) => void } = {},
): Promise<DrawnView> {
  const compiled = compileView(spec, schema, opts.cube ? { cube: opts.cube } : {});
  let r: QueryResult;
  let population: PopulationMatch[] | undefined;
  try {
    // The cube's queries when the view fits it (the same rows, faster); the table's otherwise.
    r = await query(runSql(compiled));
    population = await populationMatches(compiled.cube ? { ...compiled, ...compiled.cube } : compiled, query);
  } catch (e) {
    // A cube gone with an engine restart: read the table this time, and let the caller forget the cube.
    if (!compiled.cube || !opts.cube) throw e;
    opts.onCubeLost?.(opts.cube);
    return runView(spec, schema, query, { ...opts, cube: undefined });
  }
  const rows = toRows(r.table);
  if (population?.length && compiled.populationSql && !population.some((m) => m.matched)) throw new PopulationError(noPopulationMessage(spec, population));
  const base = { spec, compiled, elapsedMs: r.elapsedMs, ...(population ? { population } : {}) };
  if (!opts.protection) return { ...base, rows, table: r.table, chart: chartOfRows(spec, rows, { population, leftOut: opts.leftOut }) };
  // Protected here, once, for every caller: the chart, the numbers table and every export read these rows and table.
  const p = protectRows(spec, rows, opts.protection);
  const protection = { suppressed: p.suppressed, caption: p.caption, threshold: opts.protection.threshold, primary: p.primary, secondary: p.secondary };
  const chart = chartOfRows(spec, p.rows, { population, leftOut: opts.leftOut, protection });
  return { ...base, rows: p.rows, table: protectedTable(r.table, p.rows), chart, protection };
}

/**
 * A view's chart from its rows, with the population's and protection's sentences in its caption: what runView draws,
 * and what a snapshot (snapshot.ts) draws again without the engine.
 */
export function chartOfRows(
  spec: ViewSpec,
  rows: readonly Row[],
  opts: { population?: readonly PopulationMatch[]; leftOut?: readonly string[]; protection?: Pick<DrawnProtection, 'caption' | 'suppressed'> } = {},
): Chart {
  const notes = opts.population ? populationCaption(spec, opts.population) : [];
  const p = opts.protection;
  if (!p) return chartFor(spec, rows as Row[], { notes, leftOut: opts.leftOut });
  return chartFor(spec, rows as Row[], { notes: p.caption ? [...notes, p.caption] : notes, leftOut: opts.leftOut, suppressed: p.suppressed });
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const TEXT = new Set([arrow.Type.Utf8, arrow.Type.Dictionary]);

/**
 * The protected rows as a table shaped like the engine's, batch for batch, built from the rows: number columns as
 * DOUBLE (null where suppressed; rounding may have changed any of them), text as text (a significance can be
 * suppressed), booleans and dates as they were; any other kind of column is kept as it came.
 */
function protectedTable(original: arrow.Table, rows: readonly Row[]): arrow.Table {
  const names = original.schema.fields.map((f) => f.name);
  let offset = 0;
  const batches = original.batches.map((batch) => {
    const part = rows.slice(offset, offset + batch.numRows);
    offset += batch.numRows;
    const values = (name: string) => part.map((r) => r[name] ?? null);
    const vectors = original.schema.fields.map((f, i) => {
      const id = f.type.typeId;
      if (isNumericArrowType(f.type)) return float64Vector(values(f.name).map(num));
      if (TEXT.has(id)) return utf8Vector(values(f.name).map((v) => (v === null ? null : String(v))));
      if (id === arrow.Type.Bool) return boolVector(values(f.name).map((v) => (v === null ? null : Boolean(v))));
      if (id === arrow.Type.Date) return dateDayVector(values(f.name).map((v) => (v instanceof Date ? v : null)));
      return batch.getChildAt(i)!;
    });
    const fields = vectors.map((v, i) => new arrow.Field(names[i], v.type, true));
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: batch.numRows, nullCount: 0, children: vectors.map((v) => v.data[0]) });
    return new arrow.RecordBatch(new arrow.Schema(fields), data);
  });
  return batches.length ? new arrow.Table(batches) : original;
}
