// Builds the workbench's built-in population by police force area, mid-2001 to mid-2023, from the official files in
// ../shared/testdata/reference/ (their SOURCES.md says where each came from): `tsx scripts/make-reference.ts [srcDir] [out]`.
// mid-2011…mid-2023: ONS MYE4 local-authority rows summed to police force areas through the ONS LAD→CSP→PFA lookup,
// deduplicated on LAD (a LAD has one row per CSP). mid-2001…mid-2010: the Home Office table by force, in thousands
// with one decimal, so rounded to the nearest hundred. Deterministic: the same sources always give the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { TERRITORIAL_FORCES, matchForce } from '../src/domain/forces';

/** The file names read from the sources folder. */
export const REFERENCE_SOURCES = {
  mye: 'ons_mye_ew_mid2023_lad23_2011_to_2023.xlsx',
  lookup: 'ons_lad23_csp23_pfa23_lookup.csv',
  homeOffice: 'ho_population_police_force_mid2001_to_mid2010.csv',
} as const;

/** MYE4 geographies that are local authority districts; every other row (country, region, county) is an aggregate. */
export const LAD_GEOGRAPHIES = ['London Borough', 'Metropolitan District', 'Non-metropolitan District', 'Unitary Authority'];
const AGGREGATE_GEOGRAPHIES = ['Country', 'County', 'Metropolitan County', 'Region'];

const LICENCE = 'Contains public sector information licensed under the Open Government Licence v3.0. Source: Office for National Statistics.';
const ONS_SOURCE = 'ONS mid-year estimates (June 2023 edition), local authorities summed to police force areas';
const HO_SOURCE = 'ONS mid-year estimates by police force (Home Office), rounded to the nearest hundred';

type Cell = string | number | null | undefined;

/** Parse a simple CSV (quoted fields, no line breaks inside quotes), as the two CSV sources are. */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const out: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
          else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') out.push(cell), (cell = '');
        else cell += c;
      }
      out.push(cell);
      return out;
    });
}

function canonical(name: string, code?: string): { force: string; code: string } {
  const f = (code ? matchForce(code) : undefined) ?? matchForce(name);
  if (!f || !f.code || !f.territorial) throw new Error(`"${name}"${code ? ` (${code})` : ''} is not one of the 43 territorial forces`);
  if (code && f.code !== code) throw new Error(`"${name}" has code ${code} in the source but ${f.code} in src/domain/forces.ts`);
  return { force: f.name, code: f.code };
}

/** LAD code → PFA code, one per LAD (the lookup repeats a LAD once per community safety partnership). */
export function ladToPfa(lookupCsv: string): Map<string, { code: string; name: string }> {
  const [header, ...rows] = csvRows(lookupCsv);
  const col = (n: string) => {
    const i = header.indexOf(n);
    if (i < 0) throw new Error(`the LAD→PFA lookup has no column ${n} (columns: ${header.join(', ')})`);
    return i;
  };
  const [lad, pfa, pfaName] = [col('LAD23CD'), col('PFA23CD'), col('PFA23NM')];
  const out = new Map<string, { code: string; name: string }>();
  for (const r of rows) {
    const seen = out.get(r[lad]);
    if (seen && seen.code !== r[pfa]) throw new Error(`LAD ${r[lad]} is in two police force areas: ${seen.code} and ${r[pfa]}`);
    out.set(r[lad], { code: r[pfa], name: r[pfaName] });
  }
  return out;
}

/** The MYE4 table: header row, then one row per area (Code, Name, Geography, Mid-2023 … Mid-2011). */
export function mye4Rows(xlsx: Uint8Array): { years: number[]; rows: { code: string; name: string; geography: string; values: number[] }[] } {
  const wb = XLSX.read(xlsx, { type: 'array' });
  const sheet = wb.Sheets.MYE4;
  if (!sheet) throw new Error(`the MYE workbook has no sheet MYE4 (sheets: ${wb.SheetNames.join(', ')})`);
  const all = XLSX.utils.sheet_to_json<Cell[]>(sheet, { header: 1, raw: true, blankrows: false });
  const h = all.findIndex((r) => r[0] === 'Code' && r[1] === 'Name' && r[2] === 'Geography');
  if (h < 0) throw new Error('MYE4: no header row starting Code, Name, Geography');
  const yearCols = all[h].map((c, i) => ({ i, m: /^Mid-(\d{4})$/.exec(String(c ?? '').trim()) })).filter((x) => x.m);
  const years = yearCols.map((x) => Number(x.m![1]));
  const rows = all
    .slice(h + 1)
    .filter((r) => typeof r[0] === 'string' && /^[EKW]\d{8}$/.test(r[0]))
    .map((r) => ({
      code: String(r[0]),
      name: String(r[1]),
      geography: String(r[2]),
      values: yearCols.map(({ i }) => {
        const v = r[i];
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`MYE4 ${r[0]} ${r[1]}: ${JSON.stringify(v)} is not a whole number`);
        return v;
      }),
    }));
  return { years, rows };
}

/** One force's population by year. */
export interface ReferenceForce {
  force: string;
  code: string;
  population: number[];
}

/** The shipped file's content. */
export interface ReferencePopulation {
  table: 'ref_population';
  title: string;
  licence: string;
  /** Which source each span of years comes from; `source` is the row's source column. */
  editions: { from: number; to: number; source: string; detail: string }[];
  years: number[];
  forces: ReferenceForce[];
}

