import { describe, expect, test } from 'vitest';
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
