/**
 * The case list: every measured case with its title, in report order, and the cases still to come with
 * what they wait for. To add one: give it an entry here, measure it in a phase (or a new phase in
 * PHASES) by calling `ctx.record({ case: id, … })`, and the report picks it up.
 */
import type { BenchContext } from './context';
import { runColdStart, runMainPage } from './phase-browser';
import { runNativeBuilder } from './phase-builder';
import { runFileStart } from './phase-file';
import { runLarge } from './phase-large';
import { runArquero, runNative, runNativeParquet } from './phase-native';
import { runParquetPage } from './phase-parquet';
import { runRecovery } from './phase-recovery';
import { runCli } from './phase-cli';

/** A case as the report names it. */
export interface CaseInfo {
  id: string;
  title: string;
  /** Set while the case cannot be measured yet: why, and what will make it measurable. */
  pending?: string;
}

export const CASES: readonly CaseInfo[] = [
  { id: 'start.first-paint', title: 'Cold start, served, new browser context; ms from navigation start: first paint (the boot text)' },
  { id: 'start.script-ran', title: 'Cold start: the app\'s script ran' },
  { id: 'start.wasm-fetched', title: 'Cold start: wasm fetched by the worker' },
  { id: 'start.ready', title: 'Cold start: engine ready' },
  { id: 'start.select1', title: 'Cold start: `SELECT 1` answered' },
  { id: 'start.samples-loaded', title: 'Cold start: the bundled samples loaded (5 files, one after another)' },
  { id: 'start.chart-query', title: 'Cold start: the compare builder\'s first view answered (roles, filter values, then its SQL)' },
  { id: 'start.first-result', title: 'Cold start: first chart painted in the Compare tab, a snapshot or the live result (issue 16 goal ≤ 0.5 s served)' },
  { id: 'start.live-result', title: 'Cold start: the live chart painted, no `[data-snapshot]` left in the Compare tab (issue 9 goal ≤ 1 s, issue 16 ≤ 1.2 s served)' },
  { id: 'start.grid-result', title: 'Cold start: the SQL tab\'s grid filled with the first query (behind the Compare tab)' },
  { id: 'start.file-first-paint', title: 'Cold start from file:// (the single HTML file, every request but file:/data:/blob: aborted): first paint' },
  { id: 'start.file-script-ran', title: 'From file://: the app\'s script ran (the 8 MB file read and parsed)' },
  { id: 'start.file-ready', title: 'From file://: engine ready (worker from a blob:, wasm gunzipped from the page while it compiles)' },
  { id: 'start.file-select1', title: 'From file://: `SELECT 1` answered' },
  { id: 'start.file-samples-loaded', title: 'From file://: the samples loaded' },
  { id: 'start.file-chart-query', title: 'From file://: the compare builder\'s first view answered' },
  { id: 'start.file-first-result', title: 'From file://: first chart painted, a snapshot or live (issue 16 goal ≤ 1.0 s)' },
  { id: 'start.file-live-result', title: 'From file://: the live chart painted (issue 9 goal ≤ 2 s, issue 16 ≤ 1.8 s)' },
  { id: 'start.file-grid-result', title: 'From file://: the SQL tab\'s grid filled' },
  { id: 'load.csv', title: 'CSV → table (CREATE TABLE … AS read_csv_auto)' },
  { id: 'load.parquet-buffer', title: 'Parquet copied in (buffer mode), checked' },
  { id: 'load.parquet-handle', title: 'Parquet registered as a file handle (lazy)' },
  { id: 'groupby.table', title: 'GROUP BY force × year, sum(disruptions), on the CSV table' },
  { id: 'groupby.parquet-buffer', title: 'GROUP BY on Parquet, buffer mode' },
  { id: 'groupby.parquet-handle', title: 'GROUP BY on Parquet, file-handle mode, as the app reads it (8 MiB blocks, up to 4 a call in a scan, a 128 MiB cache kept across queries)' },
  { id: 'groupby.parquet-handle-cold', title: 'GROUP BY on Parquet, file-handle mode, the read-ahead\'s cache emptied before each query (every block read from the file)' },
  { id: 'groupby.parquet-handle-unbuffered', title: 'GROUP BY on Parquet, file-handle mode, read-ahead off: DuckDB\'s own small reads (the app before issue 16)' },
  { id: 'window.table', title: 'Rank of forces per year by rate per 100k (population join), on the CSV table' },
  { id: 'grid.render', title: 'Grid: 1M-row result, query issued → first rows painted' },
  { id: 'grid.scroll-step', title: 'Grid: PageDown, keydown → new rows painted (per step)' },
  { id: 'grid.scroll-frame', title: 'Grid: PageDown, scroll event → frame painted (per step)' },
  { id: 'ui.open-files', title: '"Open files" → table listed with its row count' },
  { id: 'builder.redraw', title: 'Compare builder: a change applied (period filter or comparison) → the new chart painted (goal ≤ 100 ms median on 1M rows); native = the same compiled SQL' },
  { id: 'builder.cube', title: 'Compare builder: making the table\'s pre-aggregated cube, once, after the first chart (issue 16 goal 3)' },
  { id: 'builder.redraw-raw', title: 'Compare builder: the same changes with no cube (every view reads the table): the redraw before the cube' },
  { id: 'builder.query', title: 'Compare builder: the engine\'s part of each redraw (the compiled SQL, page → worker → Arrow); native = the same SQL' },
  { id: 'builder.render', title: 'Compare builder: the rest of each redraw (rows to JS, chart choice, Plot render, swap, paint)' },
  { id: 'view.groupby-raw', title: 'GROUP BY force × year, sum(disruptions) over the raw table (the normalised view\'s reference)' },
  { id: 'recover.files', title: 'Engine death (worker killed while idle) → engine ready again with the files loaded again, the heartbeat\'s 2–6 s to notice included (reference: start.ready + start.samples-loaded)' },
  { id: 'recover.replayed', title: 'Engine death → the workbench\'s views and three SQL-made tables (100k rows, an aggregate, a view on a normalised view) made again, the notice shown' },
  { id: 'render.total', title: '`soc-workbench render` (native DuckDB, 2 threads), the whole command over the CSV: load, roles and normalised views, two views (rate per 100k and total by force, latest year) drawn and written' },
  { id: 'render.reference', title: 'Reference for render.total: bare native DuckDB (2 threads) loading the same CSV into a table and grouping it by force' },
  { id: 'render.view', title: '`soc-workbench render`: each view (SQL, population report, chart, SVG, PNG); wasm = the browser builder\'s redraw of the same comparisons in this run' },
  { id: 'view.normalised', title: 'The same GROUP BY over `<table>_norm` (canonical force and period mapped by lookup joins); native = the same view' },
];

/** A phase measures a group of cases that share setup (a page, a native database). */
export interface Phase {
  name: string;
  run(ctx: BenchContext, opts: { probe: boolean }): Promise<void> | void;
}

/** In run order: the references first (they would otherwise compete with Chromium for the two cores), except the
 * builder's SQL, which the page compiles (the browser is idle by then). */
export const PHASES: readonly Phase[] = [
  { name: 'native DuckDB', run: runNative },
  { name: 'native Parquet', run: runNativeParquet },
  { name: 'Arquero', run: runArquero },
  { name: 'cold start', run: runColdStart },
  { name: 'file start', run: runFileStart },
  { name: 'app page', run: runMainPage },
  { name: 'Parquet page', run: runParquetPage },
  { name: 'recovery', run: runRecovery },
  { name: 'large CSV page', run: (ctx, opts) => runLarge(ctx, opts.probe) },
  // After the browser: the builder's SQL is only known once the page has compiled it.
  { name: 'native builder SQL', run: runNativeBuilder },
  // The command line reads the same CSV; its views are compared with the builder's redraws of this run.
  { name: 'cli render', run: runCli },
];