/** Build the reference population from the three source files' bytes. */
export function buildReference(src: { mye: Uint8Array; lookup: string; homeOffice: string }): ReferencePopulation {
  const pfaOf = ladToPfa(src.lookup);
  const mye = mye4Rows(src.mye);
  const unknown = mye.rows.filter((r) => !LAD_GEOGRAPHIES.includes(r.geography) && !AGGREGATE_GEOGRAPHIES.includes(r.geography));
  if (unknown.length) throw new Error(`MYE4: unknown geography ${unknown[0].geography} (${unknown[0].name})`);
  const lads = mye.rows.filter((r) => LAD_GEOGRAPHIES.includes(r.geography));
  // The lookup and MYE4 must describe the same districts, or the sum silently drops or invents people.
  const missing = lads.filter((r) => !pfaOf.has(r.code)).map((r) => r.code);
  const extra = [...pfaOf.keys()].filter((c) => !lads.some((r) => r.code === c));
  if (missing.length || extra.length) throw new Error(`MYE4 and the lookup disagree on LADs: not in lookup ${missing.join(', ')}; not in MYE4 ${extra.join(', ')}`);

  const byForce = new Map<string, ReferenceForce>();
  const years = [...new Set([...mye.years, ...Array.from({ length: 10 }, (_, i) => 2001 + i)])].sort((a, b) => a - b);
  const entry = (name: string, code?: string) => {
    const c = canonical(name, code);
    if (!byForce.has(c.code)) byForce.set(c.code, { force: c.force, code: c.code, population: years.map(() => 0) });
    return byForce.get(c.code)!;
  };
  for (const r of lads) {
    const pfa = pfaOf.get(r.code)!;
    const f = entry(pfa.name, pfa.code);
    mye.years.forEach((y, i) => (f.population[years.indexOf(y)] += r.values[i]));
  }
  const [header, ...hoRows] = csvRows(src.homeOffice);
  const hoYears = header.map((c) => /^Mid (\d{4})$/.exec(c.trim())).map((m) => (m ? Number(m[1]) : null));
  for (const r of hoRows) {
    const f = entry(r[0]);
    hoYears.forEach((y, i) => {
      if (y === null) return;
      if (!/^\d+(\.\d)?$/.test(r[i])) throw new Error(`Home Office table, ${r[0]} mid-${y}: ${JSON.stringify(r[i])} is not thousands with one decimal`);
      // Thousands with one decimal, read as tenths so no float rounding can creep in.
      const [whole, tenth = '0'] = r[i].split('.');
      f.population[years.indexOf(y)] = Number(whole) * 1000 + Number(tenth) * 100;
    });
  }
  const forces = [...byForce.values()].sort((a, b) => (a.force < b.force ? -1 : 1));
  if (forces.length !== TERRITORIAL_FORCES.length) throw new Error(`expected ${TERRITORIAL_FORCES.length} forces, got ${forces.length}`);
  for (const f of forces) {
    const gap = years.find((_, i) => !(f.population[i] > 0));
    if (gap !== undefined) throw new Error(`${f.force} has no population for mid-${gap}`);
  }
  const first = Math.min(...mye.years);
  return {
    table: 'ref_population',
    title: `Resident population by police force area, mid-${years[0]} to mid-${years.at(-1)} (30 June each year)`,
    licence: LICENCE,
    editions: [
      { from: years[0], to: first - 1, source: HO_SOURCE, detail: 'Home Office, population by police force, mid-2001 to mid-2010 (population-police-force.csv), published in thousands with one decimal.' },
      {
        from: first,
        to: years.at(-1)!,
        source: ONS_SOURCE,
        detail: 'ONS, Mid-Year Population Estimates, England and Wales, June 2023 edition (table MYE4, published 15 July 2024): local authority districts summed to police force areas through the ONS Local Authority District to Community Safety Partnership to Police Force Area (December 2023) lookup.',
      },
    ],
    years,
    forces,
  };
}

/** The file's text: stable key order, one force per line, so a diff shows what changed. */
export function referenceJson(ref: ReferencePopulation): string {
  const head = { ...ref, years: undefined, forces: undefined };
  const lines = ref.forces.map((f) => `    ${JSON.stringify(f)}`);
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${top},\n  "years": ${JSON.stringify(ref.years)},\n  "forces": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** Read the sources from a folder and return the file's text. */
export function makeReference(dir: string): string {
  return referenceJson(
    buildReference({
      mye: new Uint8Array(readFileSync(join(dir, REFERENCE_SOURCES.mye))),
      lookup: readFileSync(join(dir, REFERENCE_SOURCES.lookup), 'utf8'),
      homeOffice: readFileSync(join(dir, REFERENCE_SOURCES.homeOffice), 'utf8'),
    }),
  );
}

/** Where the shipped file lives in the repo. */
export const REFERENCE_FILE = 'reference/ref_population.json';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = resolve(process.argv[2] ?? '../shared/testdata/reference');
  const out = resolve(process.argv[3] ?? REFERENCE_FILE);
  const text = makeReference(dir);
  writeFileSync(out, text);
  console.log(`wrote ${out} (${text.length.toLocaleString('en-GB')} bytes)`);
}
