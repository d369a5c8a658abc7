/**
 * Parquet in the app, in a page of its own: every size copied in (buffer mode) and through a file handle. A file
 * handle is read through the app's read-ahead (src/engine/read-ahead.ts) as shipped, then with its cache emptied
 * before every query, then with it off (DuckDB's own small reads, the app before issue 16); and the block size is
 * swept, cold and one block a call, to show the choice.
 */
import { READ_AHEAD } from '../src/engine/read-ahead';
import type { AppPage, ReadStats } from './browser';
import type { BenchContext } from './context';
import type { Dataset } from './data';
import { recordLoads, recordQueries } from './phase-browser';
import { groupBySql, tableName } from './sql';
import { median, repeat } from './stats';

/** The file-handle GROUP BY cases; native DuckDB's one reading of the file is the reference of each. */
export const HANDLE_CASES = ['groupby.parquet-handle', 'groupby.parquet-handle-cold', 'groupby.parquet-handle-unbuffered'] as const;
/** Block sizes swept, MiB. */
export const SWEEP_BLOCKS_MIB = [1, 4, 8, 16, 32];
/** Low enough that every benchmark file takes the engine's file-handle path. */
const FORCE_HANDLE_LIMIT = 1024;
const MIB = 1024 * 1024;

/** Reads of the last run of a file-handle query. */
export interface ReadFact extends ReadStats {
  case: string;
  size: string;
  fileBytes: number;
  queryMs: number;
}

/** One block size of the sweep: the cold GROUP BY's median and the reads of its last run. */
export interface SweepFact extends ReadStats {
  size: string;
  blockBytes: number;
  medianMs: number;
  fileBytes: number;
}

/** Every Parquet size, both modes, in one page. */
export async function runParquetPage(ctx: BenchContext): Promise<void> {
  const sizes = ctx.sizes();
  const app = await ctx.openApp(sizes.map((s) => s.parquet));
  ctx.facts.duckdbWasm ??= String((await app.query('SELECT version()')).firstValue);
  try {
    for (const size of sizes) {
      ctx.log(`browser: Parquet ${size.label}`);
      const view = tableName('parquet', size.label);
      const runs = size.rows >= 10_000_000 ? ctx.runs.slow : ctx.runs.fast;
      recordLoads(ctx, 'load.parquet-buffer', size, await repeat(runs, () => app.load(size.parquet, view)), 'parquet-buffer');
      recordQueries(ctx, 'groupby.parquet-buffer', size, await repeat(ctx.runs.fast, () => app.query(groupBySql(view)), 1));
      await app.drop(view);

      const handle = tableName('handle', size.label);
      recordLoads(ctx, 'load.parquet-handle', size, await repeat(runs, () => app.load(size.parquet, handle, FORCE_HANDLE_LIMIT)), 'file-handle');
      await handleQueries(ctx, app, handle, size, runs);
      await app.drop(handle);
    }
    if (app.errors.length > 0) ctx.problem(`page errors (Parquet page): ${app.errors.join(' | ')}`);
  } finally {
    await app.close();
  }
}

/** GROUP BY through a file handle: the app's reads warm, cold and off; then the block sweep. Reads counted. */
async function handleQueries(ctx: BenchContext, app: AppPage, view: string, size: Dataset, runs: number): Promise<void> {
  const reads = (ctx.facts.reads ??= []) as ReadFact[];
  const timed = async (caseId: string, before: () => Promise<void>) => {
    const samples = await repeat(runs, async () => (await before(), app.query(groupBySql(view))), 1);
    recordQueries(ctx, caseId, size, samples);
    reads.push({ case: caseId, size: size.label, ...(await app.reads()), fileBytes: size.parquetBytes, queryMs: samples.at(-1)?.ms ?? NaN });
  };
  const [shipped, cold, off] = HANDLE_CASES;
  // As the app runs: its sizes, its cache kept from one query to the next (the warm-up query fills it).
  const asShipped = { blockBytes: READ_AHEAD.blockBytes, aheadBlocks: READ_AHEAD.aheadBlocks };
  await app.resetReads(asShipped);
  await timed(shipped, () => app.resetReads());
  await timed(cold, () => app.resetReads({ clear: true }));
  await timed(off, () => app.resetReads({ blockBytes: 0 }));

  const sweep = (ctx.facts.readAheadSweep ??= []) as SweepFact[];
  for (const mib of SWEEP_BLOCKS_MIB) {
    // One block a call, to show the block size alone (the app reads up to aheadBlocks a call in a scan).
    const samples = await repeat(runs, async () => (await app.resetReads({ blockBytes: mib * MIB, aheadBlocks: 1 }), app.query(groupBySql(view))), 1);
    for (const s of samples) if (s.error) ctx.problem(`read-ahead sweep ${mib} MiB ${size.label}: ${s.error}`);
    sweep.push({ size: size.label, blockBytes: mib * MIB, medianMs: median(samples.map((s) => s.ms)), fileBytes: size.parquetBytes, ...(await app.reads()) });
    ctx.log(`  read-ahead ${mib} MiB blocks, one a call, cold: ${median(samples.map((s) => s.ms)).toFixed(0)} ms`);
  }
  await app.resetReads(asShipped);
}
