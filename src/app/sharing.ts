/**
 * What leaves the workbench, always as a file saved on this machine or the clipboard: charts, the rows behind a view
 * or a result, a view's SQL script, the workbook file and the standalone workbench. Failures become messages.
 */
import type { Builder } from './builder.svelte';
import { writeXlsx, type Engine, type QueryResult, type TableInfo } from '../engine';
import { noteParagraphs, provenanceLine } from '../charts';
import { safeFileName, unprotectedScriptNote, workbookFileName, type Source } from '../workbook';
import { download } from './download';
import { guard, type Notify } from './notices.svelte';
import { exportChart, exportCsv, exportParquetBytes, exportSqlScript, exportXlsx, type ChartExport } from './exports';
import { ownHtml, withEmbedded, type StandalonePayload } from './standalone';
import { sourceOf, type WorkbookState } from './workbook.svelte';

/** "7.3 MB", "412 kB". */
export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} kB`;
}

/** Why a view's Parquet is not saved while small numbers are protected. */
export const PARQUET_REFUSED =
  "Parquet is not saved while small numbers are protected: the engine would write the view's full, unprotected numbers. Save it as CSV or Excel (with [c]), or switch off Protect small numbers under Workbook.";

/** Said whenever a workbook that protects small numbers leaves with its data. */
export const UNPROTECTED_DATA =
  'Its embedded tables are the full rows and are NOT protected: the charts show [c], but whoever opens the file can query every number.';

/** What sharing needs from the workbench. */
export interface SharingDeps {
  engine: Engine;
  builder: Builder;
  workbook: WorkbookState;
  tables(): readonly TableInfo[];
  result(): QueryResult | null;
  notify: Notify;
  /** A snapshot of the workbook's first view, drawn now, for a standalone workbench to show while it starts. */
  firstViewSnapshot?(): Promise<unknown>;
}

export class Sharing {
  private readonly deps: SharingDeps;

  constructor(deps: SharingDeps) {
    this.deps = deps;
  }

  /** The files behind the loaded tables, as exports and the workbook describe them. */
  sources(): Source[] {
    return this.deps.tables().map(sourceOf).filter((x): x is Source => !!x);
  }

  /** Save or copy a chart: the builder's view (`view`) or the SQL result's chart (`result`). */
  async exportChart(kind: ChartExport, figure: Element, from: 'view' | 'result'): Promise<void> {
    const spec = from === 'view' ? (this.deps.builder.spec ?? undefined) : undefined;
    const provenance = from === 'result' ? `Data: the result of a SQL query in SOC Workbench (${this.deps.result()?.sql.replace(/\s+/g, ' ').slice(0, 160)}). Exported ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.` : undefined;
    await guard(this.deps.notify, async () => this.deps.notify('info', await exportChart(kind, figure, { spec, sources: this.sources(), provenance })));
  }

  /** Whether the workbook protects small numbers: then a view's rows leave only as drawn, never re-run. */
  get protecting(): boolean {
    return this.deps.workbook.workbook.protection !== undefined;
  }

  /**
   * Save the rows behind the builder's view or the SQL result, as CSV, Excel (.xlsx) or Parquet. A view's CSV and
   * Excel are written from the table the builder drew (protected, with [c], when protection is on); its Parquet is
   * refused then, as the engine would write the unprotected rows.
   */
  async exportData(kind: 'csv' | 'xlsx' | 'parquet', from: 'view' | 'result'): Promise<void> {
    const sql = from === 'view' ? this.deps.builder.compiled?.sql : this.deps.result()?.sql;
    if (!sql) return;
    const title = from === 'view' ? String(this.deps.builder.chart?.options.title ?? 'view') : 'query result';
    await guard(this.deps.notify, async () => {
      if (kind === 'parquet' && from === 'view' && this.protecting) throw new Error(PARQUET_REFUSED);
      if (kind === 'csv' || kind === 'xlsx') {
        const drawn = from === 'view' ? this.deps.builder.table : null;
        if (from === 'view' && this.protecting && !drawn) throw new Error('The view has not been drawn with small numbers protected yet: wait for the chart, then save again.');
        const table = from === 'result' && this.deps.result() ? this.deps.result()!.table : (drawn ?? (await this.deps.engine.query(sql, { source: 'view' })).table);
        const protection = from === 'view' ? this.deps.builder.protection : null;
        const suppressed = protection?.suppressed;
        if (kind === 'csv') return this.deps.notify('info', exportCsv(table, title, suppressed));
        const spec = from === 'view' ? this.deps.builder.spec : null;
        const sources = this.sources();
        const provenance = spec
          ? provenanceLine(spec, sources, new Date())
          : `Data: the result of a SQL query in SOC Workbench (${sql.replace(/\s+/g, ' ').slice(0, 160)}). Exported ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
        const said = protection && (protection.caption || `Small numbers protected: no count in this view was below ${protection.threshold}.`);
        const notes = { title, sources: sources.map((s) => s.file), provenance, note: spec ? noteParagraphs(spec) : [], ...(said ? { protection: said } : {}) };
        this.deps.notify('info', await exportXlsx(table, notes, writeXlsx, suppressed));
      } else {
        const rows = from === 'view' ? this.deps.builder.rows.length : (this.deps.result()?.table.numRows ?? 0);
        this.deps.notify('info', exportParquetBytes(await this.deps.engine.exportParquet(sql.replace(/;\s*$/, '')), rows, title));
      }
    });
  }

  /** Save the builder view's SQL as a DuckDB CLI script. */
  exportSql(): void {
    const spec = this.deps.builder.spec;
    const compiled = this.deps.builder.compiled;
    if (!spec || !compiled?.sql) return;
    const p = this.deps.workbook.workbook.protection;
    const notes = p ? [unprotectedScriptNote(p.threshold), ...compiled.notes] : compiled.notes;
    void guard(this.deps.notify, async () => this.deps.notify('info', exportSqlScript(spec, compiled.sql, String(this.deps.builder.chart?.options.title ?? 'view'), this.sources(), notes)));
  }

  /** Save the workbook as a file, with the views' tables embedded as Parquet when `withData`. */
  async exportWorkbook(withData: boolean): Promise<void> {
    await guard(this.deps.notify, async () => {
      const text = await this.deps.workbook.fileText(withData);
      const name = workbookFileName(this.deps.workbook.workbook);
      download(text, name, 'application/json');
      this.deps.notify('info', `Saved the workbook as ${name} (${formatBytes(new TextEncoder().encode(text).length)}${withData ? ', data included' : ', without data: the files are asked for on import'}).${withData && this.protecting ? ` ${UNPROTECTED_DATA}` : ''}`);
    });
  }

  /** The standalone workbench's HTML: this workbench with the workbook (and data when chosen) inside. */
  async standaloneHtml(withData: boolean, open: 'workbook' | 'present'): Promise<string> {
    const workbook = JSON.parse(await this.deps.workbook.fileText(withData)) as Record<string, unknown>;
    const payload: StandalonePayload = { workbook, open };
    // Only beside its data: without it the file draws nothing live, and a snapshot would be numbers it cannot check.
    const snapshot = withData ? await this.deps.firstViewSnapshot?.().catch(() => undefined) : undefined;
    return withEmbedded(await ownHtml(), payload, snapshot);
  }

  /** Bytes of the workbook file and of the standalone workbench, as they would be saved now. */
  async shareSizes(withData: boolean): Promise<{ workbook: number; standalone: number }> {
    // One export of the data serves both estimates: with data, each table is written as Parquet here.
    const text = await this.deps.workbook.fileText(withData);
    const workbook = new TextEncoder().encode(text).length;
    return { workbook, standalone: (await ownHtml()).length + workbook };
  }

  /** Save the standalone workbench file. */
  async saveStandalone(withData: boolean, open: 'workbook' | 'present'): Promise<void> {
    await guard(this.deps.notify, async () => {
      const html = await this.standaloneHtml(withData, open);
      const name = safeFileName(this.deps.workbook.workbook.title, 'html');
      download(html, name, 'text/html');
      this.deps.notify('info', `Saved ${name} (${formatBytes(html.length)}): a colleague double-clicks it to open this workbook${open === 'present' ? ' as slides' : ''}, offline.${withData && this.protecting ? ` ${UNPROTECTED_DATA}` : ''}`);
    });
  }

}
