/**
 * `npm run bench`: data, then the phases of cases.ts, then the report. Options: --quick (100k and 1M,
 * fewer runs), --no-probe (skip the memory-limit probe), --dist (serve dist/ as it is),
 * --rerun="cold start,file start" (run only these phases and merge their numbers into today's results, replacing
 * the same cases: for a phase disturbed by other work on the machine), --only="native Parquet,Parquet page" (run
 * only these phases and write their numbers to bench/results/<date>-partial.json, leaving today's results and
 * bench/README.md alone: for measuring one area while working on it). Every run ends with each case's change since the
 * newest earlier full result file (compare.ts); a full run also puts it in bench/README.md, with bench/notes.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { buildApp } from './build';
import { CASES, PHASES } from './cases';
import { changeTable, compareRuns, previousResultFile } from './compare';
import { BenchContext } from './context';
import { ensureData, SIZES } from './data';
import { describeMachine, loadAverage } from './machine';
import { parseNotes } from './notes';
import { readme } from './readme';
import { goals, resultsTable, type Report } from './report';

const args = new Set(process.argv.slice(2));
const rerun = phaseList('--rerun');
const only = phaseList('--only');
if (rerun && only) throw new Error('--rerun and --only cannot be combined');
const quick = args.has('--quick');
const started = performance.now();
const loadStart = loadAverage();
const log = (s: string) => console.log(s);

const data = await ensureData(log);
const appDir = await appFolder();
const ctx = new BenchContext(
  data,
  quick ? { fast: 2, slow: 1 } : { fast: 5, slow: 3 },
  SIZES.map((s) => s.label).filter((l) => !quick || l !== '10m'),
  appDir,
  log,
);

let browserInfo: { version: string; blocked: string[] } | null = null;
try {
  for (const phase of PHASES.filter((p) => (!rerun || rerun.includes(p.name)) && (!only || only.includes(p.name)))) {
    log(`\n== ${phase.name} (${ctx.elapsedSeconds().toFixed(0)} s)`);
    ((ctx.facts.phaseLoadAverage ??= {}) as Record<string, number>)[rerun ? `${phase.name} (re-run)` : phase.name] = loadAverage();
    try {
      await phase.run(ctx, { probe: !args.has('--no-probe') });
    } catch (e) {
      // One phase failing (a crashed page, a missing browser) should not cost the others' numbers.
      ctx.problem(`${phase.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
} finally {
  browserInfo = await ctx.browserInfo();
  await ctx.close();
}

const report: Report = {
  date: new Date().toISOString().slice(0, 10),
  wallSeconds: (performance.now() - started) / 1000,
  generatedSeconds: data.generatedSeconds,
  runs: ctx.runs,
  machine: {
    ...describeMachine(),
    chromium: browserInfo?.version ?? 'not run',
    duckdbNative: String(ctx.facts.duckdbNative ?? 'not run'),
    duckdbWasm: String(ctx.facts.duckdbWasm ?? 'not run'),
    loadAverage: { start: loadStart, end: loadAverage() },
  },
  measurements: ctx.measurements,
  facts: ctx.facts,
  problems: ctx.problems,
  blockedRequests: browserInfo?.blocked ?? [],
};
mkdirSync('bench/results', { recursive: true });
const jsonPath = `bench/results/${report.date}${only ? '-partial' : ''}.json`;
if (rerun) mergeInto(report, jsonPath);
writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
const change = changeSincePrevious(report, jsonPath);
if (!only) {
  if (!existsSync('bench/notes.md')) log('bench/notes.md does not exist: the README has no hand-written sections');
  const notes = existsSync('bench/notes.md') ? parseNotes(readFileSync('bench/notes.md', 'utf8')) : [];
  const { text, unplaced } = readme(report, { notes, change: change ?? undefined });
  writeFileSync('bench/README.md', text);
  for (const a of unplaced) log(`bench/notes.md: no section "${a}" in the README any more; that note is at the end`);
}
log('\n' + resultsTable(report));
log('\nGoals:');
for (const [goal, measured, verdict] of goals(report)) log(`- ${goal}: ${verdict} — ${measured}`);
log(change ? `\nChange since ${change.since}:\n\n${change.table}` : '\nNo earlier full result file in bench/results/ to compare with.');
if (report.problems.length) log(`\n${report.problems.length} problem(s): see bench/README.md`);
log(`\nWrote ${jsonPath}${only ? '' : ' and bench/README.md'} in ${(report.wallSeconds / 60).toFixed(1)} min.`);

/**
 * This run beside the newest full result file before it (never the file it writes, never a partial one), as a
 * table; null when there is none.
 */
