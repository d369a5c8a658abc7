/**
 * Benchmark data: SOC-shaped rows at 100k, 1M and 10M, as CSV and Parquet (ZSTD), plus a population table.
 * Rows come from the repo's seeded PRNG (scripts/prng.ts) and domain lists, so every machine gets the same
 * bytes; native DuckDB writes the files. They are cached in bench/data/ (gitignored) and rebuilt only when a
 * file is missing or its size no longer matches the manifest written with it.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TERRITORIAL_FORCES, THREAT_TYPES, financialYear, regionById } from '../src/domain/index';
import { Random, hashString } from '../scripts/prng';
import { str } from '../src/query/sql';
import { sqlPath } from './sql';

/** Where generated data lives (gitignored). */
export const DATA_DIR = resolve('bench/data');

/** Bump when the generator changes, so cached files are rebuilt. */
const GENERATOR_VERSION = 1;
const SEED = (20240401 ^ hashString('bench')) >>> 0;

/** One generated size: its row count and the files holding it. */
export interface Dataset {
  /** Short label used in table names and case names: "100k", "1m", "10m". */
  label: string;
  rows: number;
  csv: string;
  parquet: string;
  csvBytes: number;
  parquetBytes: number;
}

/** Every dataset of a run and the population lookup. */
export interface BenchData {
  sizes: Dataset[];
  population: string;
  /** Seconds spent generating this run (0 when everything came from the cache). */
  generatedSeconds: number;
}

/** The sizes the issue asks for. */
export const SIZES: readonly { label: string; rows: number }[] = [
  { label: '100k', rows: 100_000 },
  { label: '1m', rows: 1_000_000 },
  { label: '10m', rows: 10_000_000 },
];

const YEARS = [2019, 2020, 2021, 2022, 2023].map((y) => financialYear(y).label);
const LEVELS = ['major', 'moderate', 'minor'] as const;

interface Manifest {
  version: number;
  files: Record<string, { rows: number; bytes: number }>;
}

