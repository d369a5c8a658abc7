/**
 * `soc-workbench render` in node: a workbook of three views over the samples, and a view an analyst made of a real
 * Home Office table, drawn by native DuckDB. Expected numbers come from the raw files by the test's own arithmetic,
 * and from the same views drawn by the app's own engine (DuckDB-WASM) through the app's own code (app-reference.ts);
 * the charts must be the SVG the app's export makes from that engine's rows.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as Plot from '@observablehq/plot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { provenanceLine, standaloneSvg } from '../../src/charts';
import { main } from '../../src/cli/main';
import { newDocument } from '../../src/cli/dom';
import { parseRows } from '../../src/domain/csv-rows';
import { defaultView, specRoles } from '../../src/domain/view-defaults';
import { withComparison } from '../../src/domain/view-edits';
import { ident, splitStatements } from '../../src/query';
import { matchForce } from '../../src/domain/forces';
import reference from '../../reference/ref_population.json';
import { parseWorkbookFile, serializeWorkbook, type Workbook } from '../../src/workbook';
import { testdataPath } from '../helpers/testdata';
import { appViews } from './app-reference';

/** The shipped population figures, read here as plain JSON. */
const REFERENCE = reference as { years: number[]; forces: { force: string; population: number[] }[] };
const SAMPLES = resolve('samples');
const VALID = resolve('test/fixtures/workbooks/valid.workbook.json');
const tmp = mkdtempSync(join(tmpdir(), 'render-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run the command as a user would (through main), keeping what it printed. */
async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, (l) => out.push(l), (l) => err.push(l));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** A CSV the render wrote, as objects (numbers as numbers when they read as one). */
function readCsv(path: string): Record<string, string | number | null>[] {
  const [head, ...rows] = parseRows(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), ',').filter((r) => !r.empty);
  return rows.map((r) => Object.fromEntries(head.cells.map((h, i) => [h, r.cells[i] === '' ? null : Number.isFinite(Number(r.cells[i])) ? Number(r.cells[i]) : r.cells[i]])));
}

/** The sample CSV as objects, read by splitting lines (the samples hold no quoted fields: checked). */
function sampleRows(file: string): Record<string, string>[] {
  const text = readFileSync(join(SAMPLES, file), 'utf8');
  expect(text).not.toContain('"');
  const [head, ...lines] = text.trim().split(/\r?\n/).map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i]])));
}

const files = (dir: string, view: number) => readdirSync(dir).filter((f) => f.startsWith(`${String(view).padStart(2, '0')}-`));
const fileOf = (dir: string, view: number, ext: string) => join(dir, files(dir, view).find((f) => f.endsWith(`.${ext}`))!);
/** Timestamps and Plot's generated class names differ between two drawings of one chart; nothing else may. */
const normalise = (svg: string) => svg.replace(/\d{4}-\d\d-\d\d/g, 'DATE').replace(/\d\d:\d\d UTC/g, 'TIME').replace(/plot-[0-9a-f]{6}/g, 'plot').replace(/plot-clip-\d+/g, 'clip');

function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[]) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    for (const [k, v] of Object.entries(e)) {
      const a = actual[i][k];
      if (typeof v === 'number' || typeof v === 'bigint') expect(a, `row ${i} ${k}`).toBeCloseTo(Number(v), 9);
      else expect(a ?? null, `row ${i} ${k}`).toBe(v === null || v === undefined ? null : String(v));
    }
  });
}

