/**
 * Aggregate rows found by arithmetic are marked in SQL by their numbers: on DuckDB-WASM 1.28.0 (the app's engine), the
 * condition built for the West Midlands region rows of the real officer FTE table matches those rows and no other.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyRows } from '../../src/domain/aggregates';
import { detectWideTable } from '../../src/domain/wide';
import { aggregateRowsCondition, labelledRowsSql } from '../../src/query/aggregate-rows';
import { longViewSql } from '../../src/query/unpivot';
import { openWasm, type Wasm } from '../helpers/wasm';
import { testdataPath } from '../helpers/testdata';

let db: Wasm;
const FILE = 'police/home-office/officer_fte_by_force_region_2019.csv';

beforeAll(async () => {
  db = await openWasm();
  db.registerText('fte.csv', readFileSync(testdataPath(FILE), 'utf8'));
  await db.run(`CREATE TABLE fte AS SELECT * FROM read_csv_auto('fte.csv', header = true)`);
  const columns = (await db.rows(`DESCRIBE fte`)).map((r) => String(r.column_name));
  await db.run(longViewSql('fte', detectWideTable(columns)!));
}, 60_000);
afterAll(() => db?.close());

describe('aggregateRowsCondition', () => {
  it('marks the three West Midlands region rows of the long form, by their numbers, and nothing else', async () => {
    const rows = await db.rows(labelledRowsSql('fte_long', 'Force/Region', 'period', ['value']));
    const read = rows.map((r) => ({ label: String(r.label), period: String(r.period), values: [Number(r.m0)] }));
    const found = [...new Set(read.map((r) => r.period))].flatMap((p) => {
      const group = read.filter((r) => r.period === p);
      return classifyRows(group).flatMap((v, i) => (v.kind === 'region' && group[i].label === 'West Midlands' ? [group[i]] : []));
    });
    expect(found).toHaveLength(3);
    const cond = aggregateRowsCondition('b', 'Force/Region', 'period', ['value'], found);
    const marked = await db.rows(`SELECT period, value FROM fte_long AS b WHERE ${cond} ORDER BY period`);
    // The test's own arithmetic from the raw file: per period, the West Midlands row equal to its four forces.
    const lines = readFileSync(testdataPath(FILE), 'utf8').trim().split('\n').map((l) => l.split(','));
    const head = lines[0];
    const expected = head.slice(1).map((period, k) => {
      const v = (label: string) => lines.filter((l) => l[0] === label).map((l) => Number(l[k + 1]));
      const [a, b] = v('West Midlands');
      const others = v('Staffordshire')[0] + v('Warwickshire')[0] + v('West Mercia')[0];
      return { period, value: Math.abs(a - (others + b)) < 0.01 ? a : b };
    }).sort((x, y) => x.period.localeCompare(y.period));
    expect(marked.map((r) => ({ period: r.period, value: Number(r.value) }))).toEqual(expected);
  });
});