/** Make (or reuse) the benchmark files. */
export async function ensureData(log: (s: string) => void): Promise<BenchData> {
  mkdirSync(DATA_DIR, { recursive: true });
  const manifestPath = join(DATA_DIR, 'manifest.json');
  let manifest: Manifest = { version: GENERATOR_VERSION, files: {} };
  if (existsSync(manifestPath)) {
    const old = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (old.version === GENERATOR_VERSION) manifest = old;
  }
  const fresh = (name: string, rows: number) => {
    const entry = manifest.files[name];
    const path = join(DATA_DIR, name);
    return entry !== undefined && entry.rows === rows && existsSync(path) && statSync(path).size === entry.bytes;
  };

  const t0 = performance.now();
  // One thread: DuckDB then writes files in one order, so they come out the same every time.
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  try {
    const population = join(DATA_DIR, 'population.csv');
    if (!fresh('population.csv', TERRITORIAL_FORCES.length)) {
      await conn.run(
        `COPY (SELECT force, population FROM read_csv_auto(${sqlPath(resolve('samples/force_population_synthetic.csv'))})
               WHERE financial_year = '2023/24' ORDER BY force) TO ${sqlPath(population)} (HEADER)`,
      );
      manifest.files['population.csv'] = { rows: TERRITORIAL_FORCES.length, bytes: statSync(population).size };
    }
    const missing = SIZES.filter((s) => !fresh(`soc_${s.label}.csv`, s.rows) || !fresh(`soc_${s.label}.parquet`, s.rows));
    if (missing.length > 0) {
      // Smaller sizes are prefixes of the largest one's row stream, so one pass of the PRNG makes them all.
      const largest = Math.max(...missing.map((s) => s.rows));
      log(`generating ${largest.toLocaleString('en-GB')} rows of benchmark data (cached in bench/data/ for next time)…`);
      await loadCodes(conn, population, largest);
      for (const s of missing) {
        const base = join(DATA_DIR, `soc_${s.label}`);
        const select = `SELECT * FROM rows_expanded WHERE i < ${s.rows} ORDER BY i`;
        await conn.run(`CREATE OR REPLACE TEMP VIEW rows_expanded AS ${expandSql()}`);
        await conn.run(`COPY (SELECT * EXCLUDE (i) FROM (${select})) TO ${sqlPath(base + '.csv')} (HEADER)`);
        await conn.run(`COPY (SELECT * EXCLUDE (i) FROM (${select})) TO ${sqlPath(base + '.parquet')} (FORMAT PARQUET, COMPRESSION ZSTD)`);
        for (const ext of ['.csv', '.parquet'])
          manifest.files[`soc_${s.label}${ext}`] = { rows: s.rows, bytes: statSync(base + ext).size };
        log(`  wrote soc_${s.label}.csv (${mb(statSync(base + '.csv').size)}) and .parquet (${mb(statSync(base + '.parquet').size)})`);
      }
    }
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    const generatedSeconds = missing.length > 0 ? (performance.now() - t0) / 1000 : 0;
    return {
      population,
      generatedSeconds,
      sizes: SIZES.map((s) => ({
        ...s,
        csv: join(DATA_DIR, `soc_${s.label}.csv`),
        parquet: join(DATA_DIR, `soc_${s.label}.parquet`),
        csvBytes: manifest.files[`soc_${s.label}.csv`].bytes,
        parquetBytes: manifest.files[`soc_${s.label}.parquet`].bytes,
      })),
    };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/**
 * Draw `n` rows as small integer codes into the temp table `codes`. The PRNG runs in JS (the repo's
 * generator, exact on every machine); the codes go through a compact temporary CSV, which native DuckDB
 * reads far faster than 60 million single-value appends.
 */
async function loadCodes(conn: DuckDBConnection, populationCsv: string, n: number): Promise<void> {
  const pop = await conn.runAndReadAll(`SELECT force, population FROM read_csv_auto(${sqlPath(populationCsv)})`);
  const popOf = new Map(pop.getRowsJS().map(([f, p]) => [String(f), Number(p)]));
  // Forces are drawn in proportion to population, so rates per 100k differ by force and the rank query means something.
  const cumulative: number[] = [];
  let total = 0;
  for (const f of TERRITORIAL_FORCES) cumulative.push((total += popOf.get(f.name) ?? 0));
  if (total === 0) throw new Error(`no populations in ${populationCsv}: force names do not match src/domain`);

  const r = new Random(SEED);
  const tmp = join(DATA_DIR, `codes-${n}.tmp.csv`);
  const fd = openSync(tmp, 'w');
  try {
    const CHUNK = 100_000;
    for (let start = 0; start < n; start += CHUNK) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const u = r.next() * total;
        let f = 0;
        while (cumulative[f] <= u) f++; // 43 entries: a scan is as quick as a binary search
        const y = r.int(YEARS.length);
        const t = r.int(THREAT_TYPES.length);
        const v = r.next();
        const level = v < 0.1 ? 0 : v < 0.4 ? 1 : 2;
        const disruptions = 1 + r.int([3, 8, 20][level]);
        // Cash in pence, an integer, so no float formatting differs between machines.
        const pence = Math.round([2_500_000, 400_000, 60_000][level] * (0.2 + 1.6 * r.next()));
        lines.push(`${i},${f},${y},${t},${level},${disruptions},${pence}`);
      }
      writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE codes AS SELECT * FROM read_csv(${sqlPath(tmp)}, header = false,
       columns = {'i': 'INTEGER', 'f': 'UTINYINT', 'y': 'UTINYINT', 't': 'UTINYINT', 'l': 'UTINYINT', 'd': 'INTEGER', 'c': 'BIGINT'})`,
  );
  rmSync(tmp);
}

/** The codes turned into the columns users see, by list lookup (keeps row order, no join). */
function expandSql(): string {
  const list = (xs: readonly string[]) => `[${xs.map(str).join(', ')}]`;
  const forces = TERRITORIAL_FORCES;
  return `SELECT i,
      ${list(forces.map((f) => f.name))}[f + 1] AS force,
      ${list(forces.map((f) => f.code ?? ''))}[f + 1] AS force_code,
      ${list(forces.map((f) => f.region ? (regionById(f.region)?.name ?? '') : ''))}[f + 1] AS region,
      ${list(YEARS)}[y + 1] AS financial_year,
      ${list(THREAT_TYPES.map((t) => t.name))}[t + 1] AS threat_type,
      ${list(LEVELS)}[l + 1] AS level,
      d AS disruptions,
      c::DOUBLE / 100 AS cash_seized_gbp
    FROM codes`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
