import { beforeAll, describe, expect, test } from 'vitest';
import { recogniseRoles } from '../../src/domain/roles';
import { defaultView, dimensionChoices, measureColumns, populationLookups, sortPeriods, specRoles, type TableShape } from '../../src/domain/view-defaults';
import { parseViewSpec } from '../../src/domain/view-spec';
import { compileView } from '../../src/query/compile';
import { columnSamples, loadNative } from '../helpers/columns';
import { nativeRows } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';
import { readFileSync } from 'node:fs';

const samples = new URL('../../samples/', import.meta.url).pathname;
const NAMES = ['disruptions_synthetic', 'force_population_synthetic', 'outcomes_synthetic', 'hmicfrs_gradings_synthetic'];
const shapes: Record<string, TableShape> = {};

beforeAll(async () => {
  for (const name of NAMES) {
    await loadNative(name, `${samples}${name}.csv`);
    const cols = await columnSamples(name);
    shapes[name] = { name, columns: cols.map(({ name, type }) => ({ name, type })), roles: recogniseRoles(cols) };
  }
}, 60_000);

describe('what the builder offers for the samples', () => {
  test('roles pick the force name column over its code', () => {
    expect(specRoles(shapes.disruptions_synthetic!.roles)).toEqual({ force: 'force', region: 'region', period: 'financial_year', threat: 'threat_type' });
  });

  test('measures, dimensions and population lookups', () => {
    expect(measureColumns(shapes.outcomes_synthetic!)).toEqual(['arrests', 'charges', 'firearms_recovered', 'county_lines_closed', 'cash_seized_gbp', 'people_safeguarded']);
    expect(dimensionChoices(shapes.disruptions_synthetic!).map((d) => d.value)).toEqual(['force', 'region', 'period', 'threat', 'column:level']);
    expect(populationLookups(Object.values(shapes), shapes.disruptions_synthetic)).toEqual([
      { table: 'force_population_synthetic', population: 'population', force: 'force', period: 'financial_year' },
    ]);
    // The gradings' periods are calendar years: the financial-year population is joined by force only.
    expect(populationLookups(Object.values(shapes), shapes.hmicfrs_gradings_synthetic)[0]?.period).toBeUndefined();
  });

  test('periods sort by their start, not as text', () => {
    expect(sortPeriods(['2023/24', '2019/20', '2021/22'])).toEqual(['2019/20', '2021/22', '2023/24']);
    expect(sortPeriods(['2023 Q2', '2022 Q4', '2023 Q1'])).toEqual(['2022 Q4', '2023 Q1', '2023 Q2']);
  });
});

describe('the view the samples open with', () => {
  test('rate per 100,000 by force for the latest year, with 95% intervals, Kent against its region; the SQL gives the rates computed by hand', async () => {
    const years = (await nativeRows(`SELECT DISTINCT financial_year AS y FROM disruptions_synthetic`)).map((r) => String(r.y));
    const spec = parseViewSpec(defaultView(shapes.disruptions_synthetic!, Object.values(shapes), { periods: years, force: 'Kent' }));
    expect(spec.comparison.kind).toBe('rate_per_100k');
    expect(spec.filters).toEqual([{ column: 'financial_year', values: ['2023/24'] }]);
    expect(spec.highlight).toEqual({ force: 'Kent', peerGroup: 'region', limitToPeers: false });
    const schema = { tables: Object.values(shapes).map((t) => ({ name: t.name, kind: 'table' as const, columns: [...t.columns] })) };
    const rows = await nativeRows(compileView(spec, schema).sql);
    // Independent: sum per force over sum of population per force, 2023/24.
    const counts = await nativeRows(`SELECT force, sum(disruptions) AS n FROM disruptions_synthetic WHERE financial_year = '2023/24' GROUP BY force`);
    const pops = await nativeRows(`SELECT force, population AS p FROM force_population_synthetic WHERE financial_year = '2023/24'`);
    const pop = new Map(pops.map((r) => [String(r.p === undefined ? '' : r.force), Number(r.p)]));
    let checked = 0;
    for (const c of counts) {
      const p = pop.get(String(c.force));
      if (!p) continue;
      const row = rows.find((r) => r.force === c.force);
      expect(Number(row?.value)).toBeCloseTo((Number(c.n) / p) * 100_000, 6);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(43);
  });
});

// Issue 17: a table whose columns are called constructor, toString and __proto__ opens like any other.
describe('issue 17: columns named like Object.prototype members', () => {
  test('measures, dimensions and the default view name those columns as they are', () => {
    const columns = [
      { name: 'force', type: 'VARCHAR' },
      { name: 'constructor', type: 'VARCHAR' },
      { name: 'toString', type: 'BIGINT' },
      { name: '__proto__', type: 'VARCHAR' },
    ];
    const t: TableShape = {
      name: 'ctor',
      columns,
      roles: recogniseRoles([
        { name: 'force', type: 'VARCHAR', sample: ['Kent', 'Essex'] },
        { name: 'constructor', type: 'VARCHAR', sample: ['Ferrari', 'McLaren'] },
        { name: 'toString', type: 'BIGINT', sample: [3n, 5n] },
        { name: '__proto__', type: 'VARCHAR', sample: ['x', 'y'] },
      ]),
    };
    expect(measureColumns(t)).toEqual(['toString']);
    expect(dimensionChoices(t).map((d) => d.value)).toEqual(['force', 'region', 'column:constructor', 'column:__proto__']);
    const spec = parseViewSpec(defaultView(t, [t]));
    expect(spec.measure).toEqual({ column: 'toString', aggregate: 'sum' });
    expect(spec.compareBy).toEqual({ by: 'force' });
    expect(compileView({ ...spec, compareBy: { by: 'column', column: '__proto__' } }, { tables: [{ name: 'ctor', kind: 'table', columns }] }).sql).toContain('"__proto__"');
  });
});

describe('a street-level crime file (one row per crime, with coordinates)', () => {
  const FILE = testdataPath('police/street/2016-03-cumbria-street.csv');

  test('is counted, never summed by its longitude or latitude: the first view counts rows', async () => {
    await loadNative('street', FILE);
    const cols = await columnSamples('street');
    const t: TableShape = { name: 'street', columns: cols.map(({ name, type }) => ({ name, type })), roles: recogniseRoles(cols) };
    // The file's own numbers: its coordinates are DOUBLE columns (else this test would prove nothing).
    expect(cols.filter((c) => /^(Longitude|Latitude)$/.test(c.name)).map((c) => c.type)).toEqual(['DOUBLE', 'DOUBLE']);
    expect(measureColumns(t)).not.toContain('Longitude');
    expect(measureColumns(t)).not.toContain('Latitude');
    const spec = parseViewSpec(defaultView(t, [t], { periods: ['2016-03'] }));
    expect(spec.measure).toEqual({ column: null, aggregate: 'count' });
    // Compiled and run in native DuckDB, the count is the file's row count, by the test's own count of its lines.
    const [{ n }] = await nativeRows(`SELECT sum(value)::INTEGER AS n FROM (${compileView(spec, { tables: [{ name: 'street', kind: 'table', columns: [...t.columns] }] }).sql})`);
    const lines = readFileSync(FILE, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
    expect(n).toBe(lines);
  });
});
