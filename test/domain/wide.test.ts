import { describe, expect, test } from 'vitest';
import { periodContext } from '../../src/domain/periods';
import { detectWideTable } from '../../src/domain/wide';

const fy = ['04/05', '05/06', '06/07', '07/08', '08/09', '09/10', '10/11', '11/12', '12/13', '13/14', '14/15', '15/16', '16/17', '17/18', '18/19', '19/20'];

describe('detectWideTable', () => {
  test('IOPC deaths in custody: 16 financial-year columns, Authority as id, Total kept out', () => {
    const w = detectWideTable(['Authority', ...fy, 'Total'])!;
    expect(w.periodColumns.map((c) => c.name)).toEqual(fy);
    expect(w.periodColumns[0].period).toMatchObject({ type: 'financial-year', label: '2004/05', start: '2004-04-01' });
    expect(w.periodColumns[15].period.label).toBe('2019/20');
    expect([w.idColumns, w.excluded, w.periodType, w.mixed]).toEqual([['Authority'], ['Total'], 'financial-year', false]);
    expect(w.reason).toBe('16 period columns (financial year): 04/05 … 19/20; "Total" kept out');
  });

  test('Home Office officer FTE: month columns', () => {
    const w = detectWideTable(['Force/Region', 'September 2018', 'March 2019', 'September 2019'])!;
    expect(w.periodColumns.map((c) => c.period.label)).toEqual(['2018-09', '2019-03', '2019-09']);
    expect([w.idColumns, w.excluded, w.periodType]).toEqual([['Force/Region'], [], 'month']);
  });

  test.each([
    [['Force', '2019-20', '2020-21', 'Total'], 'financial-year', ['Force'], ['Total']],
    [['Force', 'Measure', '2019/20', '2020/21', '2021/22'], 'financial-year', ['Force', 'Measure'], []],
    [['Region', 'Q1 2023', 'Q2 2023', 'Q3 2023', 'Q4 2023', 'All quarters'], 'quarter', ['Region'], ['All quarters']],
    [['Force', '2019', '2020', '2021', 'Grand total'], 'calendar-year', ['Force'], ['Grand total']],
    [['Force', '2019/20', '2020/21', 'Notes'], 'financial-year', ['Force'], ['Notes']],
    [['Total', 'Force', 'FY 2019/20', 'FY 2020/21'], 'financial-year', ['Force'], ['Total']],
  ])('%j → %s', (names, type, ids, excluded) => {
    const w = detectWideTable(names)!;
    expect([w.periodType, w.idColumns, w.excluded]).toEqual([type, ids, excluded]);
  });

  test('months among headers read "2011-12" as a month, financial years as a financial year', () => {
    expect(detectWideTable(['x', '2011-10', '2011-11', '2011-12'])!.periodColumns.map((c) => c.period.type)).toEqual(['month', 'month', 'month']);
    expect(detectWideTable(['x', '2010-11', '2011-12', '2012-13'])!.periodColumns.map((c) => c.period.label)).toEqual(['2010/11', '2011/12', '2012/13']);
  });

  test('mixed period headers are flagged', () => {
    const w = detectWideTable(['Force', '2019', '2019/20', '2020/21'])!;
    expect([w.mixed, w.periodType, w.periodColumns.length]).toEqual([true, 'financial-year', 3]);
  });

  test.each([
    [['force', 'force_code', 'region', 'financial_year', 'threat_type', 'level', 'disruptions']],
    [['Force', 'Financial year', 'Disruptions', 'Cash seized (£)', 'Change on previous year', 'Notes']],
    [['id', 'Label', 'Population 2010']],
    [['Police force', 'Total', 'Drawn', 'ytd']],
    [['Force', '2019/20']],
    [[]],
  ])('not wide: %j', (names) => {
    expect(detectWideTable(names)).toBeUndefined();
  });
});

