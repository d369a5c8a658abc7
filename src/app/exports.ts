/**
 * Everything the user can take away, as files saved on their own machine: a chart (SVG, PNG at 2× on white, or a
 * PNG on the clipboard) with title, subtitle, source and a provenance line; a result as CSV for Excel or as Parquet;
 * a view's SQL as a script for the DuckDB CLI. Each returns the message to show.
 */
import type * as arrow from 'apache-arrow';
import { copyPngToClipboard, noteParagraphs, provenanceLine, standaloneSvg, svgToPng, type SourceFile } from '../charts';
import type { ViewSpec } from '../domain';
import { safeFileName, sqlScript, tableToCsvBytes, tableToSheets, viewTables, type ExportNotes, type Source } from '../workbook';
import { download } from './download';

/** How a chart leaves the workbench. */
export type ChartExport = 'svg' | 'png' | 'copy';

/** Save or copy a drawn chart; `spec` (a builder view) gives the provenance line, else `provenance` is used as is. */
export async function exportChart(kind: ChartExport, figure: Element, opts: { spec?: ViewSpec; sources: readonly SourceFile[]; provenance?: string }): Promise<string> {
  const provenance = opts.spec ? provenanceLine(opts.spec, opts.sources, new Date()) : opts.provenance;
  const s = standaloneSvg(figure, { provenance, note: opts.spec ? noteParagraphs(opts.spec) : [] });
  const title = figure.querySelector('h2')?.textContent?.trim() || 'chart';
  if (kind === 'svg') {
    download(s.svg, safeFileName(title, 'svg'), 'image/svg+xml');
    return `Saved the chart as ${safeFileName(title, 'svg')}.`;
  }
  if (kind === 'png') {
    const png = await svgToPng(s, 2);
    download(png, safeFileName(title, 'png'), 'image/png');
    return `Saved the chart as ${safeFileName(title, 'png')} (${s.width * 2} × ${s.height * 2} pixels, for slides).`;
  }
  try {
    await copyPngToClipboard(svgToPng(s, 2));
  } catch (e) {
    throw new Error(`The chart could not be copied (${(e as Error).message}); this browser may not allow the clipboard here. Save it as PNG instead.`);
  }
  return 'Copied the chart as a PNG: paste it into a slide or document.';
}

/** Save a result as CSV that Excel opens cleanly (BOM, CRLF, formula-like text neutralised); `suppressed` cells as [c]. */
export function exportCsv(table: arrow.Table, title: string, suppressed?: ReadonlySet<string>): string {
  const name = safeFileName(title, 'csv');
  download(tableToCsvBytes(table, { suppressed }), name, 'text/csv');
  return `Saved ${table.numRows.toLocaleString('en-GB')} rows as ${name}.`;
}

/**
 * Save a result as .xlsx: numbers as numbers, dates as dates, `suppressed` cells as [c], a header row, and a Notes sheet
 * with the title, sources, provenance line and what protection did. Formula-like text stays text (a string cell; nothing is neutralised, nothing is a formula).
 */
export async function exportXlsx(
  table: arrow.Table,
  notes: ExportNotes,
  write: (sheets: ReturnType<typeof tableToSheets>) => Promise<Uint8Array>,
  suppressed?: ReadonlySet<string>,
): Promise<string> {
  const name = safeFileName(notes.title, 'xlsx');
  download(await write(tableToSheets(table, notes, suppressed)), name, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return `Saved ${table.numRows.toLocaleString('en-GB')} rows as ${name} (a Data sheet and a Notes sheet).`;
}

/** Save Parquet bytes written by the engine. */
export function exportParquetBytes(bytes: Uint8Array, rows: number, title: string): string {
  const name = safeFileName(title, 'parquet');
  download(bytes, name, 'application/vnd.apache.parquet');
  return `Saved ${rows.toLocaleString('en-GB')} rows as ${name} (${Math.max(1, Math.round(bytes.length / 1024)).toLocaleString('en-GB')} kB).`;
}

/** Save a view's SQL as a script that runs in the DuckDB CLI on the same files; `notes` (the compiler's: how rates are counted, per 1,000 or per 100,000) head it. */
export function exportSqlScript(spec: ViewSpec, sql: string, title: string, sources: readonly Source[], notes: readonly string[] = []): string {
  const exportedAt = new Date();
  const text = sqlScript({ title, sql, sources, tables: viewTables(spec), exportedAt, notes: [provenanceLine(spec, sources, exportedAt), ...notes] });
  const name = safeFileName(title, 'sql');
  download(text, name, 'application/sql');
  return `Saved the view's SQL as ${name}: run it with the DuckDB CLI in the folder that holds ${sources.length ? 'the data files' : 'your data'}.`;
}
