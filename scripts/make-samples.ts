// Writes the synthetic SOC samples (DESIGN.md §6) into a folder: `tsx scripts/make-samples.ts [outDir]`.
// Every number here is made up from a fixed seed; samples/README.md says what each file holds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { TERRITORIAL_FORCES, THREAT_TYPES, financialYear, regionById, type Force } from '../src/domain/index';
import { Random, hashString } from './prng';

const SEED = 20240401;
const YEARS = [2019, 2020, 2021, 2022, 2023].map((y) => financialYear(y).label);
const LEVELS = ['major', 'moderate', 'minor'] as const;
const LEVEL_SHARE = { major: 0.1, moderate: 0.3, minor: 0.6 };

/** One independent random stream per table, so changing one table leaves the others' bytes alone. */
const rng = (table: string) => new Random((SEED ^ hashString(table)) >>> 0);

// Illustrative resident populations, 2023/24, in thousands: rounded, roughly the size of each force area.
const POPULATION_K: Record<string, number> = {
  'avon-and-somerset': 1760, bedfordshire: 700, cambridgeshire: 900, cheshire: 1090, 'city-of-london': 8.6,
  cleveland: 570, cumbria: 500, derbyshire: 1060, 'devon-and-cornwall': 1800, dorset: 780, durham: 640,
  'dyfed-powys': 520, essex: 1880, gloucestershire: 650, 'greater-manchester': 2870, gwent: 600, hampshire: 2050,
  hertfordshire: 1200, humberside: 940, kent: 1880, lancashire: 1530, leicestershire: 1130, lincolnshire: 770,
  merseyside: 1440, metropolitan: 8870, norfolk: 920, 'north-wales': 700, 'north-yorkshire': 830,
  northamptonshire: 790, northumbria: 1480, nottinghamshire: 1170, 'south-wales': 1330, 'south-yorkshire': 1420,
  staffordshire: 1140, suffolk: 770, surrey: 1210, sussex: 1730, 'thames-valley': 2450, warwickshire: 610,
  'west-mercia': 1310, 'west-midlands': 2960, 'west-yorkshire': 2370, wiltshire: 730,
};

// Disruptions per 100k residents per year (all levels), and each threat's trend over YEARS.
const THREAT_RATE: Record<string, { rate: number; trend: number[] }> = {
  drugs: { rate: 12, trend: [1, 0.95, 1.05, 1.1, 1.12] },
  'county-lines': { rate: 4, trend: [0.8, 1, 1.25, 1.35, 1.3] },
  firearms: { rate: 1.5, trend: [1, 0.95, 1, 1.05, 1] },
  'modern-slavery-human-trafficking': { rate: 2, trend: [0.85, 0.9, 1, 1.1, 1.2] },
  'organised-immigration-crime': { rate: 0.8, trend: [0.8, 0.9, 1, 1.3, 1.4] },
  'child-sexual-abuse-exploitation': { rate: 2.5, trend: [0.9, 1, 1.05, 1.1, 1.15] },
  fraud: { rate: 3, trend: [0.8, 0.9, 1, 1.15, 1.3] },
  'cyber-crime': { rate: 1, trend: [0.7, 0.9, 1, 1.2, 1.4] },
  'money-laundering-illicit-finance': { rate: 3, trend: [0.9, 0.95, 1, 1.1, 1.15] },
  'bribery-corruption': { rate: 0.3, trend: [1, 1, 1, 1, 1] },
  'organised-acquisitive-crime': { rate: 4, trend: [1, 0.75, 0.9, 1, 1.05] },
  other: { rate: 1.5, trend: [1, 1, 1, 1, 1] },
};

// Where a force's SOC picture differs from its size: big cities, ports, the financial centre.
const URBAN = new Set(['metropolitan', 'greater-manchester', 'west-midlands', 'merseyside', 'west-yorkshire', 'northumbria', 'south-yorkshire']);
const PORTS = new Set(['kent', 'essex', 'hampshire', 'sussex', 'humberside']);
const CITY_ACTIVITY_K = 300; // the City's workday population, not its 8,600 residents, drives its caseload

function threatFactor(f: Force, threat: string): number {
  if (f.id === 'city-of-london') return { fraud: 6, 'money-laundering-illicit-finance': 5, 'bribery-corruption': 3 }[threat] ?? 0.4;
  if (threat === 'organised-immigration-crime' && PORTS.has(f.id)) return 3;
  if (URBAN.has(f.id) && (threat === 'firearms' || threat === 'drugs')) return 1.4;
  return 1;
}

interface ForceYear { force: Force; year: string; population: number; byThreat: Record<string, number> }

