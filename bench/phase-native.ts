/**
 * The reference runs: native DuckDB on 2 threads and on 1 (the wasm build runs on one), then Arquero.
 * They run before the browser so neither competes with Chromium for this machine's two cores.
 */
import { arqueroGroupBy } from './arquero';
import type { BenchContext, EngineName } from './context';
import { groupBySql, parquetCheckSql, tableName, windowSql } from './sql';
import { repeat } from './stats';
import { HANDLE_CASES } from './phase-parquet';

const ROWS_PER_GROUP_BY = 43 * 5;

/** Native DuckDB: CSV → table, GROUP BY and window on it. */
export async function runNative(ctx: BenchContext): Promise<void> {
  for (const threads of [2, 1]) {
    const engine = `native-${threads}t` as EngineName;
    ctx.log(`native DuckDB, ${threads} thread${threads > 1 ? 's' : ''}`);
    const db = await ctx.native(threads);
    await db.table(ctx.data.population, 'population');
    for (const size of ctx.sizes()) {
      const runs = size.rows >= 10_000_000 ? ctx.runs.slow : ctx.runs.fast;
      const csvTable = tableName('csv', size.label);
      ctx.record({ case: 'load.csv', size: size.label, engine, samplesMs: await repeat(runs, () => db.loadCsv(size.csv, csvTable)) });
      await check(ctx, db.rows(`SELECT count(*) FROM ${csvTable}`), size.rows, `native ${csvTable}`);
      await check(ctx, db.rows(groupBySql(csvTable)).then((r) => r.length), ROWS_PER_GROUP_BY, 'native GROUP BY');
      ctx.record({ case: 'groupby.table', size: size.label, engine, samplesMs: await repeat(ctx.runs.fast, () => db.time(groupBySql(csvTable)), 1) });
      ctx.record({ case: 'window.table', size: size.label, engine, samplesMs: await repeat(ctx.runs.fast, () => db.time(windowSql(csvTable)), 1) });
      await db.drop(csvTable);
    }
  }
  ctx.facts.duckdbNative = await (await ctx.native(1)).version();
  ctx.closeNatives();
}

/**
 * Native DuckDB over the Parquet files where they lie: the check a copied-in file gets, and the GROUP BY. A phase of
 * its own, so the Parquet cases can be run alone (`--only="native Parquet,Parquet page"`).
 */
export async function runNativeParquet(ctx: BenchContext): Promise<void> {
  for (const threads of [2, 1]) {
    const engine = `native-${threads}t` as EngineName;
    ctx.log(`native DuckDB over Parquet, ${threads} thread${threads > 1 ? 's' : ''}`);
    const db = await ctx.native(threads);
    for (const size of ctx.sizes()) {
      const runs = size.rows >= 10_000_000 ? ctx.runs.slow : ctx.runs.fast;
      // Native DuckDB has one way to read Parquet: where the file lies. Every wasm mode compares with it.
      const view = tableName('parquet', size.label);
      await db.viewParquet(size.parquet, view);
      ctx.record({
        case: 'load.parquet-buffer',
        size: size.label,
        engine,
        samplesMs: await repeat(runs, () => db.time(parquetCheckSql(size.parquet))),
        note: 'native: decode every column once, as the app checks a copied-in file',
      });
      await check(ctx, db.rows(groupBySql(view)).then((r) => r.length), ROWS_PER_GROUP_BY, 'native Parquet GROUP BY');
      const groupBy = await repeat(ctx.runs.fast, () => db.time(groupBySql(view)), 1);
      ctx.record({ case: 'groupby.parquet-buffer', size: size.label, engine, samplesMs: groupBy });
      for (const c of HANDLE_CASES) ctx.record({ case: c, size: size.label, engine, samplesMs: groupBy, note: 'same native run as parquet-buffer' });
    }
  }
  ctx.facts.duckdbNative ??= await (await ctx.native(1)).version();
  ctx.closeNatives();
}

/** Arquero on the 1M-row CSV: its load once, then the GROUP BY repeated. */
export function runArquero(ctx: BenchContext): void {
  const size = ctx.sizes().find((s) => s.label === '1m');
  if (!size) return;
  ctx.log('Arquero (pure JS) on the 1M-row CSV');
  const r = arqueroGroupBy(size.csv, ctx.runs.fast);
  if (r.rows !== ROWS_PER_GROUP_BY) ctx.problem(`Arquero GROUP BY gave ${r.rows} rows, expected ${ROWS_PER_GROUP_BY}`);
  ctx.record({ case: 'load.csv', size: size.label, engine: 'arquero', samplesMs: [r.loadMs], note: 'Arquero: read file + fromCSV, once' });
  ctx.record({ case: 'groupby.table', size: size.label, engine: 'arquero', samplesMs: r.groupByMs, note: 'Arquero: aggregate only, CSV already parsed' });
}

async function check(ctx: BenchContext, got: Promise<unknown[][] | number>, want: number, what: string): Promise<void> {
  const v = await got;
  const n = typeof v === 'number' ? v : Number(v[0][0]);
  if (n !== want) ctx.problem(`${what}: ${n} rows, expected ${want}`);
}