function changeSincePrevious(report: Report, written: string): { since: string; table: string } | null {
  const name = previousResultFile(readdirSync('bench/results'), written);
  if (!name) return null;
  try {
    const before = JSON.parse(readFileSync(`bench/results/${name}`, 'utf8')) as Report;
    const c = compareRuns(report, before, { caseOrder: CASES.map((x) => x.id), partial: !!only });
    return { since: before.date, table: changeTable(c) };
  } catch (e) {
    // The run's numbers are written by now; an unreadable old file should cost only the comparison.
    return { since: name, table: `Could not compare with bench/results/${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** `--rerun=a,b` / `--only=a,b`: the phases named, each checked against PHASES; null when the option is absent. */
function phaseList(option: string): string[] | null {
  const arg = process.argv.find((a) => a.startsWith(`${option}=`));
  if (!arg) return null;
  const names = arg.slice(option.length + 1).split(',').map((x) => x.trim());
  const unknown = names.filter((n) => !PHASES.some((p) => p.name === n));
  if (unknown.length) throw new Error(`${option}: no phase ${unknown.join(', ')}; phases: ${PHASES.map((p) => p.name).join(', ')}`);
  return names;
}

/**
 * Build the app into bench/data/app (gitignored), the single file included (bench/build.ts): other engineers'
 * `vite build` empties dist/ while it runs, which would break a bench serving it. `--dist` serves dist/ as it is.
 */
async function appFolder(): Promise<string> {
  if (args.has('--dist')) {
    if (!existsSync('dist/index.html')) throw new Error('--dist: dist/index.html does not exist; run `npm run build` first');
    if (!existsSync('dist/soc-workbench.html')) log('--dist: dist/soc-workbench.html does not exist; the file:// cases will fail');
    return 'dist';
  }
  await buildApp('bench/data/app', log);
  return 'bench/data/app';
}

/**
 * --rerun: today's full run, with the re-run phases' measurements in place of its own for the same case, size and
 * engine; facts merged (the re-run's win); problems of both; the re-run's load averages listed beside the first's.
 */
function mergeInto(report: Report, path: string): void {
  if (!existsSync(path)) throw new Error(`--rerun: ${path} does not exist; run the whole bench first`);
  const old = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const key = (m: { case: string; size: string; engine: string }) => `${m.case}|${m.size}|${m.engine}`;
  const fresh = new Set(report.measurements.map(key));
  const oldLoads = (old.facts.phaseLoadAverage ?? {}) as Record<string, number>;
  const newLoads = (report.facts.phaseLoadAverage ?? {}) as Record<string, number>;
  Object.assign(report, {
    wallSeconds: old.wallSeconds,
    generatedSeconds: old.generatedSeconds,
    runs: old.runs,
    machine: { ...old.machine, loadAverage: old.machine.loadAverage },
    measurements: [...old.measurements.filter((m) => !fresh.has(key(m))), ...report.measurements],
    facts: { ...old.facts, ...report.facts, phaseLoadAverage: { ...oldLoads, ...newLoads }, builderSql: mergeBySize(old.facts.builderSql, report.facts.builderSql) },
    problems: [...old.problems, ...report.problems],
    blockedRequests: [...old.blockedRequests, ...report.blockedRequests],
  });
}

/** Lists of per-size facts: the re-run's sizes in place of the first run's. */
function mergeBySize(a: unknown, b: unknown): unknown {
  const olds = (a ?? []) as { size: string }[];
  const news = (b ?? []) as { size: string }[];
  return [...olds.filter((x) => !news.some((y) => y.size === x.size)), ...news];
}
