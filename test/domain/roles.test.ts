import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { detectMessyCsv } from '../../src/domain/messy-csv';
import { isForceAggregate, isTotalLabel, matchRegion, readPeriod, recogniseRoles, type ColumnRole, type ColumnSample } from '../../src/domain/roles';
import { cleanCsvSql } from '../../src/query/clean';
import { columnSamples, loadNative } from '../helpers/columns';
import { nativeRows } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';

/** A role as one short string: "force", "period:financial-year", "measure:gbp:sum", "dimension". */
function brief(r: ColumnRole): string {
  if (r.role === 'period') return `period:${r.periodType}${r.mixed ? ':mixed' : ''}`;
  if (r.role === 'measure') return `measure:${r.unit}:${r.aggregation}`;
  return r.role;
}

const samples = new URL('../../samples/', import.meta.url).pathname;

// Expected roles, written by reading each file: [column, role].
const SAMPLE_EXPECTED: Record<string, [string, string][]> = {
  'disruptions_synthetic.csv': [
    ['force', 'force'], ['force_code', 'force'], ['region', 'region'], ['financial_year', 'period:financial-year'],
    ['threat_type', 'threat'], ['level', 'dimension'], ['disruptions', 'measure:count:sum'],
  ],
  'disruptions_synthetic.parquet': [
    ['force', 'force'], ['force_code', 'force'], ['region', 'region'], ['financial_year', 'period:financial-year'],
    ['threat_type', 'threat'], ['level', 'dimension'], ['disruptions', 'measure:count:sum'],
  ],
  'outcomes_synthetic.csv': [
    ['force', 'force'], ['force_code', 'force'], ['financial_year', 'period:financial-year'], ['arrests', 'measure:count:sum'],
    ['charges', 'measure:count:sum'], ['firearms_recovered', 'measure:count:sum'], ['county_lines_closed', 'measure:count:sum'],
    ['cash_seized_gbp', 'measure:gbp:sum'], ['people_safeguarded', 'measure:count:sum'],
  ],
  'force_population_synthetic.csv': [
    ['force', 'force'], ['force_code', 'force'], ['financial_year', 'period:financial-year'], ['population', 'measure:count:sum'],
  ],
  'hmicfrs_gradings_synthetic.csv': [
    ['force', 'force'], ['inspection_year', 'period:calendar-year'], ['area', 'dimension'], ['grade', 'dimension'],
  ],
};

const MESSY_EXPECTED: [string, string][] = [
  ['Force', 'force'], ['Financial year', 'period:financial-year'], ['Disruptions', 'measure:count:sum'],
  ['Cash seized (£)', 'measure:gbp:sum'], ['Change on previous year', 'measure:percentage:avg'], ['Notes', 'dimension'],
];

const street: [string, string][] = [
  ['Crime ID', 'dimension'], ['Month', 'period:month'], ['Reported by', 'force'], ['Falls within', 'force'],
  ['Longitude', 'dimension'], ['Latitude', 'dimension'], ['Location', 'dimension'], ['LSOA code', 'dimension'],
  ['LSOA name', 'dimension'], ['Crime type', 'dimension'], ['Last outcome category', 'dimension'], ['Context', 'dimension'],
];
const stopSearch: [string, string][] = [
  ['Type', 'dimension'], ['Date', 'period:date'], ['Part of a policing operation', 'dimension'], ['Policing operation', 'dimension'],
  ['Latitude', 'dimension'], ['Longitude', 'dimension'], ['Gender', 'dimension'], ['Age range', 'dimension'],
  ['Self-defined ethnicity', 'dimension'], ['Officer-defined ethnicity', 'dimension'], ['Legislation', 'dimension'],
  ['Object of search', 'dimension'], ['Outcome', 'dimension'], ['Outcome linked to object of search', 'dimension'],
  ['Removal of more than just outer clothing', 'dimension'],
];
const count = 'measure:count:sum';
const fy = ['04/05', '05/06', '06/07', '07/08', '08/09', '09/10', '10/11', '11/12', '12/13', '13/14', '14/15', '15/16', '16/17', '17/18', '18/19', '19/20'];