// Issue 12: header rows read from the real files in ../shared/testdata (written here as literals).
describe('detectWideTable on real headers (issue 12)', () => {
  const mid = ['Mid-2023', 'Mid-2022', 'Mid-2021', 'Mid-2020', 'Mid-2019', 'Mid-2018', 'Mid-2017', 'Mid-2016', 'Mid-2015', 'Mid-2014', 'Mid-2013', 'Mid-2012', 'Mid-2011'];

  test('IOPC deaths in custody: the latest column is 19/20, and Total is no period', () => {
    const w = detectWideTable(['Authority', ...fy, 'Total'])!;
    expect([w.latest, w.excluded, w.periodColumns.some((c) => c.name === 'Total')]).toEqual(['19/20', ['Total'], false]);
  });

  test('ONS mid-year estimates (reference/ons_mye_…xlsx, MYE4): Mid-2023 … Mid-2011, newest first', () => {
    const w = detectWideTable(['Code', 'Name', 'Geography', ...mid])!;
    expect([w.periodType, w.idColumns, w.excluded, w.latest, w.mixed]).toEqual(['point', ['Code', 'Name', 'Geography'], [], 'Mid-2023', false]);
    expect(w.periodColumns.at(-1)!.period).toEqual({ type: 'point', label: 'Mid-2011', start: '2011-06-30', end: '2011-06-30' });
    expect(w.reason).toBe('13 period columns (point): Mid-2023 … Mid-2011');
  });

  test('Home Office officer FTE: months, the latest last', () => {
    expect(detectWideTable(['Force/Region', 'September 2015', 'March 2016', 'September 2016'])!.latest).toBe('September 2016');
  });

  test('Home Office workforce tables (spreadsheets/ho_police_workforce_sep19_tables.ods): Sep-18, Mar-19, Sep-19 then change columns', () => {
    const w = detectWideTable(['Force', 'Sep-18', 'Mar-19', 'Sep-19', 'number', '%', 'number_2', '%_2'])!;
    expect([w.periodType, w.latest, w.excluded]).toEqual(['month', 'Sep-19', ['number', '%', 'number_2', '%_2']]);
  });

  test('ONS PFA tables (spreadsheets/ons_pfa_tables_ye_mar2018.xlsx, P7): "Apr \'07 to Mar \'083" with footnote numbers glued on', () => {
    const w = detectWideTable(['Area Code', 'Area Name', "Apr '07 to Mar '083", "Apr '08 to Mar '093", "Apr '10 to Mar '114", "Apr '11 to Mar '125, 6", "Apr '17 to Mar '185, 6"])!;
    expect(w.periodColumns.map((c) => [c.period.label, c.note])).toEqual([['2007/08', '3'], ['2008/09', '3'], ['2010/11', '4'], ['2011/12', '5, 6'], ['2017/18', '5, 6']]);
    expect([w.periodType, w.latest]).toEqual(['financial-year', "Apr '17 to Mar '185, 6"]);
  });

  test('ONS PFA tables, P9: bare years under a "Mid-year" header row are mid-year points; without it, calendar years', () => {
    const years = Array.from({ length: 15 }, (_, i) => String(2002 + i));
    const w = detectWideTable(['Area Code', 'Area Name', ...years], { context: periodContext('Mid-year') })!;
    expect([w.periodType, w.periodColumns[0].period.label, w.latest]).toEqual(['point', 'Mid-2002', '2016']);
    expect(detectWideTable(['Area Code', 'Area Name', ...years])!.periodType).toBe('calendar-year');
  });

  test.each([
    [['Force', '10/11*', '11/12', '15/16**', '16/17~', 'Total'], 'financial-year', '16/17~', [['10/11*', '*'], ['15/16**', '**'], ['16/17~', '~']]],
    [['Force', '2018', '2019 [note 3]', 'Total'], 'calendar-year', '2019 [note 3]', [['2019 [note 3]', '[note 3]']]],
    [['Force', 'Sep-18', 'Mar-19', 'Sep-19'], 'month', 'Sep-19', []],
    [['Force', 'Q4 2019', 'Q1 2020', 'Q2 2020', 'Total'], 'quarter', 'Q2 2020', []],
    [['PFA', '12 months ending 31-12-2018', '12 months ending 31-03-2019'], 'rolling-year', '12 months ending 31-03-2019', []],
    [['Force', 'As at 31 March 2022', 'As at 31 March 2023'], 'point', 'As at 31 March 2023', []],
  ])('%j: %s, latest %j, notes %j', (names, type, latest, notes) => {
    const w = detectWideTable(names)!;
    expect([w.periodType, w.latest, w.excluded.includes('Total') || !names.includes('Total')]).toEqual([type, latest, true]);
    expect(w.periodColumns.filter((c) => c.note !== undefined).map((c) => [c.name, c.note])).toEqual(notes);
  });

  test.each([
    // spreadsheets/ho_police_use_of_force_apr2019_mar2020_tables.ods Table_2 and Table_13: age bands and tactics, not periods.
    [['Type of force', 'Tactic', 'Under 11 years', '11 - 17 years', '18 - 34 years', '35 - 49 years', '50 - 64 years', '65 and over', 'Not reported', 'Total number of incidents']],
    [['Financial year', 'Region', 'Police force', 'Total', 'Total non-discharge', 'Drawn', 'Aimed', 'Red-dot', 'Arced', 'Total discharge', 'Drive stun', 'Fired', 'Angled drive stun', 'CED not stated']],
    // police/home-office/taser_use_by_force_by_year.csv: a long table with a period column.
    [['Police force', 'Total', 'Total non-discharge', 'Drawn', 'Aimed', 'Red-dot', 'Arced', 'Total discharge', 'Drive stun', 'Fired', 'Angled drive stun', 'Not stated', 'ytd']],
    // reference/ons_mye_…xlsx MYE2 (single years of age) and MYE5 (density): no header is a period.
    [['Code', 'Name', 'Geography', 'All ages', ...Array.from({ length: 91 }, (_, i) => String(i))]],
    [['Code', 'Name', 'Geography', 'Area (sq km)', 'Estimated Population mid-2023', '2023 people per sq. km', 'Estimated Population mid-2022', '2022 people per sq. km2']],
  ])('not wide: %j', (names) => {
    expect(detectWideTable(names)).toBeUndefined();
  });
});
