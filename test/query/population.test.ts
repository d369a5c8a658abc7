// Rates against the built-in population, matched by canonical force and population year (issues 12 item 4, 14):
// compiled SQL run in native DuckDB and in DuckDB-WASM 0.9.1, checked against the test's own arithmetic.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parsePeriod } from '../../src/domain/periods';
import { populationYear, populationYearOf } from '../../src/domain/population';
import { parseViewSpec, type ViewSpec } from '../../src/domain/view-spec';
import { referenceRows } from '../../src/app/reference';
import { compileView } from '../../src/query/compile';
import { mappingTablesSql } from '../../src/query/normalise';
import { midYearKeysSql } from '../../src/query/population';
import { literal } from '../../src/query/sql';
import { nativeDb, type NativeDb } from '../helpers/view-fixtures';
import { openWasm, type Wasm } from '../helpers/wasm';
import { testdataPath } from '../helpers/testdata';

const TASER = testdataPath('police/home-office/taser_use_by_force_by_year.csv');
const ref = referenceRows();
// The test's own reading of the TASER file's force names (not the workbench's matcher).
const CANONICAL: Record<string, string> = {
  'Avon & Somerset': 'Avon and Somerset',
  'Devon & Cornwall': 'Devon and Cornwall',
  Metropolitan: 'Metropolitan Police',
  Hampshire: 'Hampshire and Isle of Wight',
};
const refPop = (force: string, year: number) => ref.find((r) => r.force === (CANONICAL[force] ?? force) && r.year === year)?.population;
const taser = readFileSync(TASER, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

// Forms and the population year the rule gives (latest 30 June on or before the period's last day), worked by hand.
const FORMS: [string, number][] = [
  ['2019/20', 2019], ['FY 2019/20', 2019], ['2019-20', 2019], ['2019', 2019], ['2019 Q1', 2018], ['2019 Q2', 2019],
  ['2019/20 Q1', 2019], ['2019-06', 2019], ['2019-05', 2018], ['June 2019', 2019], ['2019-06-30', 2019], ['2019-06-29', 2018],
  ['31/03/2019', 2018], ['2018-12-31', 2018], ['year ending March 2019', 2018], ['04/05', 2004], ['2025/26', 2025], ['1999/00', 1999],
  // Rolling years and points in time (the issue's "12 months ending 31 March 2019 → mid-2018").
  ['12 months ending 31-03-2019', 2018], ['12 months ending 30-06-2019', 2019], ['Mid-2019', 2019], ['As at 31 March 2019', 2018],
];

function setup(csv: string): string[] {
  const rows = ref.map((r) => `(${[r.force, r.force_code, r.year, r.population, r.source].map(literal).join(', ')})`);
  const chunks: string[] = [];
  // DuckDB-WASM 0.9.1 overflows its stack (a wasm crash) parsing long VALUES lists.
  for (let i = 0; i < rows.length; i += 100) chunks.push(`INSERT INTO ref_population VALUES ${rows.slice(i, i + 100).join(', ')}`);
  return [
    ...mappingTablesSql(),
    'CREATE TABLE ref_population (force VARCHAR, force_code VARCHAR, year INTEGER, population BIGINT, source VARCHAR)',
    ...chunks,
    `CREATE TABLE taser AS SELECT * FROM read_csv_auto(${literal(csv)})`,
    `CREATE TABLE forms (force VARCHAR, period VARCHAR)`,
    `INSERT INTO forms VALUES ${FORMS.map(([p]) => `('Kent', ${literal(p)})`).join(', ')}`,
  ];
}

const rateSpec = (extra: Partial<ViewSpec> = {}): ViewSpec =>
  parseViewSpec({
    version: 1,
    table: 'taser',
    roles: { force: 'Police force', period: 'ytd' },
    measure: { column: 'Total', aggregate: 'sum' },
    denominator: { table: 'ref_population', population: 'population', force: 'force', midYear: 'year' },
    compareBy: { by: 'force' },
    filters: [{ column: 'ytd', values: ['2020-03-31'] }],
    comparison: { kind: 'rate_per_100k' },
    ...extra,
  });

let native: NativeDb;
let wasm: Wasm;
beforeAll(async () => {
  native = await nativeDb(setup(TASER));
  wasm = await openWasm();
  wasm.registerText('taser.csv', readFileSync(TASER, 'utf8'));
  for (const s of setup('taser.csv')) await wasm.run(s);
}, 120_000);
afterAll(() => {
  native?.close();
  wasm?.close();
});

describe('population year of a period', () => {
  test.each(FORMS)('%s → mid-%i (JS)', (label, year) => {
    expect(populationYear(parsePeriod(label)!)).toBe(year);
  });
  test('30 June is the boundary', () => {
    expect([populationYearOf('2019-06-29'), populationYearOf('2019-06-30'), populationYearOf('2019-12-31')]).toEqual([2018, 2019, 2019]);
  });
  test('the SQL gives the same year as the JS for every form, in native DuckDB and DuckDB-WASM 0.9.1', async () => {
    const sql = midYearKeysSql({
      table: 'forms',
      forceKey: '"force"',
      period: { key: '"period"', type: 'VARCHAR' },
      lookup: { table: 'ref_population', force: 'force', midYear: 'year', population: 'population' },
      out: { force: 'force_key', period: 'period_key', population: 'population' },
    });
    for (const db of [native, wasm]) {
      const rows = await db.rows(`SELECT period_key, pop_year_wanted, pop_year FROM (${sql}) ORDER BY 1`);
      const got = Object.fromEntries(rows.map((r) => [r.period_key, [Number(r.pop_year_wanted), Number(r.pop_year)]]));
      for (const [label, year] of FORMS) expect(got[label], label).toEqual([year, Math.min(year, 2023)]);
    }
  }, 60_000);
});

describe('rate per 1,000 against ref_population (denominator.per: 1000, as ONS and HMICFRS publish)', () => {
  const perK = (extra: Partial<ViewSpec> = {}) => {
    const s = rateSpec(extra);
    return parseViewSpec({ ...s, denominator: { ...s.denominator, per: 1000 } });
  };

  test('each force: its own count ÷ the population of its canonical force in mid-2019 × 1,000, in native DuckDB and DuckDB-WASM', async () => {
    const spec = perK({ uncertainty: { ci: 95, method: 'byar', against: 'england-and-wales' } });
    const compiled = compileView(spec, await native.schema());
    expect(compiled.columns.find((c) => c.role === 'value')?.label).toBe('Total per 1,000 population');
    expect(compiled.notes[0]).toMatch(/^Rates per 1,000 population are recomputed/);
    const these = taser.filter((r) => r[12] === '2020-03-31');
    const expected = these.map((r) => [r[0], (Number(r[1]) / refPop(r[0], 2019)!) * 1_000] as const);
    expect(expected).toHaveLength(43);
    // England and Wales: every force's count over every force's population, × 1,000.
    const ew = (these.reduce((a, r) => a + Number(r[1]), 0) / these.reduce((a, r) => a + refPop(r[0], 2019)!, 0)) * 1_000;
    const per100k = await native.rows(compileView(rateSpec({ uncertainty: spec.uncertainty }), await native.schema()).sql);
    for (const db of [native, wasm]) {
      const rows = await db.rows(compiled.sql);
      const got = new Map(rows.map((r) => [String(r['Police force']), r]));
      expect(got.size).toBe(43);
      for (const [force, rate] of expected) {
        const row = got.get(force)!;
        expect(Number(row.value), force).toBeCloseTo(rate, 9);
        expect(Number(row.reference), force).toBeCloseTo(ew, 9);
        // Byar's interval scales with the rate: the per-100,000 limits ÷ 100.
        const big = per100k.find((r) => r['Police force'] === force)!;
        expect(Number(row.lower), force).toBeCloseTo(Number(big.lower) / 100, 9);
        expect(Number(row.upper), force).toBeCloseTo(Number(big.upper) / 100, 9);
        expect(Number(row.lower)).toBeLessThan(rate);
        expect(Number(row.upper)).toBeGreaterThan(rate);
      }
      // A sanity figure in the ONS range: Kent's 2019/20 TASER uses per 1,000 people is well under 1.
      expect(Number(got.get('Kent')!.value)).toBeLessThan(1);
    }
  }, 60_000);

  test('change in the rate per 1,000 between two years: each force\'s own difference of count ÷ population × 1,000', async () => {
    const spec = perK({ filters: [], comparison: { kind: 'change', from: '2019-03-31', to: '2020-03-31', of: 'rate' } });
    const rows = await native.rows(compileView(spec, await native.schema()).sql);
    const rate = (force: string, ytd: string, year: number) => (Number(taser.find((r) => r[0] === force && r[12] === ytd)![1]) / refPop(force, year)!) * 1_000;
    for (const force of ['Kent', 'Durham', 'Metropolitan', 'Dyfed-Powys']) {
      const row = rows.find((r) => r['Police force'] === force)!;
      expect(Number(row.value), force).toBeCloseTo(rate(force, '2020-03-31', 2019) - rate(force, '2019-03-31', 2018), 9);
    }
  });
});

describe('rate per 100,000 against ref_population', () => {
  test('each force: its own count ÷ the population of its canonical force in mid-2019 × 100,000 (FY ending 2020-03-31)', async () => {
    const compiled = compileView(rateSpec(), await native.schema());
    const expected = taser.filter((r) => r[12] === '2020-03-31').map((r) => [r[0], (Number(r[1]) / refPop(r[0], 2019)!) * 100_000] as const);
    expect(expected).toHaveLength(43);
    for (const db of [native, wasm]) {
      const rows = await db.rows(compiled.sql);
      const got = new Map(rows.map((r) => [String(r['Police force']), Number(r.value)]));
      expect(got.size).toBe(43);
      for (const [force, rate] of expected) expect(got.get(force), force).toBeCloseTo(rate, 9);
      expect(await db.rows(compiled.unmatchedSql!)).toEqual([]);
      const report = await db.rows(compiled.populationSql!);
      expect(new Set(report.map((r) => Number(r.year)))).toEqual(new Set([2019]));
      expect(report.every((r) => r.matched === true)).toBe(true);
    }
  }, 60_000);

  test('one population per force and period: a chart over years never sums population across years', async () => {
    const spec = rateSpec({ filters: [], compareBy: { by: 'period' }, uncertainty: { ci: 'none', method: 'byar', against: 'england-and-wales' } });
    const compiled = compileView(spec, await native.schema());
    const rows = await native.rows(compiled.sql);
    // 2015-12-31 also holds the West Midlands *region* row beside the force: aggregate rows are issue 12 item 2.
    for (const ytd of [...new Set(taser.map((r) => r[12]))].filter((y) => y !== '2015-12-31')) {
      const year = Number(ytd.slice(0, 4)) - (ytd.slice(5) >= '06-30' ? 0 : 1); // the last 30 June on or before ytd
      const these = taser.filter((r) => r[12] === ytd);
      const rate = (these.reduce((a, r) => a + Number(r[1]), 0) / these.reduce((a, r) => a + refPop(r[0], year)!, 0)) * 100_000;
      const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
      const row = rows.find((r) => iso(r.ytd) === ytd);
      expect(Number(row?.value), ytd).toBeCloseTo(rate, 9);
    }
  });

  test('a force with no population row is listed, not dropped silently; a period after mid-2023 uses mid-2023', async () => {
    await native.rows(`CREATE OR REPLACE TABLE taser2 AS SELECT * FROM taser UNION ALL SELECT 'Atlantis', 5, 0,0,0,0,0,0,0,0,0,0, DATE '2020-03-31' UNION ALL SELECT 'Kent', 10, 0,0,0,0,0,0,0,0,0,0, DATE '2026-03-31'`);
    const schema = await native.schema();
    const compiled = compileView(rateSpec({ table: 'taser2', filters: [] }), schema);
    const unmatched = await native.rows(compiled.unmatchedSql!);
    expect(unmatched.map((r) => r.force_key)).toEqual(['Atlantis']);
    const report = await native.rows(compiled.populationSql!);
    expect(report.find((r) => r.force === 'Kent' && String(r.period).startsWith('2026'))).toMatchObject({ wanted: 2025, year: 2023, matched: true });
    expect(report.find((r) => r.force === 'Atlantis')).toMatchObject({ matched: false });
  });
});
