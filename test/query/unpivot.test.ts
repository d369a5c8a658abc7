import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { detectWideTable, type WideTable } from '../../src/domain/wide';
import { str } from '../../src/query/sql';
import { longColumns, longViewSql } from '../../src/query/unpivot';
import { nativeRows } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';
import { openWasm, type Wasm } from '../helpers/wasm';

type Rows = (sql: string) => Promise<Record<string, unknown>[]>;
const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

const FILES: [string, string, number][] = [
  // table, file, expected long rows (non-null cells of the period columns)
  ['deaths', 'police/iopc/deaths_in_custody_by_force_fy.csv', 48 * 16],
  ['fte', 'police/home-office/officer_fte_by_force_region_2019.csv', 56 * 3],
];

/** The long view's sum and row count against the wide table's, period column by period column. */
async function check(rows: Rows, table: string, wide: WideTable, expectedRows: number) {
  await rows(longViewSql(table, wide));
  const { period, value } = longColumns(wide);
  const cells = wide.periodColumns.map((c) => `SELECT ${str(c.name)} AS p, sum(${q(c.name)})::DOUBLE AS s, count(${q(c.name)}) AS n FROM ${table}`).join(' UNION ALL ');
  const want = await rows(`SELECT p, s, n FROM (${cells}) ORDER BY p`);
  const got = await rows(`SELECT ${q(period)} AS p, sum(${q(value)})::DOUBLE AS s, count(*) AS n FROM ${table}_long GROUP BY 1 ORDER BY p`);
  expect(got).toEqual(want);
  const [all] = await rows(`SELECT count(*) AS n, sum(${q(value)})::DOUBLE AS s FROM ${table}_long`);
  const [wideSum] = await rows(`SELECT (${wide.periodColumns.map((c) => `coalesce(sum(${q(c.name)}), 0)`).join(' + ')})::DOUBLE AS s FROM ${table}`);
  expect(Number(all.n)).toBe(expectedRows);
  // Sums of DOUBLEs in another order differ in the last bits (FTEs like 5516.6500000000015).
  expect(all.s as number).toBeCloseTo(wideSum.s as number, 6);
  // Ids come through and the excluded columns (Total) do not.
  const cols = (await rows(`DESCRIBE ${table}_long`)).map((r) => r.column_name);
  expect(cols).toEqual([...wide.idColumns, period, value]);
}

describe('longViewSql', () => {
  test('exact SQL for the IOPC table', () => {
    const wide = detectWideTable(['Authority', '04/05', '05/06', 'Total'])!;
    expect(longViewSql('deaths', wide)).toBe(
      'CREATE OR REPLACE VIEW "deaths_long" AS\nUNPIVOT (SELECT "Authority", "04/05", "05/06" FROM "deaths")\nON "04/05", "05/06"\nINTO NAME "period" VALUE "value"',
    );
  });
  test('an id column named period or value pushes the names along', () => {
    expect(longColumns(detectWideTable(['period', 'Value', '2019', '2020'])!)).toEqual({ period: 'period_2', value: 'value_2' });
  });
});

describe('the long view in native DuckDB', () => {
  test.each(FILES)('%s: sums and counts equal the wide table’s, Total kept out', async (table, file, n) => {
    await nativeRows(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${str(testdataPath(file))}`);
    const names = (await nativeRows(`DESCRIBE ${table}`)).map((r) => String(r.column_name));
    const wide = detectWideTable(names)!;
    await check(nativeRows, table, wide, n);
  });
  test('the IOPC Total column equals the long view’s sum per authority (so leaving it out avoids double counting)', async () => {
    const diff = await nativeRows(
      `SELECT d.Authority FROM deaths d JOIN (SELECT Authority, sum(value) AS s FROM deaths_long GROUP BY 1) l USING (Authority) WHERE d.Total <> l.s`,
    );
    expect(diff).toEqual([]);
  });
  test('NULL cells give no row (0.9.1 UNPIVOT has no INCLUDE NULLS); ids with a clashing name still work', async () => {
    await nativeRows(`CREATE OR REPLACE TABLE gaps AS SELECT * FROM (VALUES ('Kent', 1, NULL, 3.5), ('Essex', NULL, 2, 4)) t(period, "2019", "2020", "2021")`);
    const wide = detectWideTable(['period', '2019', '2020', '2021'])!;
    await check(nativeRows, 'gaps', wide, 4);
  });
});

describe('the long view in DuckDB-WASM 1.28.0 (DuckDB 0.9.1)', () => {
  let wasm: Wasm;
  beforeAll(async () => {
    wasm = await openWasm();
  }, 60_000);
  afterAll(() => wasm?.close());
  test.each(FILES)('%s', async (table, file, n) => {
    await wasm.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv_auto(${str(testdataPath(file))})`);
    const names = (await wasm.rows(`DESCRIBE ${table}`)).map((r) => String(r.column_name));
    await check(wasm.rows, table, detectWideTable(names)!, n);
  });
});
