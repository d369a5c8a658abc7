/**
 * The domain layer's small queries, run in DuckDB-WASM 1.28.0 (the engine the app ships) on a real Home Office
 * table, against expectations computed here from the CSV text.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recogniseRoles } from '../../src/domain/roles';
import { flaggedCountSql, rowCountsSql, sampleSql, totalLabelsSql } from '../../src/query/domain-sql';
import { mappingTablesSql, normalisedColumns, normalisedViewSql } from '../../src/query/normalise';
import { str } from '../../src/query/sql';
import { testdataPath } from '../helpers/testdata';
import { openWasm, type Wasm } from '../helpers/wasm';

const FILE = 'police/home-office/use_of_force_incidents_2019-20.csv';
// This file has no quoted cells: a plain split is an independent reading of it.
const lines = readFileSync(testdataPath(FILE), 'utf8').trim().split(/\r?\n/);
const rows = lines.slice(1).map((l) => l.split(','));

let w: Wasm;
beforeAll(async () => {
  w = await openWasm();
  for (const sql of mappingTablesSql()) await w.run(sql);
  w.registerText('uof.csv', readFileSync(testdataPath(FILE), 'utf8'));
  await w.run(`CREATE TABLE uof AS SELECT * FROM read_csv_auto(${str('uof.csv')})`);
}, 60_000);
afterAll(() => w?.close());

describe('sampleSql', () => {
  test('casts every column to text, names them by position and keeps the first rows', async () => {
    const got = await w.rows(sampleSql('uof', ['Region', 'Police Force', 'Total'], 3));
    expect(got).toEqual(rows.slice(0, 3).map((r) => ({ c0: r[0], c1: r[1], c2: r[2] })));
  });
  test('refuses a table without columns', () => expect(() => sampleSql('t', [])).toThrow(/no columns/));
});

describe('total rows of a normalised view', () => {
  test('the labels that made rows totals, by column, and their count', async () => {
    const desc = await w.rows(`DESCRIBE uof`);
    const sample = await w.rows(`SELECT * FROM uof`);
    const roles = recogniseRoles(desc.map((d) => ({ name: String(d.column_name), type: String(d.column_type), sample: sample.map((r) => r[String(d.column_name)]) })));
    expect(roles.map((r) => r.role)).toEqual(['region', 'force', 'measure']);
    await w.run(normalisedViewSql('uof', roles));
    const flag = normalisedColumns(roles).names.is_total!;

    // Expected from the text: a "Total …" force label, and the region column's own "England and Wales".
    const totalForces = rows.filter((r) => /^Total /.test(r[1]));
    expect(await w.rows(flaggedCountSql('uof_norm', flag))).toEqual([{ n: totalForces.length }]);
    const got = await w.rows(totalLabelsSql('uof_norm', flag, [{ name: 'Police Force', kind: 'force' }, { name: 'Region', kind: 'label' }]));
    const expected = [
      ...totalForces.map((r) => ({ column_name: 'Police Force', value: r[1], row_count: '1' })).sort((a, b) => (a.value < b.value ? -1 : 1)),
      { column_name: 'Region', value: 'England and Wales', row_count: '1' },
    ];
    expect(got).toEqual(expected);
    expect(await w.rows(rowCountsSql('uof', 'uof_norm'))).toEqual([{ base_rows: rows.length, norm_rows: rows.length }]);
  });

  test('needs at least one column', () => expect(() => totalLabelsSql('v', 'is_total', [])).toThrow(/no columns/));
});