// The real files: what each column is, judged by reading the file and its source (police/SOURCES.md).
const POLICE_EXPECTED: Record<string, [string, string][]> = {
  'street/2019-06-city-of-london-street.csv': street,
  'street/2020-04-city-of-london-street.csv': street,
  'street/2021-01-city-of-london-street.csv': street,
  'stop-and-search/2019-08-city-of-london-stop-and-search.csv': stopSearch,
  'stop-and-search/2020-11-city-of-london-stop-and-search.csv': stopSearch,
  'lookups/lad16_csp16_pfa16_lookup.csv': [
    ['LAD16CD', 'dimension'], ['LAD16NM', 'dimension'], ['CSP16CD', 'dimension'], ['CSP16NM', 'dimension'],
    ['PFA16CD', 'force'], ['PFA16NM', 'force'], ['FID', 'dimension'],
  ],
  'lookups/forces_population_2010.csv': [['id', 'force'], ['Label', 'force'], ['Population 2010', count]],
  // Full-time-equivalent officers: summed, but not a head count, so "other".
  'home-office/officer_fte_by_force_region_2019.csv': [
    ['Force/Region', 'force'], ['September 2018', 'measure:other:sum'], ['March 2019', 'measure:other:sum'], ['September 2019', 'measure:other:sum'],
  ],
  'home-office/use_of_force_incidents_2019-20.csv': [['Region', 'region'], ['Police Force', 'force'], ['Total', count]],
  'home-office/use_of_force_by_ethnicity_force_2019-20.csv': [
    ['Police Force', 'force'], ['Type of force', 'dimension'], ['Tactic', 'dimension'], ['White', count], ['Black (or Black British)', count],
    ['Asian (or Asian British)', count], ['Mixed', count], ['Other', count], ['Not reported', count], ['Number of times tactic reported', count],
  ],
  'home-office/taser_use_by_force_by_year.csv': [
    ['Police force', 'force'], ...['Total', 'Total non-discharge', 'Drawn', 'Aimed', 'Red-dot', 'Arced', 'Total discharge', 'Drive stun', 'Fired',
      'Angled drive stun', 'Not stated'].map((c): [string, string] => [c, count]), ['ytd', 'period:date'],
  ],
  'iopc/deaths_in_custody_by_force_fy.csv': [['Authority', 'force'], ...fy.map((c): [string, string] => [c, count]), ['Total', count]],
};

describe('recogniseRoles on the samples', () => {
  test.each(Object.keys(SAMPLE_EXPECTED))('%s', async (file) => {
    await loadNative('s', samples + file);
    const roles = recogniseRoles(await columnSamples('s'));
    expect(roles.map((r) => [r.name, brief(r)])).toEqual(SAMPLE_EXPECTED[file]);
    for (const r of roles) expect(r.reason.length).toBeGreaterThan(0);
  });

  describe('the messy export', () => {
    let raw: ColumnSample[];
    let clean: ColumnSample[];
    beforeAll(async () => {
      const text = new TextDecoder('windows-1252').decode(readFileSync(samples + 'messy_export_synthetic.csv'));
      const path = join(mkdtempSync(join(tmpdir(), 'soc-roles-')), 'messy.csv');
      writeFileSync(path, text);
      const plan = detectMessyCsv(text);
      const sql = cleanCsvSql(path, 'messy', plan);
      for (const s of sql.setup) await nativeRows(s);
      await nativeRows(sql.raw);
      await nativeRows(sql.clean);
      // The raw read: every cell as written ("£1,234", "10.5%", "..").
      const rawCols = await columnSamples('messy__raw');
      raw = plan.columns.map((c) => ({ ...rawCols[c.index], name: c.name }));
      clean = (await columnSamples('messy')).map((c, i) => ({ ...c, unit: plan.columns[i].unit }));
    });

    test('as raw text', () => {
      expect(recogniseRoles(raw).map((r) => [r.name, brief(r)])).toEqual(MESSY_EXPECTED);
    });
    test('after cleaning, with the plan’s units', () => {
      expect(recogniseRoles(clean).map((r) => [r.name, brief(r)])).toEqual(MESSY_EXPECTED);
    });
    test('the force column knows it has total rows', () => {
      const force = recogniseRoles(clean)[0];
      expect(force).toMatchObject({ role: 'force', totals: true });
    });
  });
});

describe('recogniseRoles on the real police files', () => {
  const results: { file: string; column: string; expected: string; got: string }[] = [];
  test.each(Object.keys(POLICE_EXPECTED))('%s', async (file) => {
    await loadNative('p', testdataPath(`police/${file}`));
    const roles = recogniseRoles(await columnSamples('p'));
    const expected = POLICE_EXPECTED[file];
    expect(roles.map((r) => r.name)).toEqual(expected.map(([c]) => c));
    roles.forEach((r, i) => results.push({ file, column: r.name, expected: expected[i][1], got: brief(r) }));
    expect(roles.map((r) => [r.name, brief(r)])).toEqual(expected);
  });
  test('tally: 124 columns, all right', () => {
    const wrong = results.filter((r) => r.expected !== r.got);
    expect({ columns: results.length, wrong }).toEqual({ columns: 124, wrong: [] });
  });
});

