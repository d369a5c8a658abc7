import { describe, expect, test } from 'vitest';
import { financialYear, parsePeriod, parsePeriodCandidates } from '../../src/domain/periods';

const FY_2023 = { type: 'financial-year', label: '2023/24', start: '2023-04-01', end: '2024-03-31' };

describe('parsePeriod: financial years', () => {
  test.each([
    '2023/24', '2023-24', '2023/2024', '2023-2024', 'FY23/24', 'FY 2023-24', 'fy2023/24', 'FY 23-24', '23/24',
    '2023–24', ' 2023 / 24 ', '2023 to 2024', 'Year ending March 2024', 'YE Mar 2024', 'April 2023 to March 2024',
    'Apr 2023 - Mar 2024',
  ])('%j → 2023/24', (text) => {
    expect(parsePeriod(text)).toEqual(FY_2023);
  });

  test.each([
    ['04/05', '2004/05', '2004-04-01'],
    ['99/00', '1999/00', '1999-04-01'],
    ['1999/2000', '1999/00', '1999-04-01'],
    ['2019/20', '2019/20', '2019-04-01'],
  ])('%j → %s starting %s', (text, label, start) => {
    expect(parsePeriod(text)).toMatchObject({ type: 'financial-year', label, start });
  });
});

describe('parsePeriod: other types', () => {
  test.each([
    ['2023', 'calendar-year', '2023', '2023-01-01', '2023-12-31'],
    ['2023.0', 'calendar-year', '2023', '2023-01-01', '2023-12-31'],
    ['Q1 2023', 'quarter', '2023 Q1', '2023-01-01', '2023-03-31'],
    ['2023 Q1', 'quarter', '2023 Q1', '2023-01-01', '2023-03-31'],
    ['2023-Q1', 'quarter', '2023 Q1', '2023-01-01', '2023-03-31'],
    ['2023q4', 'quarter', '2023 Q4', '2023-10-01', '2023-12-31'],
    ['Q1 2023/24', 'quarter', '2023/24 Q1', '2023-04-01', '2023-06-30'],
    ['2023/24 Q4', 'quarter', '2023/24 Q4', '2024-01-01', '2024-03-31'],
    ['Q3 FY23/24', 'quarter', '2023/24 Q3', '2023-10-01', '2023-12-31'],
    ['2023-04', 'month', '2023-04', '2023-04-01', '2023-04-30'],
    ['Apr 2023', 'month', '2023-04', '2023-04-01', '2023-04-30'],
    ['April 2023', 'month', '2023-04', '2023-04-01', '2023-04-30'],
    ['Sept 2023', 'month', '2023-09', '2023-09-01', '2023-09-30'],
    ['Feb-24', 'month', '2024-02', '2024-02-01', '2024-02-29'],
    ['2023-04-05', 'date', '2023-04-05', '2023-04-05', '2023-04-05'],
    ['05/04/2023', 'date', '2023-04-05', '2023-04-05', '2023-04-05'],
    ['5/4/2023', 'date', '2023-04-05', '2023-04-05', '2023-04-05'],
    ['05.04.2023', 'date', '2023-04-05', '2023-04-05', '2023-04-05'],
    ['5 April 2023', 'date', '2023-04-05', '2023-04-05', '2023-04-05'],
    ['29/02/2024', 'date', '2024-02-29', '2024-02-29', '2024-02-29'],
    ['05/04/2023 00:00', 'date', '2023-04-05', '2023-04-05', '2023-04-05'],
    ['2019-08-01T00:30:00+01:00', 'date', '2019-08-01', '2019-08-01', '2019-08-01'],
  ])('%j → %s %s (%s … %s)', (text, type, label, start, end) => {
    expect(parsePeriod(text)).toEqual({ type, label, start, end });
  });
});

describe('parsePeriod: rejects', () => {
  test.each([
    '', '   ', '2023/25', '2023-2025', '22/24', '2024/23', '23/2024', '12-13', 'FY24', '2023/04', 'Q5 2023', 'Q1',
    '2023-13', '2023-00', '31/04/2023', '29/02/2023', '2023-02-30', 'Apr 23', 'Smarch 2023', '1899', '21000',
    'Year ending June 2024', 'April 2023 to March 2025', 'n/a', '..', '-', 'Total', '2023/24a',
  ])('%j → undefined', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
});

describe('parsePeriodCandidates', () => {
  test('"2011-12" reads as a financial year first, then as December 2011', () => {
    expect(parsePeriodCandidates('2011-12').map((p) => `${p.type} ${p.label}`)).toEqual(['financial-year 2011/12', 'month 2011-12']);
  });

  test('unambiguous labels have one reading', () => {
    expect(parsePeriodCandidates('2019-20')).toHaveLength(1);
    expect(parsePeriodCandidates('2023-04')).toHaveLength(1);
    expect(parsePeriodCandidates('nonsense')).toEqual([]);
  });
});

test('financialYear(2023) is April 2023 to March 2024', () => {
  expect(financialYear(2023)).toEqual(FY_2023);
});