/** Populations and disruption counts, the two tables the others are derived from. */
function simulate(): { rows: string[][]; forceYears: ForceYear[] } {
  const r = rng('disruptions');
  const p = rng('population');
  const rows: string[][] = [];
  const forceYears: ForceYear[] = [];
  for (const f of TERRITORIAL_FORCES) {
    const intensity = r.uniform(0.7, 1.4) * (URBAN.has(f.id) ? 1.3 : 1);
    const growth = p.uniform(0.002, 0.009);
    const mix = Object.fromEntries(THREAT_TYPES.map((t) => [t.id, r.uniform(0.6, 1.5) * threatFactor(f, t.id)]));
    YEARS.forEach((year, i) => {
      const population = Math.round((POPULATION_K[f.id] * 1000 * (1 + growth * (i - 4))) / 100) * 100;
      const activity = f.id === 'city-of-london' ? CITY_ACTIVITY_K * 1000 : population;
      const byThreat: Record<string, number> = {};
      for (const t of THREAT_TYPES) {
        const { rate, trend } = THREAT_RATE[t.id];
        const mean = (activity / 100_000) * rate * trend[i] * intensity * mix[t.id];
        byThreat[t.id] = 0;
        for (const level of LEVELS) {
          const n = r.count(mean * LEVEL_SHARE[level] * r.uniform(0.8, 1.2));
          byThreat[t.id] += n;
          rows.push([f.name, f.code!, regionById(f.region!)!.name, year, t.name, level, String(n)]);
        }
      }
      forceYears.push({ force: f, year, population, byThreat });
    });
  }
  return { rows, forceYears };
}

function outcomes(forceYears: ForceYear[]): string[][] {
  const r = rng('outcomes');
  return forceYears.map(({ force, year, byThreat: d }) => {
    const total = Object.values(d).reduce((a, b) => a + b, 0);
    const arrests = r.count(total * r.uniform(1.3, 1.9));
    const charges = r.count(arrests * r.uniform(0.45, 0.65));
    const firearms = r.count(d.firearms * r.uniform(0.8, 1.6));
    const linesClosed = r.count(d['county-lines'] * r.uniform(0.4, 0.7));
    const cash = Math.round(((d['money-laundering-illicit-finance'] * 45_000 + d.drugs * 6_000) * r.uniform(0.6, 1.6)) / 10) * 10;
    const atRisk = d['modern-slavery-human-trafficking'] + d['child-sexual-abuse-exploitation'] + d['county-lines'];
    const safeguarded = r.count(atRisk * r.uniform(1, 1.6));
    return [force.name, force.code!, year, arrests, charges, firearms, linesClosed, cash, safeguarded].map(String);
  });
}

const AREAS = [
  'Tackling serious and organised crime', 'Investigating crime', 'Protecting vulnerable people', 'Managing offenders',
  'Responding to the public',
];
const GRADES = ['Inadequate', 'Requires improvement', 'Adequate', 'Good', 'Outstanding'];

function gradings(): string[][] {
  const r = rng('gradings');
  const rows: string[][] = [];
  for (const f of TERRITORIAL_FORCES) {
    const quality = r.normal() * 0.6;
    for (const year of [2022, 2024]) {
      const drift = r.normal() * 0.3;
      for (const area of AREAS) {
        const score = 1.9 + quality + drift + r.normal() * 0.6; // centred just below "Adequate"; "Outstanding" rare
        const grade = GRADES[Math.min(4, Math.max(0, Math.round(score)))];
        rows.push([f.name, String(year), area, grade]);
      }
    }
  }
  return rows;
}

