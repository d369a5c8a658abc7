/**
 * Turning measurements into the one table, the goals and the memory figures. Pure: run.ts prints them and
 * writes the JSON; readme.ts lays them out as bench/README.md.
 */
import { CASES } from './cases';
import type { EngineName, Measurement, Runs } from './context';
import type { Machine } from './machine';
import type { MemorySample } from './browser';
import type { BuilderSqlFact } from './phase-builder';
import type { SingleFileFact } from './phase-file';
import { mib, ms, ratio } from './format';
import { median, percentile } from './stats';

/** Everything one run produced. */
export interface Report {
  date: string;
  wallSeconds: number;
  /** Seconds of the wall time spent generating data (0 when it came from the cache). */
  generatedSeconds: number;
  runs: Runs;
  machine: Machine;
  measurements: Measurement[];
  facts: Record<string, unknown>;
  problems: string[];
  blockedRequests: string[];
}

/** One line of the table. */
interface Row {
  case: string;
  size: string;
  wasm: { median: number; p95: number; n: number };
  native2: number;
  native1: number;
  arquero: number;
  notes: string[];
}

const SIZE_ORDER = ['-', '100k', '1m', '10m'];

function rows(r: Report): Row[] {
  const find = (c: string, s: string, e: EngineName) => r.measurements.find((m) => m.case === c && m.size === s && m.engine === e);
  const out: Row[] = [];
  for (const c of CASES) {
    for (const size of SIZE_ORDER) {
      const w = find(c.id, size, 'wasm');
      if (!w) continue;
      const n2 = find(c.id, size, 'native-2t');
      const n1 = find(c.id, size, 'native-1t');
      const aq = find(c.id, size, 'arquero');
      out.push({
        case: c.id,
        size,
        wasm: { median: median(w.samplesMs), p95: percentile(w.samplesMs, 95), n: w.samplesMs.length },
        native2: n2 ? median(n2.samplesMs) : NaN,
        native1: n1 ? median(n1.samplesMs) : NaN,
        arquero: aq ? median(aq.samplesMs) : NaN,
        notes: [w.note, aq?.note].filter((x): x is string => !!x),
      });
    }
  }
  return out;
}

/** The main table as Markdown (also printed: it reads fine in a terminal). */
export function resultsTable(r: Report): string {
  const head = '| case | rows | wasm median | wasm p95 | runs | native 2t | native 1t | wasm ÷ native 2t | wasm ÷ native 1t | Arquero |';
  const lines = [head, '|' + ' --- |'.repeat(10)];
  for (const x of rows(r)) {
    lines.push(
      `| ${x.case} | ${x.size} | ${ms(x.wasm.median)} | ${ms(x.wasm.p95)} | ${x.wasm.n} | ${ms(x.native2)} | ${ms(x.native1)} | ${ratio(x.wasm.median, x.native2)} | ${ratio(x.wasm.median, x.native1)} | ${ms(x.arquero)} |`,
    );
  }
  return lines.join('\n');
}

/** A measurement's median by case, size and engine (NaN when absent). */
export function medianOf(r: Report, c: string, size: string, engine: EngineName = 'wasm'): number {
  const m = r.measurements.find((x) => x.case === c && x.size === size && x.engine === engine);
  return m ? median(m.samplesMs) : NaN;
}

/** The marks of a start, in order, with their labels. */
const START_STEPS: readonly [string, string][] = [
  ['first-paint', 'first paint'],
  ['script-ran', "the app's script ran"],
  ['wasm-fetched', 'wasm fetched'],
  ['ready', 'engine ready'],
  ['samples-loaded', 'samples loaded'],
  ['chart-query', "builder's first view answered"],
  ['first-result', 'first chart painted'],
  ['live-result', 'live chart painted'],
];

/** A start's medians on the way to the live result, and its costliest step (between consecutive medians). */
export function startSteps(r: Report, prefix: string): { path: string; slowest: string; slowestMs: number } {
  // In time order: a snapshot chart is painted before the engine is ready, so the first chart can come early.
  const steps = START_STEPS.map(([id, label]) => ({ label, ms: medianOf(r, `${prefix}${id}`, '-') }))
    .filter((x) => Number.isFinite(x.ms))
    .sort((a, b) => a.ms - b.ms);
  let slowest = '';
  let slowestMs = -1;
  let prev = { label: 'navigation', ms: 0 };
  for (const s of steps) {
    if (s.ms - prev.ms > slowestMs) {
      slowestMs = s.ms - prev.ms;
      slowest = `${prev.label} → ${s.label}`;
    }
    prev = s;
  }
  return { path: steps.map((s) => `${s.label} ${ms(s.ms)}`).join(', '), slowest, slowestMs: steps.length ? slowestMs : NaN };
}

