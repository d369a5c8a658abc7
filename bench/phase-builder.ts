/**
 * The compare builder (issue 7) and the normalised view (domain issue) on the bench's SOC-shaped tables.
 *
 * In the page (called by the main page for 1M rows and the large page for 10M, on the CSV already loaded there as
 * a table): a view `redraw_<size>` over that table (the builder hides `soc_*` names, the engine's own), opened in the
 * builder with its default view, then changes applied one at a time — the period filter between two years and the
 * comparison between rate per 100k (the samples' population table, matched on force and year) and total — each
 * timed until the new chart is painted. Then `redraw_<size>_norm` from src/query/normalise.ts, its SQL made here in
 * Node and run by the page's engine, and a GROUP BY over it against the same over the raw view.
 *
 * Afterwards in native DuckDB (phase `native builder SQL`): the same compiled SQL, in the same order, and the same
 * normalised view, on a table loaded from the same CSV with the same SQL the app uses.
 */
import { resolve } from 'node:path';
import { mappingTablesSql, normalisedColumns, normalisedRelationSql } from '../src/query/normalise';
import { ident } from '../src/query/sql';
import type { ColumnRole } from '../src/domain';
import type { AppPage } from './browser';
import type { BenchContext, EngineName } from './context';
import type { Dataset } from './data';
import * as inPage from './in-page';
import { recordQueries } from './phase-browser';
import { groupBySql, tableName } from './sql';
import { median, repeat } from './stats';

/** The samples' population table, which the builder joins for rates. */
const POPULATION_TABLE = 'force_population_synthetic';
const POPULATION_CSV = resolve('samples/force_population_synthetic.csv');
const YEARS = ['2023/24', '2022/23'];
const KINDS = ['total', 'rate_per_100k'] as const;

/** What the page ran, for the native replay. */
export interface BuilderSqlFact {
  size: string;
  view: string;
  /** The compiled SQL of each recorded change, in order. */
  sequence: string[];
  /** Each recorded change: what it showed and its times (for the split by comparison in the README). */
  samples: { kind: 'rate' | 'total'; ms: number; queryMs: number }[];
  /** Native times of the same sequence, by engine. */
  native: Record<string, number[]>;
  /** The rate SQL as compiled and with its shared CTE materialised (experiment, page only): query ms medians. */
  materialised?: { scans: number; asCompiledMs: number; materialisedMs: number; sameRows: boolean };
  /** The population table the default view joined (the page has the samples' and the bench's own). */
  population?: string;
  /** Statements that make the normalised view (mapping tables and macros, then the view), and its GROUP BY. */
  normalise?: { statements: string[]; groupBy: string };
}

function viewName(size: Dataset): string {
  return `redraw_${size.label}`;
}

