/**
 * The built-in reference table `ref_population` (ONS mid-year population by police force area, mid-2001 to
 * mid-2023; made by `npm run reference`, see README "Reference data"). Loaded at start-up as an Arrow file through
 * the engine like the samples, so the engine loads it again after a restart; its types are exact (year INTEGER,
 * population BIGINT) because Arrow carries them, where a CSV would be sniffed.
 */
import * as arrow from 'apache-arrow';
import type { Engine, SourceFile } from '../engine';
import { REFERENCE_POPULATION } from '../domain/population';
import data from '../../reference/ref_population.json';

/** The shipped file's shape (scripts/make-reference.ts writes it). */
export interface ReferenceData {
  table: string;
  title: string;
  licence: string;
  editions: { from: number; to: number; source: string; detail: string }[];
  years: number[];
  forces: { force: string; code: string; population: number[] }[];
}

/** The built-in population's metadata and figures. */
export const REFERENCE: ReferenceData = data;

/** What the data panel says about a reference table: title, edition and licence. */
export interface ReferenceInfo {
  table: string;
  title: string;
  editions: string[];
  licence: string;
}

/** The reference tables the workbench ships, for the data panel's Reference group. */
export const REFERENCE_TABLES: readonly ReferenceInfo[] = [
  { table: REFERENCE_POPULATION, title: REFERENCE.title, editions: REFERENCE.editions.map((e) => `mid-${e.from}–mid-${e.to}: ${e.detail}`), licence: REFERENCE.licence },
];

/** One row of ref_population. */
export interface ReferenceRow {
  force: string;
  force_code: string;
  year: number;
  population: number;
  source: string;
}

/** The table's rows, force by force and year by year, each with the source of its year. */
export function referenceRows(ref: ReferenceData = REFERENCE): ReferenceRow[] {
  const sourceOf = (year: number) => {
    const e = ref.editions.find((x) => year >= x.from && year <= x.to);
    if (!e) throw new RangeError(`no source for mid-${year} in the reference population`);
    return e.source;
  };
  return ref.forces.flatMap((f) => ref.years.map((year, i) => ({ force: f.force, force_code: f.code, year, population: f.population[i], source: sourceOf(year) })));
}

// Arrow JS's builders compile code with `new Function`, which the Content-Security-Policy forbids: build by hand.
function utf8(values: readonly string[]): arrow.Vector {
  const bytes = values.map((v) => new TextEncoder().encode(v));
  const valueOffsets = new Int32Array(values.length + 1);
  bytes.forEach((b, i) => (valueOffsets[i + 1] = valueOffsets[i] + b.byteLength));
  const all = new Uint8Array(valueOffsets[values.length]);
  bytes.forEach((b, i) => all.set(b, valueOffsets[i]));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: values.length, valueOffsets, data: all }));
}

/** ref_population as an Arrow table: force, force_code VARCHAR; year INTEGER; population BIGINT; source VARCHAR. */
export function referenceTable(rows: readonly ReferenceRow[] = referenceRows()): arrow.Table {
  return new arrow.Table({
    force: utf8(rows.map((r) => r.force)),
    force_code: utf8(rows.map((r) => r.force_code)),
    year: arrow.makeVector(Int32Array.from(rows, (r) => r.year)),
    population: arrow.makeVector(BigInt64Array.from(rows, (r) => BigInt(r.population))),
    source: utf8(rows.map((r) => r.source)),
  });
}

/** The built-in population as a file the engine loads (and loads again after a restart). */
export function referenceFile(): SourceFile {
  return { name: `${REFERENCE_POPULATION}.arrow`, blob: new Blob([arrow.tableToIPC(referenceTable(), 'file') as BlobPart]) };
}

/** Create ref_population in the engine; a failure is reported, never fatal (rates then need a population table). */
export async function loadReference(engine: Pick<Engine, 'loadFile'>, notify: (text: string) => void): Promise<void> {
  try {
    await engine.loadFile(referenceFile(), { table: REFERENCE_POPULATION, replace: true });
  } catch (e) {
    notify(`The built-in population (${REFERENCE_POPULATION}) could not be loaded, so rates need a population table of your own: ${e instanceof Error ? e.message : String(e)}`);
  }
}
