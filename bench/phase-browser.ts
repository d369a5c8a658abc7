/**
 * The app in Chromium: cold start, then one page for the 100k and 1M CSV tables, the grid and the "Open files"
 * path. Parquet has a page of its own (phase-parquet.ts); the 10M CSV table too (phase-large.ts), so its memory is
 * measured from a clean start and a crash there cannot spoil this one.
 */
import type { AppPage, ColdStart } from './browser';
import type { BenchContext } from './context';
import type { Dataset } from './data';
import type { LoadSample, QuerySample } from './in-page';
import { builderCases } from './phase-builder';
import { allRowsSql, groupBySql, tableName, windowSql } from './sql';
import { median, repeat } from './stats';

const ROWS_PER_GROUP_BY = 43 * 5;

/** Cold starts of the served app, each in a new browser context (empty HTTP and code caches). */
export async function runColdStart(ctx: BenchContext): Promise<void> {
  ctx.log('cold start, served (new context per run)');
  const browser = await ctx.browser();
  const starts = await repeat(ctx.runs.fast, () => browser.coldStart());
  recordStarts(ctx, 'start.', starts);
}

/** The marks of a set of cold starts as cases `<prefix><mark>` (`start.ready`, `start.file-ready`). */
export function recordStarts(ctx: BenchContext, prefix: string, starts: ColdStart[]): void {
  const marks: [string, (s: ColdStart) => number | null][] = [
    ['first-paint', (s) => s.firstPaint],
    ['script-ran', (s) => s.scriptRan],
    ['wasm-fetched', (s) => s.wasmFetched],
    ['ready', (s) => s.ready],
    ['select1', (s) => s.select1],
    ['samples-loaded', (s) => s.samplesLoaded],
    ['chart-query', (s) => s.chartQuery],
    ['first-result', (s) => s.firstChart],
    ['live-result', (s) => s.liveChart],
    ['grid-result', (s) => s.firstResult],
  ];
  // The step from samples loaded to the builder's view: how much of it is engine calls.
  ctx.facts[`${prefix}builder-window`] = {
    calls: median(starts.map((s) => s.builderCalls)),
    engineMs: median(starts.map((s) => s.builderEngineMs)),
    stepMs: median(starts.map((s) => s.chartQuery - s.samplesLoaded)),
  };
  for (const [mark, get] of marks) {
    const samplesMs = starts.map((s) => get(s) ?? NaN);
    if (samplesMs.every((x) => Number.isNaN(x))) continue;
    ctx.record({ case: `${prefix}${mark}`, size: '-', engine: 'wasm', samplesMs });
  }
}

/** The CSV tables below 10M rows, the grid and "Open files", in one page. */
export async function runMainPage(ctx: BenchContext): Promise<void> {
  const sizes = ctx.sizes();
  const csvSizes = sizes.filter((s) => s.rows < 10_000_000);
  const app = await ctx.openApp([ctx.data.population, ...csvSizes.map((s) => s.csv)]);
  ctx.facts.duckdbWasm = String((await app.query('SELECT version()')).firstValue);
  try {
    await mustLoad(ctx, app, ctx.data.population, 'population', 43);

    for (const size of csvSizes) {
      ctx.log(`browser: CSV ${size.label}`);
      const table = tableName('csv', size.label);
      const before = await app.memory();
      const loads = await repeat(ctx.runs.fast, async (i) => {
        const s = await app.load(size.csv, table);
        // The first load in this page shows what a million rows cost; later ones reuse the grown heap.
        if (i === 0) ctx.facts[`memory.csv-${size.label}`] = { rows: size.rows, before, after: await app.memory() };
        return s;
      });
      recordLoads(ctx, 'load.csv', size, loads, 'table');
      await queries(ctx, app, table, size);
      if (size.label === '1m') await builderCases(ctx, app, size, table);
    }

    const grid = sizes.find((s) => s.label === '1m');
    if (grid) await gridCases(ctx, app, grid);
    if (grid) await openFilesCase(ctx, app, grid);
    if (app.errors.length > 0) ctx.problem(`page errors: ${app.errors.join(' | ')}`);
  } finally {
    await app.close();
  }
}

/** GROUP BY and the window query on a loaded table. */
export async function queries(ctx: BenchContext, app: AppPage, table: string, size: Dataset): Promise<void> {
  recordQueries(ctx, 'groupby.table', size, await repeat(ctx.runs.fast, () => app.query(groupBySql(table)), 1));
  recordQueries(ctx, 'window.table', size, await repeat(ctx.runs.fast, () => app.query(windowSql(table)), 1));
}

