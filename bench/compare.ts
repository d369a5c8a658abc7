/**
 * Issue 16 goal 6, "nothing gets slower": today's run beside the newest earlier full result file, case by case.
 * Pure: run.ts reads the files and prints the table; readme.ts puts it in bench/README.md.
 */
import type { EngineName, Measurement } from './context';
import { ms } from './format';
import { median } from './stats';

/** What a comparison needs of a run (a `Report` has it all; tests write just this). */
export interface RunResults {
  date: string;
  measurements: readonly Measurement[];
  machine?: { loadAverage?: { start: number; end: number } };
}

/** One case at one size, then and now. */
export interface CaseChange {
  case: string;
  size: string;
  /** The engine compared: the app's DuckDB-WASM; native DuckDB for a case the browser does not run (the command line). */
  engine: EngineName;
  beforeMs: number | null;
  nowMs: number | null;
  /** now ÷ before. */
  ratio: number | null;
  /** Native DuckDB (2 threads) on the same case in both runs, now ÷ before: how much the machine itself changed. */
  nativeRatio: number | null;
  verdict: Verdict;
}

export type Verdict = 'faster' | 'slower' | 'same (within noise)' | 'new' | 'missing';

/** Today's run against an earlier one. */
export interface Comparison {
  before: { date: string; loadAverage?: { start: number; end: number } };
  now: { date: string; loadAverage?: { start: number; end: number } };
  changes: CaseChange[];
  /** An --only run: it ran a few phases, so the cases it did not run are not missing. */
  partial: boolean;
}

/**
 * A change counts only past both bounds. The bench runs on 2 cores shared with other sessions. Within the
 * 2026-12-01 run, half the browser cases had their slowest run within 11 % of their median and a quarter beyond
 * 30 %, so below 15 % a 3–5-run median mostly moves with the machine. Short cases are a few ms of work or timed to a
 * painted frame: 10 ms keeps scheduling jitter there (grid.scroll-frame: 13 ms median, runs ±50 %) from reading
 * as a change, while staying under one frame (16.7 ms), so a frame lost in a redraw that must fit in 100 ms (issue
 * 16 goal 3) still shows. No band absorbs a change of load: native DuckDB's medians on the same files moved 2–10×
 * between 2026-11-25 (load average 1–4) and 2026-12-01 (7–10), hence the native column beside each verdict.
 */
export const NOISE = { fraction: 0.15, ms: 10 } as const;

const SIZE_ORDER = ['-', '100k', '1m', '10m'];
const key = (c: string, size: string, engine: string) => `${c}|${size}|${engine}`;

/** "faster", "slower" or "same (within noise)" for two medians in ms, by `NOISE` (or the band given). */
export function verdictOf(beforeMs: number, nowMs: number, noise: { fraction: number; ms: number } = NOISE): Verdict {
  const diff = nowMs - beforeMs;
  if (Math.abs(diff) <= noise.ms || Math.abs(diff) <= noise.fraction * beforeMs) return 'same (within noise)';
  return diff > 0 ? 'slower' : 'faster';
}

/**
 * Every case × size of either run, on the app's engine (or native DuckDB 2 threads where the app's engine has no
 * number for the case in either run), with its change. Ordered by `caseOrder` (the report's), then by name.
 * `partial` (an --only run): a case whose app engine did not run but whose native reference did (a native phase run
 * alone) is compared on native DuckDB, so such a run shows what it measured.
 */