/** "1234567" → "1,234,567", without locale data (which differs between Node builds). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; these are the characters from that range used here.
const CP1252_EXTRA: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };

function encodeWindows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => {
    const code = ch.codePointAt(0)!;
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_EXTRA[ch];
    if (byte === undefined) throw new RangeError(`not in Windows-1252: ${JSON.stringify(ch)}`);
    return byte;
  });
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csv(rows: readonly (readonly string[])[], eol = '\n'): string {
  return rows.map((row) => row.map(csvField).join(',') + eol).join('');
}

// Spellings the messy export uses for some forces; the rest get a random one of their own labels.
const MESSY_NAMES: Record<string, string> = {
  metropolitan: 'Met', 'devon-and-cornwall': 'Devon & Cornwall', hampshire: 'Hampshire Constabulary',
  'dyfed-powys': 'Dyfed Powys', kent: 'Kent*', 'avon-and-somerset': 'Avon & Somerset Constabulary',
  'greater-manchester': 'GMP', 'city-of-london': 'City of London Police', essex: 'Essex ',
};
const MESSY_YEARS: Record<string, string[]> = { '2022/23': ['2022/23', '2022-23'], '2023/24': ['2023/24', 'FY 2023/24'] };
const MESSY_NOTES: Record<string, string> = {
  metropolitan: 'Includes Opération Café', kent: 'Provisional', 'west-midlands': 'Figures revised',
};

/** An Excel-style export: title and blank rows, £ and thousands separators, placeholders, aliases, footnotes. */
function messyExport(forceYears: ForceYear[], outcomeRows: string[][]): Uint8Array {
  const r = rng('messy');
  const cash = new Map(outcomeRows.map((o) => [`${o[0]}|${o[2]}`, Number(o[7])]));
  const total = (fy: ForceYear) => Object.values(fy.byThreat).reduce((a, b) => a + b, 0);
  const width = 6;
  const pad = (cells: string[]) => [...cells, ...Array(width - cells.length).fill('')];
  const rows: string[][] = [];
  const sums: Record<string, { disruptions: number; cash: number }> = {};
  for (const f of TERRITORIAL_FORCES) {
    const name = MESSY_NAMES[f.id] ?? r.pick([f.name, f.fullName, f.fullName.toUpperCase(), f.shortName]);
    for (const year of ['2022/23', '2023/24']) {
      const fy = forceYears.find((x) => x.force.id === f.id && x.year === year)!;
      const prev = forceYears.find((x) => x.force.id === f.id && x.year === YEARS[YEARS.indexOf(year) - 1])!;
      const roll = r.next();
      const disruptions = roll < 0.03 ? '..' : thousands(total(fy));
      const seized = roll > 0.97 ? '-' : roll > 0.94 ? '..' : `£${thousands(cash.get(`${f.name}|${year}`)!)}`;
      const change = disruptions === '..' ? 'n/a' : `${((100 * (total(fy) - total(prev))) / total(prev)).toFixed(1)}%`;
      const s = (sums[year] ??= { disruptions: 0, cash: 0 });
      if (disruptions !== '..') s.disruptions += total(fy);
      if (seized.startsWith('£')) s.cash += cash.get(`${f.name}|${year}`)!;
      const note = year === '2023/24' ? (MESSY_NOTES[f.id] ?? '') : '';
      rows.push([name, r.pick(MESSY_YEARS[year]), disruptions, seized, change, note]);
    }
  }
  const btp = [thousands(r.count(160)), `£${thousands(r.count(90_000))}`];
  rows.push(['British Transport Police', '2023/24', ...btp, 'n/a', 'Not included in England and Wales totals']);
  for (const year of ['2022/23', '2023/24']) {
    rows.push(['Total England and Wales', year, thousands(sums[year].disruptions), `£${thousands(sums[year].cash)}`, '', '']);
  }
  const lines = [
    pad(['Serious and organised crime disruptions and cash seized by force, 2022/23 – 2023/24 (synthetic – not official statistics)']),
    pad([]),
    ['Force', 'Financial year', 'Disruptions', 'Cash seized (£)', 'Change on previous year', 'Notes'],
    ...rows,
    pad([]),
    pad(['Source: synthetic data made by scripts/make-samples.ts in SOC Workbench; not official statistics.']),
    pad(['* provisional']),
    pad(['- nil; .. not available; n/a not applicable. England and Wales totals exclude British Transport Police.']),
  ];
  return encodeWindows1252(csv(lines, '\r\n'));
}

// The Parquet copy gets these types rather than whatever CSV sniffing of the day infers.
const DISRUPTION_COLUMNS = [
  ['force', 'VARCHAR'], ['force_code', 'VARCHAR'], ['region', 'VARCHAR'], ['financial_year', 'VARCHAR'],
  ['threat_type', 'VARCHAR'], ['level', 'VARCHAR'], ['disruptions', 'INTEGER'],
] as const;

async function writeParquet(csvPath: string, parquetPath: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  // Paths come from this script or the caller's temp dir; doubling quotes keeps the literal intact regardless.
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const columns = `{${DISRUPTION_COLUMNS.map(([name, type]) => `${lit(name)}: ${lit(type)}`).join(', ')}}`;
  await conn.run(
    `COPY (SELECT * FROM read_csv(${lit(csvPath)}, header = true, auto_detect = false, columns = ${columns}))` +
      ` TO ${lit(parquetPath)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
  );
  conn.closeSync();
  db.closeSync();
}

/** Writes every sample into `outDir` and returns the file names written. */
export async function makeSamples(outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const { rows, forceYears } = simulate();
  const outcomeRows = outcomes(forceYears);
  const files: Record<string, string | Uint8Array> = {
    'disruptions_synthetic.csv': csv([DISRUPTION_COLUMNS.map(([name]) => name), ...rows]),
    'outcomes_synthetic.csv': csv([
      ['force', 'force_code', 'financial_year', 'arrests', 'charges', 'firearms_recovered', 'county_lines_closed',
        'cash_seized_gbp', 'people_safeguarded'],
      ...outcomeRows,
    ]),
    'force_population_synthetic.csv': csv([
      ['force', 'force_code', 'financial_year', 'population'],
      ...forceYears.map((fy) => [fy.force.name, fy.force.code!, fy.year, String(fy.population)]),
    ]),
    'hmicfrs_gradings_synthetic.csv': csv([['force', 'inspection_year', 'area', 'grade'], ...gradings()]),
    'messy_export_synthetic.csv': messyExport(forceYears, outcomeRows),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(outDir, name), content);
  await writeParquet(join(outDir, 'disruptions_synthetic.csv'), join(outDir, 'disruptions_synthetic.parquet'));
  return [...Object.keys(files), 'disruptions_synthetic.parquet'];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[2] ?? 'samples');
  for (const name of await makeSamples(outDir)) console.log(join(outDir, name));
}