describe('soc-workbench render over the samples', { timeout: 120_000 }, () => {
  const out = join(tmp, 'samples');
  let result: Awaited<ReturnType<typeof run>>;
  let w: Workbook;
  beforeAll(async () => {
    w = parseWorkbookFile(readFileSync(VALID));
    result = await run('render', VALID, '--data', SAMPLES, '--out', out);
  });

  it('draws every view and says what it did, view by view', () => {
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    for (const v of w.views) expect(result.out).toMatch(new RegExp(`View ${v.id} "${v.name.replace(/[()]/g, '\\$&')}": \\d+ rows, [\\d.]+ s`));
    expect(result.out).toMatch(/Loaded disruptions_synthetic from .*disruptions_synthetic\.csv: 7,740 rows/);
    expect(result.out).toMatch(/3 of 3 views drawn/);
    for (let i = 1; i <= 3; i++) expect(files(out, i).map((f) => f.split('.').pop()).sort()).toEqual(['csv', 'png', 'sql', 'svg']);
  });

  it('gives totals by force that the raw file gives by the test\'s own sums', () => {
    const sums = new Map<string, number>();
    for (const r of sampleRows('disruptions_synthetic.csv')) {
      if (r.financial_year !== '2023/24' || !['County lines', 'Drugs'].includes(r.threat_type)) continue;
      sums.set(r.force, (sums.get(r.force) ?? 0) + Number(r.disruptions));
    }
    const rows = readCsv(fileOf(out, 1, 'csv'));
    expect(rows).toHaveLength(43);
    expect(new Map(rows.map((r) => [String(r.force), r.value]))).toEqual(sums);
  });

  it('gives rates per 100,000 as counts over the population file\'s own figure', () => {
    const counts = new Map<string, number>();
    for (const r of sampleRows('disruptions_synthetic.csv')) if (r.financial_year === '2023/24') counts.set(r.force, (counts.get(r.force) ?? 0) + Number(r.disruptions));
    const population = new Map(sampleRows('force_population_synthetic.csv').filter((r) => r.financial_year === '2023/24').map((r) => [r.force, Number(r.population)]));
    const rows = readCsv(fileOf(out, 2, 'csv'));
    expect(rows).toHaveLength(43);
    for (const r of rows) {
      const force = String(r.force);
      expect(r.numerator, force).toBe(counts.get(force));
      expect(r.population, force).toBe(population.get(force));
      expect(r.value as number, force).toBeCloseTo((counts.get(force)! * 100_000) / population.get(force)!, 9);
    }
  });

  it('gives the numbers and draws the charts the app\'s own engine gives for the same views', async () => {
    const app = await appViews(w, { disruptions_synthetic: join(SAMPLES, 'disruptions_synthetic.csv'), force_population_synthetic: join(SAMPLES, 'force_population_synthetic.csv') });
    for (const [i, v] of w.views.entries()) {
      const drawn = app.drawn.get(v.id)!;
      expectSameRows(readCsv(fileOf(out, i + 1, 'csv')), drawn.rows);
      const figure = Plot.plot({ ...drawn.chart.options, document: newDocument() }) as unknown as Element;
      const expected = standaloneSvg(figure, { provenance: provenanceLine(v.spec, w.sources, new Date()) }).svg;
      expect(normalise(readFileSync(fileOf(out, i + 1, 'svg'), 'utf8')), v.name).toBe(normalise(expected));
    }
  });

  it('writes PNGs at twice the SVG\'s size, and an index page listing every view with its files', () => {
    for (let i = 1; i <= 3; i++) {
      const png = readFileSync(fileOf(out, i, 'png'));
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const svg = readFileSync(fileOf(out, i, 'svg'), 'utf8');
      const [, width, height] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2 * Number(width), 2 * Number(height)]);
    }
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain(`<h1>${w.title}</h1>`);
    expect(index.match(/<section /g)).toHaveLength(3);
    for (const v of w.views) expect(index).toContain(v.name);
    expect(index).not.toMatch(/<script/i);
  });

  it('writes each view\'s SQL as a script native DuckDB runs from the data folder, giving the same numbers', async () => {
    for (let i = 1; i <= 3; i++) expectSameRows(readCsv(fileOf(out, i, 'csv')), await runScript(fileOf(out, i, 'sql'), SAMPLES));
  });
});

/** A view's .sql script run by native DuckDB from `folder`, statement by statement as the DuckDB CLI would: the last one's rows. */
async function runScript(script: string, folder: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const cwd = process.cwd();
  process.chdir(folder);
  try {
    const text = readFileSync(script, 'utf8');
    let last;
    for (const s of splitStatements(text)) last = await conn.runAndReadAll(s.sql);
    return last!.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    process.chdir(cwd);
    conn.closeSync();
    instance.closeSync();
  }
}