describe('recognition details', () => {
  const col = (name: string, sample: unknown[], type = 'VARCHAR'): ColumnSample => ({ name, type, sample });

  test('years and financial years in one column are flagged mixed', () => {
    const [r] = recogniseRoles([col('Year', ['2019', '2019/20', '2020/21', '2021-22', null])]);
    expect(r).toMatchObject({ role: 'period', periodType: 'financial-year', mixed: true, periodTypes: ['financial-year', 'calendar-year'] });
  });
  test('"2011-12" among months is a month, among financial years a financial year', () => {
    expect(recogniseRoles([col('m', ['2011-10', '2011-11', '2011-12'])])[0]).toMatchObject({ periodType: 'month', mixed: false });
    expect(recogniseRoles([col('fy', ['2010-11', '2011-12', '2012/13'])])[0]).toMatchObject({ periodType: 'financial-year', mixed: false });
  });
  test('4-digit numbers are years only when the name says so', () => {
    const [a, b] = recogniseRoles([col('seizures', [2005, 1998, 2010], 'BIGINT'), col('year', [2005, 1998, 2010], 'BIGINT')]);
    expect([brief(a), brief(b)]).toEqual(['measure:count:sum', 'period:calendar-year']);
  });
  test.each([
    ['Rate per 100k population', [12.5, 3.25], 'DOUBLE', 'measure:rate:avg'],
    ['Detection %', [12.5, 3.25], 'DOUBLE', 'measure:percentage:avg'],
    ['change', ['-3.2%', '4.0%', 'n/a'], 'VARCHAR', 'measure:percentage:avg'],
    ['value', ['£1,234', '-', '£12'], 'VARCHAR', 'measure:gbp:sum'],
    ['difference', [-3, 4.5], 'DOUBLE', 'measure:other:avg'],
    ['score', [3.5, 4.5], 'DOUBLE', 'measure:other:sum'],
    ['objectid', [1, 2, 3], 'INTEGER', 'dimension'],
    ['flag', [true, false], 'BOOLEAN', 'dimension'],
    ['Threat', ['Drugs', 'MSHT', 'Cyber', 'Loan sharks'], 'VARCHAR', 'threat'],
    ['category', ['Drugs', 'Burglary'], 'VARCHAR', 'threat'],
    ['category', ['Drugs', 'Burglary', 'Robbery'], 'VARCHAR', 'dimension'],
    ['ROCU', ['NWROCU', 'Tarian', 'EMSOU', 'London'], 'VARCHAR', 'region'],
    ['when', [new Date('2024-01-31'), new Date('2024-02-29')], 'DATE', 'period:date'],
  ])('%s %j (%s) → %s', (name, sample, type, expected) => {
    expect(brief(recogniseRoles([col(name, sample, type)])[0])).toBe(expected);
  });
  test('confidence is within 0–1 and a force column of codes is a force column', () => {
    const [r] = recogniseRoles([col('pfa', ['E23000001', 'W15000004', 'E23000034'])]);
    expect(r.role).toBe('force');
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });
});

describe('aggregate labels', () => {
  test.each([
    ['Total', true], ['*Total', true], ['Total North East ', true], ['Total England and Wales', true], ['England & Wales', true],
    ['England and Wales', true], ['All forces', true], ['Total 43 forces', true], ['Grand total', true], ['UK', true],
    ['Kent', false], ['Totally Kent', false], ['Wales', false], ['North Wales', false], ['Total non-discharge', true],
  ])('isTotalLabel(%j) = %s', (label, expected) => {
    expect(isTotalLabel(label)).toBe(expected);
  });
  test.each([
    ['North East', true], ['Wales', true], ['East of England', true], ['West Midlands', false], ['London', true], ['Kent', false],
    ['Central Service Secondments', false], ['Total 43 forces', true],
  ])('in a force column, isForceAggregate(%j) = %s', (label, expected) => {
    expect(isForceAggregate(label)).toBe(expected);
  });
  test.each([
    ['North West', 'north-west'], ['NWROCU', 'north-west'], ['Tarian', 'southern-wales'], ['Yorkshire & the Humber', 'yorkshire-and-the-humber'],
    ['Yorkshire and Humber', 'yorkshire-and-the-humber'], ['eastern region', 'eastern'], ['London', 'london'], ['East of England', undefined], ['', undefined],
  ])('matchRegion(%j) → %s', (label, id) => {
    expect(matchRegion(label)?.id).toBe(id);
  });
  test('readPeriod prefers the column’s type', () => {
    expect(readPeriod('2011-12')?.type).toBe('financial-year');
    expect(readPeriod('2011-12', 'month')?.label).toBe('2011-12');
    expect(readPeriod('2012-13', 'month')?.label).toBe('2012/13');
  });
});

// Issue 17: column names and cell values are the user's text; Object.prototype's member names are ordinary text.
describe('issue 17: columns and values named like Object.prototype members', () => {
  test('each column gets its own role; a force column holding "constructor" reports it unmatched', () => {
    const roles = recogniseRoles([
      { name: 'force', type: 'VARCHAR', sample: ['Kent', 'Essex', 'constructor'] },
      { name: 'constructor', type: 'VARCHAR', sample: ['Ferrari', 'McLaren', 'Ferrari'] },
      { name: 'toString', type: 'VARCHAR', sample: ['a', 'b', 'c'] },
      { name: '__proto__', type: 'VARCHAR', sample: ['x', 'y', 'z'] },
      { name: 'count', type: 'BIGINT', sample: [3n, 5n, 7n] },
    ]);
    expect(roles.map((r) => `${r.name}:${brief(r)}`)).toEqual([
      'force:force',
      'constructor:dimension',
      'toString:dimension',
      '__proto__:dimension',
      'count:measure:count:sum',
    ]);
    expect(matchRegion('constructor')).toBeUndefined();
    expect(matchRegion('__proto__')).toBeUndefined();
  });
});