/** The single file's facts (phase-file.ts), if measured. */
export function singleFile(r: Report): SingleFileFact | undefined {
  return r.facts.singleFile as SingleFileFact | undefined;
}

/** "met", "not met" or "not measured" for limits checked together; a part not measured is named when others are. */
export function goalVerdict(parts: readonly { label: string; value: number; limit: number }[]): string {
  const measured = parts.filter((p) => Number.isFinite(p.value));
  if (measured.length === 0) return 'not measured';
  const ok = measured.every((p) => p.value <= p.limit);
  const missing = parts.filter((p) => !Number.isFinite(p.value)).map((p) => p.label);
  return `${ok ? 'met' : 'not met'}${missing.length ? ` (${missing.join(', ')} not measured)` : ''}`;
}

/** The issues' goals, each with what this run measured against it. */
export function goals(r: Report): string[][] {
  const first = medianOf(r, 'start.live-result', '-');
  const fileFirst = medianOf(r, 'start.file-live-result', '-');
  const anyChart = medianOf(r, 'start.first-result', '-');
  const fileAnyChart = medianOf(r, 'start.file-first-result', '-');
  const g10 = medianOf(r, 'groupby.table', '10m');
  const g10n2 = medianOf(r, 'groupby.table', '10m', 'native-2t');
  const g10n1 = medianOf(r, 'groupby.table', '10m', 'native-1t');
  const handle = (size: string) => {
    const [h, c, n2, n1] = [medianOf(r, 'groupby.parquet-handle', size), medianOf(r, 'groupby.parquet-handle-cold', size), medianOf(r, 'groupby.parquet-handle', size, 'native-2t'), medianOf(r, 'groupby.parquet-handle', size, 'native-1t')];
    return { h, c, n2, text: `${size}: ${ms(h)} vs ${ms(n2)} / ${ms(n1)} native: ${ratio(h, n2)} / ${ratio(h, n1)}; cold (every block read from the file) ${ms(c)}: ${ratio(c, n2)} / ${ratio(c, n1)}; DuckDB's own reads ${ms(medianOf(r, 'groupby.parquet-handle-unbuffered', size))}` };
  };
  const handleSizes = ['1m', '10m'].filter((s) => Number.isFinite(medianOf(r, 'groupby.parquet-handle', s))).map(handle);
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'not met');
  const mem = memoryPerMillion(r);
  const served = startSteps(r, 'start.');
  const file = startSteps(r, 'start.file-');
  const sf = singleFile(r);
  const redraw = (size: string) => {
    const total = medianOf(r, 'builder.redraw', size);
    return `${ms(total)} median (p95 ${ms(p95Of(r, 'builder.redraw', size))}) at ${size} rows; query part ${ms(medianOf(r, 'builder.query', size))}, rest (rows, chart, Plot, paint) ${ms(medianOf(r, 'builder.render', size))}; the same SQL natively ${ms(medianOf(r, 'builder.query', size, 'native-2t'))} (2 threads) / ${ms(medianOf(r, 'builder.query', size, 'native-1t'))} (1 thread)`;
  };
  const r1 = medianOf(r, 'builder.redraw', '1m');
  const r1p95 = p95Of(r, 'builder.redraw', '1m');
  const kinds = redrawByKind(r, '1m');
  const cube = r.measurements.find((m) => m.case === 'builder.cube' && m.size === '1m' && m.engine === 'wasm');
  // Goal 3 holds for every comparison, the rate included: by kind when the builder facts have them.
  const cubeParts = kinds
    ? [
        { label: 'rate median', value: kinds.rate, limit: 100 },
        { label: 'rate p95', value: kinds.rateP95, limit: 200 },
        { label: 'total median', value: kinds.total, limit: 100 },
        { label: 'total p95', value: kinds.totalP95, limit: 200 },
      ]
    : [
        { label: 'median', value: r1, limit: 100 },
        { label: 'p95', value: r1p95, limit: 200 },
      ];
  const normSizes = ['1m', '10m'].filter((s) => Number.isFinite(medianOf(r, 'view.normalised', s)));
  const kindVerdict = kinds
    ? ` (by comparison: rate per 100k ${kinds.rate <= 100 ? 'met' : 'not met'}, total ${kinds.total <= 100 ? 'met' : 'not met'})`
    : '';
  const norm = (size: string) =>
    `${size}: ${ms(medianOf(r, 'view.normalised', size))} vs ${ms(medianOf(r, 'view.groupby-raw', size))} raw (${ratio(medianOf(r, 'view.normalised', size), medianOf(r, 'view.groupby-raw', size))}; native 2t ${ratio(medianOf(r, 'view.normalised', size, 'native-2t'), medianOf(r, 'view.groupby-raw', size, 'native-2t'))})`;
  return [
    [
      'First result ≤ 1 s, served (issue 9)',
      `${ms(first)} median, navigation → the Compare tab's live chart painted, cold context. On the way (medians): ${served.path}. Costliest step: ${served.slowest} (${ms(served.slowestMs)})`,
      verdict(Number.isFinite(first) ? first <= 1000 : null),
    ],
    [
      'First result ≤ 2 s from file:// (issue 9)',
      `${ms(fileFirst)} median, the single file opened from disk, ${sf ? `${sf.blockedRequests} requests off file:/data:/blob:` : 'requests not counted'}. On the way: ${file.path}. Costliest step: ${file.slowest} (${ms(file.slowestMs)})`,
      verdict(Number.isFinite(fileFirst) ? fileFirst <= 2000 : null),
    ],
    [
      'First chart painted ≤ 0.5 s served, ≤ 1.0 s from file:// (issue 16; a snapshot counts)',
      `served ${ms(anyChart)} median, file:// ${ms(fileAnyChart)} (navigation → any chart in the Compare tab, cold context)`,
      goalVerdict([
        { label: 'served', value: anyChart, limit: 500 },
        { label: 'file://', value: fileAnyChart, limit: 1000 },
      ]),
    ],
    [
      'First live chart ≤ 1.2 s served, ≤ 1.8 s from file:// (issue 16)',
      `served ${ms(first)} median, file:// ${ms(fileFirst)} (navigation → a chart with no \`[data-snapshot]\` left in the Compare tab)`,
      goalVerdict([
        { label: 'served', value: first, limit: 1200 },
        { label: 'file://', value: fileFirst, limit: 1800 },
      ]),
    ],
    [
      'Single file ≤ 8 MB',
      sf
        ? `${(sf.bytes / 1e6).toFixed(2)} MB (${mib(sf.bytes)}); gzip −9 ${(sf.gzipBytes / 1e6).toFixed(2)} MB; the wasm block ${(sf.wasmBlockBytes / 1e6).toFixed(2)} MB (${((100 * sf.wasmBlockBytes) / sf.bytes).toFixed(1)} %)`
        : 'not measured',
      sf ? verdict(sf.bytes <= 8e6) : 'not measured',
    ],
    [
      'Redraw ≤ 100 ms median on 1M rows (issue 9)',
      `${kinds ? `Rate per 100k (the default view) ${ms(kinds.rate)} median, total ${ms(kinds.total)}; over all changes ` : ''}${redraw('1m')}. ${Number.isFinite(medianOf(r, 'builder.redraw', '10m')) ? `10M: ${redraw('10m')}` : ''}`,
      verdict(Number.isFinite(r1) ? r1 <= 100 : null) + kindVerdict,
    ],
    [
      '10M-row GROUP BY ≤ 2.5× native DuckDB (issue 9)',
      `${ms(g10)} vs ${ms(g10n2)} (2 threads) / ${ms(g10n1)} (1 thread): ${ratio(g10, g10n2)} / ${ratio(g10, g10n1)}`,
      verdict(Number.isFinite(g10) ? g10 / g10n2 <= 2.5 : null) + ' (vs 2 threads)',
    ],
    [
      'Redraw with the cube ≤ 100 ms median, p95 ≤ 200 ms on 1M rows, every comparison (issue 16)',
      (kinds
        ? `rate per 100k ${ms(kinds.rate)} median (p95 ${ms(kinds.rateP95)}), total ${ms(kinds.total)} (p95 ${ms(kinds.totalP95)}); `
        : '') +
        `all changes ${ms(r1)} median (p95 ${ms(r1p95)}); ` +
        (cube ? `the cube made once in ${ms(median(cube.samplesMs))}` : 'no cube made in this run: these redraws read the table') +
        `; the same changes without it ${ms(medianOf(r, 'builder.redraw-raw', '1m'))} median (p95 ${ms(p95Of(r, 'builder.redraw-raw', '1m'))})`,
      goalVerdict(cubeParts) + (cube || !Number.isFinite(r1) ? '' : ' (no cube)'),
    ],
    [
      'Parquet through a file handle within 5× native at 1M and 10M rows (issue 16)',
      handleSizes.length ? handleSizes.map((x) => x.text).join('. ') : 'not measured',
      verdict(handleSizes.length ? handleSizes.every((x) => x.h / x.n2 <= 5) : null) +
        ` (vs 2 threads; cold: ${verdict(handleSizes.length ? handleSizes.every((x) => x.c / x.n2 <= 5) : null)})`,
    ],
    ['Memory per million rows loaded', mem.summary, 'reported'],
    [
      'Memory after start-up (file://)',
      sf?.memory
        ? `wasm heap ${mib(sf.memory.wasmHeapBytes ?? NaN)}, DuckDB ${mib(sf.memory.duckdbBytes ?? NaN)}, page JS heap ${mib(sf.memory.jsHeapUsedBytes ?? NaN)} (samples loaded, first chart shown)`
        : 'not measured',
      'reported',
    ],
    [
      'Normalised view within 3× the raw GROUP BY (GROUP BY over `<table>_norm` vs the raw table; issue 16)',
      normSizes.length ? normSizes.map(norm).join('; ') : 'not measured',
      goalVerdict(normSizes.map((s) => ({ label: s, value: medianOf(r, 'view.normalised', s) / medianOf(r, 'view.groupby-raw', s), limit: 3 }))),
    ],
  ];
}

