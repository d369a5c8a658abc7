/**
 * One view spec → its SQL, result rows and chart: the path every view takes, whether the builder, a workbook slide
 * or an export asks. Throws SpecError (the spec names what the schema lacks) or QueryError (the engine refused).
 */
import { chartFor, toRows, type Chart, type Row } from '../charts';
import type { ViewSpec } from '../domain';
import type { QueryResult } from '../engine';
import { compileView, type CompiledView } from '../query/compile';
import type { SchemaInfo } from '../query/schema';

/** A view drawn: what ran, what came back, and the chart. */
export interface DrawnView {
  spec: ViewSpec;
  compiled: CompiledView;
  rows: Row[];
  chart: Chart;
  elapsedMs: number;
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
  return { spec, compiled, rows, chart: chartFor(spec, rows, opts), elapsedMs: r.elapsedMs };
}