export function compareRuns(now: RunResults, before: RunResults, opts: { caseOrder?: readonly string[]; partial?: boolean } = {}): Comparison {
  const caseOrder = opts.caseOrder ?? [];
  const partial = opts.partial ?? false;
  const medians = (r: RunResults) => {
    const out = new Map<string, number>();
    for (const m of r.measurements) {
      const x = median(m.samplesMs);
      if (Number.isFinite(x)) out.set(key(m.case, m.size, m.engine), x);
    }
    return out;
  };
  const a = medians(before);
  const b = medians(now);
  const pairs = new Map<string, { case: string; size: string }>();
  for (const m of [...before.measurements, ...now.measurements]) pairs.set(`${m.case}|${m.size}`, { case: m.case, size: m.size });
  const hasWasm = new Set([...before.measurements, ...now.measurements].filter((m) => m.engine === 'wasm').map((m) => m.case));

  const changes: CaseChange[] = [];
  for (const p of pairs.values()) {
    const own: EngineName = hasWasm.has(p.case) ? 'wasm' : 'native-2t';
    const nativeOnly = partial && !b.has(key(p.case, p.size, own)) && b.has(key(p.case, p.size, 'native-2t'));
    const engine: EngineName = nativeOnly ? 'native-2t' : own;
    const beforeMs = a.get(key(p.case, p.size, engine)) ?? null;
    const nowMs = b.get(key(p.case, p.size, engine)) ?? null;
    if (beforeMs === null && nowMs === null) continue; // only Arquero or native 1t: a reference, not ours
    const n0 = a.get(key(p.case, p.size, 'native-2t'));
    const n1 = b.get(key(p.case, p.size, 'native-2t'));
    changes.push({
      ...p,
      engine,
      beforeMs,
      nowMs,
      ratio: beforeMs !== null && nowMs !== null && beforeMs > 0 ? nowMs / beforeMs : null,
      nativeRatio: engine === 'wasm' && n0 !== undefined && n1 !== undefined && n0 > 0 ? n1 / n0 : null,
      verdict: beforeMs === null ? 'new' : nowMs === null ? 'missing' : verdictOf(beforeMs, nowMs),
    });
  }
  const rank = (c: string) => {
    const i = caseOrder.indexOf(c);
    return i < 0 ? caseOrder.length : i;
  };
  changes.sort((x, y) => rank(x.case) - rank(y.case) || x.case.localeCompare(y.case) || SIZE_ORDER.indexOf(x.size) - SIZE_ORDER.indexOf(y.size));
  return {
    before: { date: before.date, loadAverage: before.machine?.loadAverage },
    now: { date: now.date, loadAverage: now.machine?.loadAverage },
    changes,
    partial,
  };
}

/**
 * The newest full result file other than the one this run writes: `YYYY-MM-DD.json` only (a `-partial.json` holds a
 * few phases, so it is never the reference), compared by name, which sorts by date. Null when there is none.
 */
export function previousResultFile(names: readonly string[], written: string): string | null {
  const own = written.split('/').at(-1);
  const full = names.filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n) && n !== own).sort();
  return full.at(-1) ?? null;
}

/**
 * The comparison as Markdown (it reads fine in a terminal too): a count by verdict, then the table. In a partial
 * run the cases it did not run are counted, not listed as missing one by one.
 */
export function changeTable(c: Comparison): string {
  const partial = c.partial;
  const listed = partial ? c.changes.filter((x) => x.verdict !== 'missing') : c.changes;
  const notRun = c.changes.length - listed.length;
  const count = (v: Verdict) => c.changes.filter((x) => x.verdict === v).length;
  const load = (l?: { start: number; end: number }) => (l ? `load average ${l.start.toFixed(1)} → ${l.end.toFixed(1)}` : 'load average not recorded');
  const summary = [
    `${count('slower')} slower, ${count('faster')} faster, ${count('same (within noise)')} the same within noise (±${NOISE.fraction * 100} % and ±${NOISE.ms} ms), ` +
      `${count('new')} new, ${partial ? `${notRun} not in this partial run` : `${count('missing')} missing`}. ` +
      `Medians in ms, ${c.before.date} (${load(c.before.loadAverage)}) → ${c.now.date} (${load(c.now.loadAverage)}); ` +
      `"native 2t" is native DuckDB on the same case in both runs: when it moved as much, the machine did.`,
  ];
  if (listed.length === 0) return summary.join('\n');
  const times = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}×`);
  return [
    ...summary,
    '',
    '| case | rows | engine | before | now | now ÷ before | native 2t now ÷ before | change |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...listed.map(
      (x) =>
        `| ${x.case} | ${x.size} | ${x.engine} | ${x.beforeMs === null ? '–' : ms(x.beforeMs)} | ${x.nowMs === null ? '–' : ms(x.nowMs)} | ${times(x.ratio)} | ${times(x.nativeRatio)} | ${x.verdict === 'slower' ? '**slower**' : x.verdict} |`,
    ),
  ].join('\n');
}
