/**
 * `soc-workbench render` (issue 20) on the bench's 1M and 10M-row tables: the built command (dist-cli/, run as a user
 * runs it, with 2 threads like the native reference) renders a workbook of the compare builder's redraw views — rate
 * per 100,000 by force and the total by force, for the latest year, joined to the samples' population — over the same
 * CSV the browser loads. Recorded: the whole run (load, recognition, both views, files written) and the views' own
 * time, beside bare native DuckDB loading the same CSV and grouping it (render.reference), and the browser builder's
 * time for the same two comparisons when the builder phase ran in this run.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { VIEW_SPEC_VERSION, type ViewSpec } from '../src/domain';
import { sqlPath } from './sql';
import type { BenchContext } from './context';
import type { BuilderSqlFact } from './phase-builder';

const POPULATION_CSV = resolve('samples/force_population_synthetic.csv');
const VIEW_LINE = /^View (v\d) .*: [\d,]+ rows, ([\d.]+) s \(query ([\d.]+) s\)/;

function spec(table: string, kind: 'rate_per_100k' | 'total'): ViewSpec {
  return {
    version: VIEW_SPEC_VERSION,
    table,
    roles: { force: 'force', region: 'region', period: 'financial_year', threat: 'threat_type' },
    measure: { column: 'disruptions', aggregate: 'sum' },
    compareBy: { by: 'force' },
    filters: [{ column: 'financial_year', values: ['2023/24'] }],
    totals: 'exclude',
    comparison: { kind },
    uncertainty: { ci: kind === 'total' ? 'none' : 95, method: 'byar', against: 'england-and-wales' },
    highlight: { limitToPeers: false },
    chart: { type: 'auto' },
    ...(kind === 'total' ? {} : { denominator: { table: 'force_population_synthetic', population: 'population', force: 'force', period: 'financial_year' } }),
  };
}

export async function runCli(ctx: BenchContext): Promise<void> {
  if (!existsSync('dist-cli/soc-workbench.js')) {
    ctx.problem('cli render: dist-cli/ is not built (npm run build)');
    return;
  }
  for (const size of ctx.sizes().filter((s) => s.rows >= 1_000_000)) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
    try {
      // The data folder: the bench's CSV (linked, not copied) and the samples' population, by the names the workbook records.
      symlinkSync(size.csv, join(dir, basename(size.csv)));
      copyFileSync(POPULATION_CSV, join(dir, 'force_population_synthetic.csv'));
      const table = `soc_${size.label}`;
      const workbook = {
        format: 'soc-workbench-workbook',
        version: 3,
        title: `Bench ${size.label}`,
        views: [
          { id: 'v1', name: 'Rate per 100k by force', spec: spec(table, 'rate_per_100k') },
          { id: 'v2', name: 'Total by force', spec: spec(table, 'total') },
        ],
        queries: [],
        roleCorrections: [],
        valueMappings: [],
        peerGroups: [],
        sources: [
          { table, file: basename(size.csv), size: null, kind: 'csv' },
          { table: 'force_population_synthetic', file: 'force_population_synthetic.csv', size: null, kind: 'csv' },
        ],
      };
      writeFileSync(join(dir, 'w.workbook.json'), JSON.stringify(workbook));
      ctx.log(`cli: render over ${size.label} rows (CSV)`);
      const runs = size.rows >= 10_000_000 ? ctx.runs.slow : ctx.runs.fast;
      const total: number[] = [];
      const views: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, ['bin/soc-workbench.js', 'render', join(dir, 'w.workbook.json'), '--data', dir, '--out', join(dir, 'out'), '--threads', '2'], { encoding: 'utf8' });
        total.push(performance.now() - t0);
        if (r.status !== 0) {
          ctx.problem(`cli render ${size.label}: exit ${r.status}: ${(r.stderr || r.stdout).slice(0, 400)}`);
          return;
        }
        for (const line of r.stdout.split('\n')) {
          const m = VIEW_LINE.exec(line);
          if (m) views.push(Number(m[2]) * 1000);
        }
      }
      ctx.record({ case: 'render.total', size: size.label, engine: 'native-2t', samplesMs: total, note: 'the whole command: CSV into a table, roles recognised and normalised views made, two views drawn, SVG/PNG/CSV/SQL/index written' });
      ctx.record({ case: 'render.view', size: size.label, engine: 'native-2t', samplesMs: views, note: 'each view: its SQL, population report, chart, SVG and PNG' });
      // The reference in the same run: bare native DuckDB (2 threads) loading the same CSV and grouping it by force.
      const reference: number[] = [];
      for (let i = 0; i < runs; i++) {
        const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
        const conn = await instance.connect();
        const t0 = performance.now();
        await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv_auto(${sqlPath(size.csv)})`);
        await conn.runAndReadAll(`SELECT force, sum(disruptions) FROM t WHERE financial_year = '2023/24' GROUP BY force`);
        reference.push(performance.now() - t0);
        conn.closeSync();
        instance.closeSync();
      }
      ctx.record({ case: 'render.reference', size: size.label, engine: 'native-2t', samplesMs: reference, note: 'bare native DuckDB: the same CSV into a table, then one GROUP BY by force' });
      // The browser's time for the same comparisons in this run, where the builder phase ran.
      const fact = ((ctx.facts.builderSql ?? []) as BuilderSqlFact[]).find((f) => f.size === size.label);
      if (fact?.samples.length) ctx.record({ case: 'render.view', size: size.label, engine: 'wasm', samplesMs: fact.samples.map((s) => s.ms), note: 'the compare builder in the browser, the same two comparisons (builder.redraw)' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