/** Median and p95 redraw by comparison kind at one size (from the builder facts), or null when not measured. */
export function redrawByKind(r: Report, size: string): { rate: number; total: number; rateP95: number; totalP95: number } | null {
  const f = ((r.facts.builderSql ?? []) as BuilderSqlFact[]).find((x) => x.size === size);
  if (!f || f.samples.length === 0) return null;
  const of = (k: string) => f.samples.filter((s) => s.kind === k).map((s) => s.ms);
  return { rate: median(of('rate')), total: median(of('total')), rateP95: percentile(of('rate'), 95), totalP95: percentile(of('total'), 95) };
}

/** A measurement's p95 by case, size and engine (NaN when absent). */
export function p95Of(r: Report, c: string, size: string, engine: EngineName = 'wasm'): number {
  const m = r.measurements.find((x) => x.case === c && x.size === size && x.engine === engine);
  return m ? percentile(m.samplesMs, 95) : NaN;
}


interface MemoryFact {
  rows: number;
  before: MemorySample;
  after: MemorySample;
}

/** Memory a CSV table costs per million rows, by each measure, from the first load in a page. */
export function memoryPerMillion(r: Report): { summary: string; lines: string[] } {
  const lines: string[] = [];
  let summary = 'not measured';
  for (const label of ['1m', '10m']) {
    const f = r.facts[`memory.csv-${label}`] as MemoryFact | undefined;
    if (!f) continue;
    const perM = (a: number | null, b: number | null) => (a !== null && b !== null ? mib(((b - a) * 1e6) / f.rows) : 'n/a');
    const duck = perM(f.before.duckdbBytes, f.after.duckdbBytes);
    const heap = perM(f.before.wasmHeapBytes, f.after.wasmHeapBytes);
    lines.push(
      `| CSV ${label} → table | ${duck} | ${heap} | ${mib(f.after.wasmHeapBytes ?? NaN)} | ${mib(f.after.jsHeapUsedBytes ?? NaN)} |`,
    );
    summary = `${duck} per million rows in DuckDB's buffer manager; the wasm heap grew ${heap} per million rows (CSV ${label}, first load of that size in its page)`;
  }
  return { summary, lines };
}
