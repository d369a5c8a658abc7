/**
 * The case list: every measured case with its title, in report order, and the cases still to come with
 * what they wait for. To add one: give it an entry here, measure it in a phase (or a new phase in
 * PHASES) by calling `ctx.record({ case: id, … })`, and the report picks it up.
 */
import type { BenchContext } from './context';
import { runColdStart, runMainPage } from './phase-browser';
import { runLarge } from './phase-large';
import { runArquero, runNative } from './phase-native';

/** A case as the report names it. */
export interface CaseInfo {
  id: string;
  title: string;
  /** Set while the case cannot be measured yet: why, and what will make it measurable. */
  pending?: string;
}

export const CASES: readonly CaseInfo[] = [
  { id: 'start.wasm-fetched', title: 'Cold start, served, new browser context; ms from navigation start: wasm fetched by the worker' },
  { id: 'start.ready', title: 'Cold start: engine ready' },
  { id: 'start.select1', title: 'Cold start: `SELECT 1` answered' },
  { id: 'start.samples-loaded', title: 'Cold start: the bundled samples loaded (5 files, one after another)' },
  { id: 'start.first-query', title: 'Cold start: the app\'s first query on the samples answered' },
  { id: 'start.first-result', title: 'Cold start: first result painted in the grid' },
  {
    id: 'start.file-first-result',
    title: 'Cold start from file:// (single HTML file): first result on screen; and the file size',
    pending: 'the single-file offline build does not exist yet (offline issue); add a phase that opens it with page.goto(file://…)',
  },
  { id: 'load.csv', title: 'CSV → table (CREATE TABLE … AS read_csv_auto)' },
  { id: 'load.parquet-buffer', title: 'Parquet copied in (buffer mode), checked' },
  { id: 'load.parquet-handle', title: 'Parquet registered as a file handle (lazy)' },
  { id: 'groupby.table', title: 'GROUP BY force × year, sum(disruptions), on the CSV table' },
  { id: 'groupby.parquet-buffer', title: 'GROUP BY on Parquet, buffer mode' },
  { id: 'groupby.parquet-handle', title: 'GROUP BY on Parquet, file-handle mode' },
  { id: 'groupby.parquet-handle-readahead', title: 'GROUP BY on Parquet, file handle read in 8 MB blocks (experiment, bench-side patch)' },
  { id: 'window.table', title: 'Rank of forces per year by rate per 100k (population join), on the CSV table' },
  { id: 'grid.render', title: 'Grid: 1M-row result, query issued → first rows painted' },
  { id: 'grid.scroll-step', title: 'Grid: PageDown, keydown → new rows painted (per step)' },
  { id: 'grid.scroll-frame', title: 'Grid: PageDown, scroll event → frame painted (per step)' },
  { id: 'ui.open-files', title: '"Open files" → table listed with its row count' },
  {
    id: 'builder.redraw',
    title: 'Builder view compiled, run and redrawn on 1M rows (goal ≤ 100 ms median)',
    pending: 'the visual builder does not exist yet (compare issue); measure spec change → chart redrawn',
  },
  {
    id: 'view.normalised',
    title: 'Cost of the normalised view (forces/threats/years mapped) over the raw table',
    pending: 'waits for the domain issue\'s normalised view in the engine',
  },
];

/** A phase measures a group of cases that share setup (a page, a native database). */
export interface Phase {
  name: string;
  run(ctx: BenchContext, opts: { probe: boolean }): Promise<void> | void;
}

/** In run order: the references first (they would otherwise compete with Chromium for the two cores). */
export const PHASES: readonly Phase[] = [
  { name: 'native DuckDB', run: runNative },
  { name: 'Arquero', run: runArquero },
  { name: 'cold start', run: runColdStart },
  { name: 'app page', run: runMainPage },
  { name: 'large CSV page', run: (ctx, opts) => runLarge(ctx, opts.probe) },
];