/** Builder redraws and the normalised view on `table` (loaded in `app`). */
export async function builderCases(ctx: BenchContext, app: AppPage, size: Dataset, table: string): Promise<void> {
  const view = viewName(size);
  const fact: BuilderSqlFact = { size: size.label, view, sequence: [], samples: [], native: {} };
  ((ctx.facts.builderSql ??= []) as BuilderSqlFact[]).push(fact);
  const must = async (sql: string) => {
    const r = await app.query(sql);
    if (r.error) throw new Error(`${sql.slice(0, 80)}…: ${r.error}`);
  };
  await must(`CREATE OR REPLACE VIEW ${ident(view)} AS SELECT * FROM ${ident(table)}`);
  try {
    ctx.log(`browser: builder on ${size.label} rows`);
    const opened = await app.page.evaluate(inPage.builderOpen, view);
    const spec = opened.spec as { table?: string; comparison?: { kind: string }; denominator?: { table: string } } | null;
    if (opened.error || spec?.table !== view) ctx.problem(`builder.open(${view}): ${opened.error ?? `opened ${spec?.table}`}`);
    ctx.facts[`builder.default-${size.label}`] = { comparison: spec?.comparison?.kind, denominator: spec?.denominator?.table ?? null };
    // The page has two population tables (the samples' and the bench's own `population`); which one the default
    // view joins is the app's choice. The native replay loads both, and a change is a rate when it joins either.
    if (spec?.comparison?.kind !== 'rate_per_100k' || !spec?.denominator?.table)
      ctx.problem(`builder on ${view}: default view is ${spec?.comparison?.kind} with population ${spec?.denominator?.table ?? 'none'}; rates may not be measured`);
    const popTable = spec?.denominator?.table ?? POPULATION_TABLE;
    fact.population = popTable;

    if (opened.cube?.refused || !opened.cube) ctx.problem(`builder on ${view}: no cube (${opened.cube?.refused ?? 'no report within 5 minutes'})`);
    else {
      ctx.record({
        case: 'builder.cube',
        size: size.label,
        engine: 'wasm',
        samplesMs: [opened.cube.buildMs],
        note: `made once after the first chart: ${opened.cube.rows?.toLocaleString('en-GB')} rows from ${opened.cube.tableRows?.toLocaleString('en-GB')}`,
      });
    }
    const large = size.rows >= 10_000_000;
    const n = large ? 6 : 20;
    // Each change moves one thing: the year, then the comparison, in turn (so every SQL differs from the last).
    // From the default (rate, latest year): total; the year before; rate; the latest year; total; …
    const change = (i: number) => ({ year: YEARS[Math.floor((i + 1) / 2) % 2], kind: KINDS[Math.floor(i / 2) % 2], timeoutMs: 120_000 });
    let k = 0;
    const samples = await repeat(n, () => app.page.evaluate(inPage.builderRedraw, change(k++)), large ? 1 : 2);
    const ok = samples.filter((s) => !s.error);
    for (const s of samples) if (s.error) ctx.problem(`builder.redraw ${size.label}: ${s.error}`);
    for (const s of ok) if (s.rows < 40) ctx.problem(`builder.redraw ${size.label}: ${s.rows} rows in the chart, expected one per force`);
    fact.sequence = ok.map((s) => s.sql);
    const isRate = (sql: string) => sql.includes(`FROM ${ident(popTable)}`);
    fact.samples = ok.map((s) => ({ kind: isRate(s.sql) ? 'rate' : 'total', ms: s.ms, queryMs: s.queryMs }));
    const rates = ok.filter((s) => isRate(s.sql)).length;
    ctx.record({
      case: 'builder.redraw',
      size: size.label,
      engine: 'wasm',
      samplesMs: ok.map((s) => s.ms),
      note: `${ok.length} changes alternating the year filter (${YEARS.join(' ↔ ')}) and the comparison (total ↔ rate per 100k; ${rates} of them rates, joined to ${popTable}); median change → new chart in the DOM ${median(ok.map((s) => s.swappedMs)).toFixed(0)} ms, then its frame painted`,
    });
    ctx.record({ case: 'builder.query', size: size.label, engine: 'wasm', samplesMs: ok.map((s) => s.queryMs) });
    ctx.record({ case: 'builder.render', size: size.label, engine: 'wasm', samplesMs: ok.map((s) => s.ms - s.queryMs) });
    // The reference in the same run: the same changes with the cube forgotten, reading the table as before it.
    await app.page.evaluate(inPage.forgetCubes);
    const raw = (await repeat(n, () => app.page.evaluate(inPage.builderRedraw, change(k++)), large ? 1 : 2)).filter((s) => !s.error);
    ctx.record({ case: 'builder.redraw-raw', size: size.label, engine: 'wasm', samplesMs: raw.map((s) => s.ms), note: 'the same changes with no cube: every view reads the table' });

    // At 1M only: at 10M the rate SQL alone takes seconds a run, and the ratio is what matters.
    if (!large) await materialisedExperiment(ctx, app, size, fact);
    await normalisedCases(ctx, app, size, view, fact);
  } finally {
    // Back to the samples' view, so later cases see the app as it opens.
    await app.drop(`${view}_norm`);
    await app.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.open());
    await app.drop(view);
    await app.page.evaluate(() => (globalThis as any).socWorkbench.workbench.refresh());
  }
}

/**
 * Experiment: the rate SQL reads its `matched` CTE (the table joined to the population) several times, and DuckDB
 * 0.9.1 inlines a CTE into every reference, so each one scans the table again. The same SQL with that CTE marked
 * `AS MATERIALIZED` computes it once. Timed in the page on the same engine, alternating, so load affects both alike.
 */
async function materialisedExperiment(ctx: BenchContext, app: AppPage, size: Dataset, fact: BuilderSqlFact): Promise<void> {
  const sql = fact.sequence.find((x) => x.includes(`FROM ${ident(fact.population ?? POPULATION_TABLE)}`));
  if (!sql || !sql.includes('"matched" AS (')) return;
  const variant = sql.replace('"matched" AS (', '"matched" AS MATERIALIZED (');
  const a: number[] = [];
  const b: number[] = [];
  let sameRows = true;
  for (let i = -1; i < ctx.runs.fast; i++) {
    const x = await app.query(sql);
    const y = await app.query(variant);
    if (x.error || y.error) {
      ctx.problem(`materialised CTE experiment ${size.label}: ${x.error ?? y.error}`);
      return;
    }
    sameRows &&= x.rows === y.rows && String(x.firstValue) === String(y.firstValue);
    if (i >= 0) a.push(x.ms), b.push(y.ms);
  }
  fact.materialised = { scans: (sql.match(/FROM "matched"/g) ?? []).length, asCompiledMs: median(a), materialisedMs: median(b), sameRows };
  ctx.log(`  rate SQL as compiled ${median(a).toFixed(0)} ms, with "matched" AS MATERIALIZED ${median(b).toFixed(0)} ms (same rows: ${sameRows})`);
}