describe('soc-workbench render from a DuckDB database file', { timeout: 120_000 }, () => {
  it('reads the tables from the file without changing it, and gives the same numbers', async () => {
    const dbPath = join(tmp, 'samples.duckdb');
    const inst = await DuckDBInstance.create(dbPath);
    const conn = await inst.connect();
    for (const t of ['disruptions_synthetic', 'force_population_synthetic']) await conn.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv_auto('${join(SAMPLES, `${t}.csv`)}')`);
    conn.closeSync();
    inst.closeSync();
    const before = createHash('sha256').update(readFileSync(dbPath)).digest('hex');
    const viaFiles = join(tmp, 'samples');
    const out = join(tmp, 'from-db');
    const r = await run('render', VALID, '--db', dbPath, '--out', out, '--threads', '1');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/2 tables attached read-only/);
    for (let i = 1; i <= 3; i++) {
      if (!existsSync(viaFiles)) throw new Error('the render over the samples (above) must run first');
      expect(readCsv(fileOf(out, i, 'csv'))).toEqual(readCsv(fileOf(viaFiles, i, 'csv')));
    }
    expect(createHash('sha256').update(readFileSync(dbPath)).digest('hex')).toBe(before);
  });
});

describe('soc-workbench render when something is wrong', { timeout: 120_000 }, () => {
  it('names the missing file, the folder it looked in and what to do; exit 2, nothing half-written', async () => {
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const out = join(tmp, 'missing');
    const r = await run('render', VALID, '--data', empty, '--out', out);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`disruptions_synthetic.csv: the file of table disruptions_synthetic is not in ${empty}. Copy disruptions_synthetic.csv into that folder`);
    expect(existsSync(join(out, 'index.html'))).toBe(false);
  });

  it('says a spreadsheet source must be saved as CSV or Parquet', async () => {
    const data = mkdtempSync(join(tmp, 'sheet-'));
    copyFileSync(testdataPath('spreadsheets/SOURCES.md'), join(data, 'returns.xlsx'));
    const w = parseWorkbookFile(readFileSync(VALID));
    const path = join(tmp, 'sheet.workbook.json');
    writeFileSync(path, serializeWorkbook({ ...w, sources: w.sources.map((s) => (s.table === 'disruptions_synthetic' ? { ...s, file: 'returns.xlsx' } : s)) }));
    const r = await run('render', path, '--data', data, '--out', join(tmp, 'sheet-out'));
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/returns\.xlsx: render reads CSV, Parquet and JSON files, not spreadsheets\. In the workbench, export table disruptions_synthetic as Parquet/);
  });

  it('draws the other views when one cannot be, names it and its table, and exits 1', async () => {
    const w = parseWorkbookFile(readFileSync(VALID));
    const broken = { ...w, views: w.views.map((v, i) => (i === 1 ? { ...v, spec: { ...v.spec, measure: { ...v.spec.measure, column: 'arrests' } } } : v)) };
    const path = join(tmp, 'broken.workbook.json');
    writeFileSync(path, serializeWorkbook(broken));
    const out = join(tmp, 'broken');
    const r = await run('render', path, '--data', SAMPLES, '--out', out);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/View v2 "Rate per 100k with 95% CIs" not drawn: .*arrests.*\(table disruptions_synthetic\)/);
    expect(r.out).toMatch(/2 of 3 views drawn/);
    expect(files(out, 1)).toHaveLength(4);
    expect(files(out, 2)).toHaveLength(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/Not drawn:<\/strong> .*arrests/);
  });

  it('refuses a file that is not a workbook, naming it', async () => {
    const path = resolve('test/fixtures/workbooks/truncated.workbook.json');
    const r = await run('render', path, '--data', SAMPLES, '--out', join(tmp, 'bad'));
    expect(r.status).toBe(2);
    expect(r.err).toContain(`${path}: `);
    expect(r.err).toMatch(/cut short/);
  });
});

describe('soc-workbench render of a workbook that protects small numbers', { timeout: 120_000 }, () => {
  it("rounds the CSV's counts as the chart does, says so in the chart, and warns in the SQL that its numbers are not", async () => {
    const w = { ...parseWorkbookFile(readFileSync(VALID)), protection: { threshold: 10, roundTo5: true } };
    const path = join(tmp, 'protected.workbook.json');
    writeFileSync(path, serializeWorkbook(w));
    const out = join(tmp, 'protected');
    const r = await run('render', path, '--data', SAMPLES, '--out', out);
    expect(r.err).toBe('');
    const sums = new Map<string, number>();
    for (const row of sampleRows('disruptions_synthetic.csv')) {
      if (row.financial_year !== '2023/24' || !['County lines', 'Drugs'].includes(row.threat_type)) continue;
      sums.set(row.force, (sums.get(row.force) ?? 0) + Number(row.disruptions));
    }
    const rows = readCsv(fileOf(out, 1, 'csv'));
    expect(new Map(rows.map((x) => [String(x.force), x.value]))).toEqual(new Map([...sums].map(([f, n]) => [f, Math.round(n / 5) * 5])));
    // The export wraps the caption into lines (tspans): read its words.
    const words = readFileSync(fileOf(out, 1, 'svg'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain('Small numbers protected: counts rounded to the nearest 5.');
    expect(readFileSync(fileOf(out, 1, 'sql'), 'utf8')).toContain('-- NOT PROTECTED: this script computes the full numbers.');
    // The app's own engine, drawing the same workbook with its protection, gives the same rows.
    const app = await appViews(w, { disruptions_synthetic: join(SAMPLES, 'disruptions_synthetic.csv'), force_population_synthetic: join(SAMPLES, 'force_population_synthetic.csv') });
    expectSameRows(rows, app.drawn.get(w.views[0].id)!.rows);
  });
});

describe('soc-workbench render on a real Home Office table', { timeout: 180_000 }, () => {
  // An analyst's first view of the officer numbers (one column per date): made as the builder makes it, from the app's
  // own engine's recognition, then rendered natively over the file as it was published.
  const FILE = 'officer_fte_by_force_region_2019.csv';
  const PATH = testdataPath(`police/home-office/${FILE}`);

  it('reads the wide table through its long normalised view, forces only, the latest date, as the app does', async () => {
    const source = { table: 'officer_fte', file: FILE, size: null, kind: 'csv' as const };
    const empty: Workbook = { format: 'soc-workbench-workbook', version: 3, title: 'Officer numbers', views: [], queries: [], roleCorrections: [], valueMappings: [], peerGroups: [], sources: [source] };
    const { views } = await appViews(empty, { officer_fte: PATH }, ({ domain, schema, rows }) => {
      const prepared = domain.prepared('officer_fte_long')!;
      expect(prepared.relation).toBe('officer_fte_long_norm');
      const columns = schema.tables.find((t) => t.name === prepared.relation)!.columns;
      const shape = { name: prepared.relation, columns, roles: prepared.roles, leftOut: prepared.leftOut };
      const period = specRoles(prepared.roles).period!;
      const periods = rows(`SELECT DISTINCT ${ident(period)}::VARCHAR AS p FROM ${ident(prepared.relation)}`).map((r) => String(r.p));
      expect(periods).toHaveLength(3);
      // The analyst picks "rate per 100,000" in the builder: officers per head of the built-in population.
      const ref = domain.prepared('ref_population')!;
      const tables = [shape, { name: ref.relation, columns: schema.tables.find((t) => t.name === ref.relation)!.columns, roles: ref.roles }];
      const spec = withComparison(defaultView(shape, tables, { periods }), shape, tables, 'rate_per_100k', periods);
      expect(spec.denominator?.table).toBe('ref_population');
      return [{ id: 'v1', name: 'Officers by force', spec }];
    });
    const w: Workbook = { ...empty, views };
    const path = join(tmp, 'officers.workbook.json');
    writeFileSync(path, serializeWorkbook(w));
    const data = mkdtempSync(join(tmp, 'officers-'));
    copyFileSync(PATH, join(data, FILE));
    const out = join(tmp, 'officers');
    const r = await run('render', path, '--data', data, '--out', out);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const rows = readCsv(fileOf(out, 1, 'csv'));

    // The app's engine, same view: the same rows.
    const app = await appViews(w, { officer_fte: PATH });
    expectSameRows(rows, app.drawn.get('v1')!.rows);

    // The test's own reading of the file: each force's September 2019 figure is a row of it; regions are not forces.
    const raw = parseRows(readFileSync(PATH, 'utf8'), ',').slice(1).filter((x) => !x.empty).map((x) => ({ label: x.cells[0].trim(), value: Number(x.cells[3]) }));
    expect(rows).toHaveLength(43);
    const numerator = 'numerator';
    for (const row of rows) {
      const force = matchForce(String(row.force))!;
      const candidates = raw.filter((x) => matchForce(x.label)?.id === force.id).map((x) => x.value);
      // "West Midlands" is a region and a force: the force is the smaller figure.
      expect(row[numerator] as number, force.name).toBeCloseTo(Math.min(...candidates), 6);
      // Officers per 100,000 of the force's mid-2019 population, read from the shipped figures here.
      const year = REFERENCE.years.indexOf(2019);
      const population = REFERENCE.forces.find((f) => f.force === force.name)!.population[year];
      expect(row.population, force.name).toBe(population);
      expect(row.value as number, force.name).toBeCloseTo((Math.min(...candidates) * 100_000) / population, 9);
    }
    expect(rows.map((x) => x.force)).not.toContain('North East');
    // The caption says what was left out, as the builder's does: the region rows among them.
    const svgText = readFileSync(fileOf(out, 1, 'svg'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(svgText).toMatch(/Not shown: \d+ rows not territorial forces — [^.]*North East/);
    // The provenance names the published file, though the view reads officer_fte_long_norm.
    expect(svgText).toContain(`Data: ${FILE}, ref_population (ONS mid-year population, built in).`);
    // Its script makes the workbench's long and normalised views itself, and gives the same numbers from the file.
    expectSameRows(rows, await runScript(fileOf(out, 1, 'sql'), data));
  });
});

describe('the soc-workbench command as installed', { timeout: 120_000 }, () => {
  it('runs from bin/ after the build and writes the pack', () => {
    expect(existsSync('dist-cli/soc-workbench.js'), 'run `npm run build` first: the command runs the built dist-cli/').toBe(true);
    const out = join(tmp, 'bin');
    const r = spawnSync(process.execPath, ['bin/soc-workbench.js', 'render', VALID, '--data', SAMPLES, '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/3 of 3 views drawn/);
    expect(readdirSync(out).sort()).toEqual(readdirSync(join(tmp, 'samples')).sort());
    const help = spawnSync(process.execPath, ['bin/soc-workbench.js', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/soc-workbench render <workbook\.json> --out <folder>/);
  });
});
