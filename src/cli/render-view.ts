/**
 * One saved view → its files: the chart as SVG (the same standalone SVG "Export SVG" writes in the browser, from the
 * same Plot options) and PNG (rasterised by resvg with the machine's fonts, as the browser's canvas does), and the
 * numbers as CSV (the same writer as the numbers table's "Download CSV"). Compiled and run by the app's own
 * runView, so a view gives the numbers here that it gives in the workbench.
 */
import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { provenanceLine, standaloneSvg, type SourceFile, type StandaloneSvg } from '../charts';
import { runView, type DrawnView } from '../app/run-view';
import type { Protection } from '../domain';
import type { SchemaInfo } from '../query';
import { tableToCsv, type WorkbookView } from '../workbook';
import { newDocument } from './dom';
import type { NativeDb } from './native-db';

/** What one view gave: its drawing, its files' contents and how long it took. */
export interface RenderedView {
  view: WorkbookView;
  drawn: DrawnView;
  svg: StandaloneSvg;
  png: Uint8Array;
  csv: string;
  /** Milliseconds in the engine (the view's query and its population report), and in all. */
  queryMs: number;
  totalMs: number;
}

/** The chart's standalone SVG: Plot builds the figure in a node DOM, and the export adds title, caption, provenance. */
export function viewSvg(drawn: DrawnView, sources: readonly SourceFile[], renderedAt: Date): StandaloneSvg {
  const figure = Plot.plot({ ...drawn.chart.options, document: newDocument() }) as unknown as Element;
  return standaloneSvg(figure, { provenance: provenanceLine(drawn.spec, sources, renderedAt), note: drawn.chart.note });
}

/** PNG at `scale` × the SVG's size (2, as the browser's PNG export), on white, in the system's sans-serif fonts. */
export function svgToPngBytes(s: StandaloneSvg, scale = 2): Uint8Array {
  const resvg = new Resvg(s.svg, { background: '#fff', fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}

/**
 * Draw one view over the tables in `db`; `leftOut` is the caption's sentence on rows that are not forces, as the
 * builder says it; `protection` the workbook's, applied to the chart and the CSV alike. Throws what runView throws
 * (SpecError, PopulationError, DuckDB's error).
 */
export async function renderView(view: WorkbookView, schema: SchemaInfo, db: NativeDb, sources: readonly SourceFile[], renderedAt: Date, leftOut?: string, protection?: Protection): Promise<RenderedView> {
  const t0 = performance.now();
  let queryMs = 0;
  const drawn = await runView(view.spec, schema, async (sql) => {
    const r = await db.query(sql);
    queryMs += r.elapsedMs;
    return r;
  }, { ...(leftOut ? { leftOut: [leftOut] } : {}), ...(protection ? { protection } : {}) });
  const svg = viewSvg(drawn, sources, renderedAt);
  const csv = tableToCsv(drawn.table, { suppressed: drawn.protection?.suppressed });
  return { view, drawn, svg, png: svgToPngBytes(svg), csv, queryMs, totalMs: performance.now() - t0 };
}
