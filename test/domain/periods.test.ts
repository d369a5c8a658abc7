import { describe, expect, test } from 'vitest';
import { financialYear, parsePeriod, parsePeriodCandidates, periodContext, readPeriodLabel } from '../../src/domain/periods';

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
    'April 2023 to March 2025', 'n/a', '..', '-', 'Total', '2023/24a',
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

// Issue 12 item 3: every period form real Home Office, ONS and IOPC tables use.
describe('parsePeriod: forms of real tables (issue 12)', () => {
  test.each([
    // Financial years in all spellings.
    ['04/05', 'financial-year', '2004/05', '2004-04-01', '2005-03-31'],
    ['FY 2019/20', 'financial-year', '2019/20', '2019-04-01', '2020-03-31'],
    ['2019-20', 'financial-year', '2019/20', '2019-04-01', '2020-03-31'],
    ['2019/2020', 'financial-year', '2019/20', '2019-04-01', '2020-03-31'],
    ["Apr '10 to Mar '11", 'financial-year', '2010/11', '2010-04-01', '2011-03-31'],
    ['Apr ’16 to Mar ’17', 'financial-year', '2016/17', '2016-04-01', '2017-03-31'],
    ['1 April 2017 to 31 March 2018', 'financial-year', '2017/18', '2017-04-01', '2018-03-31'],
    ['year ending March 2019', 'financial-year', '2018/19', '2018-04-01', '2019-03-31'],
    // Rolling 12 months ending a date: the Home Office's quarterly recorded-crime series, ONS's "year ending June".
    ['12 months ending 31-03-2003', 'rolling-year', '12 months ending 31 Mar 2003', '2002-04-01', '2003-03-31'],
    ['12 months ending 30-06-2007', 'rolling-year', '12 months ending 30 Jun 2007', '2006-07-01', '2007-06-30'],
    ['12 months ending March 2019', 'rolling-year', '12 months ending 31 Mar 2019', '2018-04-01', '2019-03-31'],
    ['Year ending June 2025', 'rolling-year', '12 months ending 30 Jun 2025', '2024-07-01', '2025-06-30'],
    ['12 months ending 29-02-2024', 'rolling-year', '12 months ending 29 Feb 2024', '2023-03-01', '2024-02-29'],
    ['12 months ending 28-02-2025', 'rolling-year', '12 months ending 28 Feb 2025', '2024-03-01', '2025-02-28'],
    ['12 months ending 15-03-2023', 'rolling-year', '12 months ending 15 Mar 2023', '2022-03-16', '2023-03-15'],
    // Points in time: "as at" dates and mid-year estimates (30 June).
    ['As at 31 March 2023', 'point', 'As at 31 Mar 2023', '2023-03-31', '2023-03-31'],
    ['As at: 30 Sep 2019', 'point', 'As at 30 Sep 2019', '2019-09-30', '2019-09-30'],
    ['Mid-2019', 'point', 'Mid-2019', '2019-06-30', '2019-06-30'],
    ['Mid 2019', 'point', 'Mid-2019', '2019-06-30', '2019-06-30'],
    ['Mid-year 2016', 'point', 'Mid-2016', '2016-06-30', '2016-06-30'],
    // Months and quarters.
    ['2019-06', 'month', '2019-06', '2019-06-01', '2019-06-30'],
    ['June 2019', 'month', '2019-06', '2019-06-01', '2019-06-30'],
    ['Sep-18', 'month', '2018-09', '2018-09-01', '2018-09-30'],
    ['Q1 2020', 'quarter', '2020 Q1', '2020-01-01', '2020-03-31'],
  ])('%j → %s %j (%s … %s)', (text, type, label, start, end) => {
    expect(parsePeriod(text)).toEqual({ type, label, start, end });
  });

  test('every canonical label reads back as itself', () => {
    for (const text of ['12 months ending 31-03-2003', 'As at 31 March 2023', 'Mid-2019', 'Year ending June 2025']) {
      const p = parsePeriod(text)!;
      expect(parsePeriodCandidates(p.label).find((x) => x.type === p.type)).toEqual(p);
    }
  });

  test('"year ending March 2019" is a financial year first, and a rolling year for a column of quarterly year-ends', () => {
    expect(parsePeriodCandidates('year ending March 2019').map((p) => `${p.type} ${p.label}`)).toEqual([
      'financial-year 2018/19', 'rolling-year 12 months ending 31 Mar 2019',
    ]);
  });

  test.each(['11 - 17 years', 'Estimated Population mid-2023', '2023 people per sq. km', 'Mid-year', '17~', '12 months ending', 'As at 31 April 2023', 'Mid-1899', '90'])(
    'not a period: %j',
    (text) => expect(parsePeriod(text)).toBeUndefined(),
  );
});