/** The grid: a 1M-row result from query to first rows painted, then 20 PageDowns. */
async function gridCases(ctx: BenchContext, app: AppPage, size: Dataset): Promise<void> {
  ctx.log('browser: grid');
  const table = tableName('csv', size.label);
  // The app opens on the Compare tab; the grid is in the SQL tab, and a hidden grid neither lays out nor scrolls.
  await app.page.evaluate(() => ((globalThis as any).socWorkbench.workbench.mode = 'sql'));
  await app.page.waitForSelector('#pane-sql:not([hidden]) [role=grid]', { timeout: 10_000 });
  const renders = await repeat(ctx.runs.slow, () => app.gridRender(allRowsSql(table), size.rows));
  ctx.record({
    case: 'grid.render',
    size: size.label,
    engine: 'wasm',
    samplesMs: renders.map((r) => r.ms),
    note: `of which the query (worker → Arrow in the page) ${median(renders.map((r) => r.queryMs)).toFixed(0)} ms`,
  });
  const scroll = await app.gridScroll(20);
  if (scroll.lastRowIndex < 20 * 10) ctx.problem(`grid scroll reached only row ${scroll.lastRowIndex} after 20 PageDowns`);
  ctx.record({ case: 'grid.scroll-step', size: size.label, engine: 'wasm', samplesMs: scroll.stepMs, note: 'per PageDown, keydown → new rows painted' });
  ctx.record({ case: 'grid.scroll-frame', size: size.label, engine: 'wasm', samplesMs: scroll.frameMs, note: 'per PageDown, scroll event → frame painted' });
}

/** The user's path: "Open files" with the 1M-row CSV until the data panel lists the table with its rows. */
async function openFilesCase(ctx: BenchContext, app: AppPage, size: Dataset): Promise<void> {
  ctx.log('browser: Open files');
  const table = `soc_${size.label}`;
  const samples = await repeat(ctx.runs.slow, async () => {
    await app.drop(table);
    await app.page.evaluate(() => (globalThis as any).socWorkbench.workbench.refresh());
    const t0 = performance.now();
    await app.page.getByLabel('Open files').setInputFiles(size.csv);
    await app.page.waitForSelector(`[data-table="${table}"] .count[data-rows="${size.rows}"]`, { timeout: 120_000 });
    return performance.now() - t0;
  });
  ctx.record({ case: 'ui.open-files', size: size.label, engine: 'wasm', samplesMs: samples, note: 'timed from Node: picker → table listed with its row count' });
  await app.drop(table);
}

export async function mustLoad(ctx: BenchContext, app: AppPage, path: string, table: string, rows: number): Promise<void> {
  const s = await app.load(path, table);
  if (s.error || s.rows !== rows) ctx.problem(`${table}: ${s.error ?? `${s.rows} rows, expected ${rows}`}`);
}

/** Record loads, checking each gave the right rows and mode. */
export function recordLoads(ctx: BenchContext, caseId: string, size: Dataset, loads: LoadSample[], mode: string): void {
  for (const s of loads) {
    if (s.error) ctx.problem(`${caseId} ${size.label}: ${s.error}`);
    else if (s.rows !== size.rows || s.mode !== mode) ctx.problem(`${caseId} ${size.label}: ${s.rows} rows as ${s.mode}, expected ${size.rows} as ${mode}`);
  }
  const phased = loads.filter((s) => s.phases);
  const part = (k: 'readMs' | 'copyMs' | 'restMs') => median(phased.map((s) => s.phases![k])).toFixed(0);
  const note = phased.length
    ? `median split: read the File in the page ${part('readMs')} ms, hand to the worker and copy into wasm ${part('copyMs')} ms, ${mode === 'table' ? 'parse into a table' : 'view, check, count'} ${part('restMs')} ms`
    : undefined;
  ctx.record({ case: caseId, size: size.label, engine: 'wasm', samplesMs: loads.map((s) => s.ms), note });
}

/** Record queries, checking each returned one row per force × year. */
export function recordQueries(ctx: BenchContext, caseId: string, size: Dataset, samples: QuerySample[]): void {
  for (const s of samples) {
    if (s.error) ctx.problem(`${caseId} ${size.label}: ${s.error}`);
    else if (s.rows !== ROWS_PER_GROUP_BY) ctx.problem(`${caseId} ${size.label}: ${s.rows} rows, expected ${ROWS_PER_GROUP_BY}`);
  }
  ctx.record({ case: caseId, size: size.label, engine: 'wasm', samplesMs: samples.map((s) => s.ms) });
}