/** `<view>_norm` made from normalise.ts's SQL, and a GROUP BY over it beside the same over the raw view. */
async function normalisedCases(ctx: BenchContext, app: AppPage, size: Dataset, view: string, fact: BuilderSqlFact): Promise<void> {
  const roles = (await app.page.evaluate((t) => (globalThis as any).socWorkbench.workbench.rolesOf(t), view)) as ColumnRole[];
  const { names, sources } = normalisedColumns(roles);
  if (!sources.force || !sources.period || !names.force || !names.period) {
    ctx.problem(`view.normalised ${size.label}: roles of ${view} give no force or period (${roles.map((r) => `${r.name}:${r.role}`).join(', ')})`);
    return;
  }
  // The keyed relation with every mapped column in its key (the app narrows the key further where it can: this is
  // the slower bound of what it makes).
  const statements = [...mappingTablesSql(), ...normalisedRelationSql(view, roles)];
  for (const sql of statements) {
    const r = await app.query(sql);
    if (r.error) {
      ctx.problem(`view.normalised ${size.label}: ${r.error} in ${sql.slice(0, 100)}…`);
      return;
    }
  }
  const groupBy = `SELECT ${ident(names.force)} AS force, ${ident(names.period)} AS financial_year, sum(disruptions)::BIGINT AS disruptions
FROM ${ident(`${view}_norm`)}
GROUP BY 1, 2
ORDER BY 1, 2`;
  fact.normalise = { statements, groupBy };
  // At 10M: fewer runs and no warm-up (a query over 10M rows warms nothing that matters; the budget is 10 minutes).
  const large = size.rows >= 10_000_000;
  const runs = large ? ctx.runs.slow : ctx.runs.fast;
  recordQueries(ctx, 'view.groupby-raw', size, await repeat(runs, () => app.query(groupBySql(view)), large ? 0 : 1));
  recordQueries(ctx, 'view.normalised', size, await repeat(runs, () => app.query(groupBy), large ? 0 : 1));
}

/** Native DuckDB: the builder's SQL sequence and the normalised view, per size the page measured. */
export async function runNativeBuilder(ctx: BenchContext): Promise<void> {
  const facts = (ctx.facts.builderSql ?? []) as BuilderSqlFact[];
  for (const threads of [2, 1]) {
    const engine = `native-${threads}t` as EngineName;
    const db = await ctx.native(threads);
    await db.table(POPULATION_CSV, POPULATION_TABLE);
    // The bench's own population table, as the page loaded it: the default view may join it.
    await db.loadCsv(ctx.data.population, 'population');
    for (const fact of facts) {
      const size = ctx.data.sizes.find((s) => s.label === fact.size);
      if (!size || fact.sequence.length === 0) continue;
      ctx.log(`native DuckDB ${threads}t: builder SQL on ${size.label} rows`);
      const table = tableName('csv', size.label);
      await db.loadCsv(size.csv, table);
      await db.run(`CREATE OR REPLACE VIEW ${ident(fact.view)} AS SELECT * FROM ${ident(table)}`);
      for (const sql of new Set(fact.sequence)) await db.time(sql); // warm-up, as the page had
      const times: number[] = [];
      for (const sql of fact.sequence) times.push(await db.time(sql));
      fact.native[engine] = times;
      const note = 'native: the same compiled SQL, in the same order';
      ctx.record({ case: 'builder.redraw', size: size.label, engine, samplesMs: times, note });
      ctx.record({ case: 'builder.query', size: size.label, engine, samplesMs: times, note });
      if (fact.normalise) {
        try {
          for (const sql of fact.normalise.statements) await db.run(sql);
          const runs = size.rows >= 10_000_000 ? ctx.runs.slow : ctx.runs.fast;
          ctx.record({ case: 'view.groupby-raw', size: size.label, engine, samplesMs: await repeat(runs, () => db.time(groupBySql(fact.view)), 1) });
          const rows = await db.rows(fact.normalise.groupBy);
          if (rows.length !== 43 * 5) ctx.problem(`native view.normalised ${size.label}: ${rows.length} rows, expected ${43 * 5}`);
          ctx.record({ case: 'view.normalised', size: size.label, engine, samplesMs: await repeat(runs, () => db.time(fact.normalise!.groupBy), 1) });
        } catch (e) {
          ctx.problem(`native view.normalised ${size.label}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      await db.run(`DROP VIEW IF EXISTS ${ident(`${fact.view}_norm`)}`);
      await db.run(`DROP VIEW IF EXISTS ${ident(fact.view)}`);
      await db.drop(table);
    }
  }
  ctx.closeNatives();
}