describe('readPeriodLabel: footnote markers read as notes', () => {
  test.each([
    ['10/11*', '2010/11', '*'],
    ['15/16**', '2015/16', '**'],
    ['16/17~', '2016/17', '~'],
    ['2019 [note 3]', '2019', '[note 3]'],
    ['2019/20 (p)', '2019/20', '(p)'],
    ['2019†', '2019', '†'],
    ['2019²', '2019', '²'],
    // Glued footnote numbers, as in the Home Office and ONS workbooks' titles and headers.
    ['30 September 20191', '2019-09-30', '1'],
    ['201910,11', '2019', '10,11'],
    ['20191*', '2019', '1*'],
    ["Apr '07 to Mar '083", '2007/08', '3'],
    ["Apr '11 to Mar '125, 6", '2011/12', '5, 6'],
    ['year ending March 20181,2,3', '2017/18', '1,2,3'],
    ['2019/20', '2019/20', undefined],
  ])('%j → %s, note %j', (text, label, note) => {
    const r = readPeriodLabel(text);
    expect([r.readings[0]?.label, r.note]).toEqual([label, note]);
  });

  test.each(['*', '[note 3]', 'Total*', '12345', '2019/2010', '18 - 34 years'])('%j has no period and no note', (text) => {
    expect(readPeriodLabel(text)).toEqual({ readings: [] });
  });
});

describe('periodContext: a header that gives bare years a day', () => {
  test.each([
    ['As at 31 March', { kind: 'as-at', month: 3, day: 31 }, 'As at 31 Mar 2023', '2023-03-31'],
    ['As at 30 September each year', { kind: 'as-at', month: 9, day: 30 }, 'As at 30 Sep 2023', '2023-09-30'],
    ['Mid-year', { kind: 'mid-year' }, 'Mid-2023', '2023-06-30'],
    ['Mid-year population estimate', { kind: 'mid-year' }, 'Mid-2023', '2023-06-30'],
  ])('%j: 2023 → %j', (header, context, label, day) => {
    expect(periodContext(header)).toEqual(context);
    expect(parsePeriod('2023', periodContext(header))).toEqual({ type: 'point', label, start: day, end: day });
    // Labels that are periods on their own keep their reading.
    expect(parsePeriod('2019/20', periodContext(header))?.label).toBe('2019/20');
  });

  test.each(['12 months ending', 'Year ending', '12 months to:', 'Rolling year ending'])('%j: dates and months end rolling years, years stay years', (header) => {
    const context = periodContext(header);
    expect(context).toEqual({ kind: 'rolling-year' });
    expect(parsePeriod('31-03-2003', context)).toEqual({ type: 'rolling-year', label: '12 months ending 31 Mar 2003', start: '2002-04-01', end: '2003-03-31' });
    expect(parsePeriod('2003-03-31T00:00:00.000Z', context)?.label).toBe('12 months ending 31 Mar 2003');
    expect(parsePeriod('Jun 2019', context)).toMatchObject({ type: 'rolling-year', start: '2018-07-01', end: '2019-06-30' });
    expect(parsePeriod('2019', context)?.type).toBe('calendar-year');
  });

  test.each(['Year', 'As at 31 March 2023', 'As at 31 April', 'Estimated Population mid-2023', 'Mid-2019', '12 months ending 31-03-2003', ''])('no context: %j', (header) => {
    expect(periodContext(header)).toBeUndefined();
  });
});
