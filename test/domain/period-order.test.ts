import { describe, expect, test } from 'vitest';
import { comparePeriods, isPeriodHeader, latestPeriod } from '../../src/domain/period-order';
import { sortPeriods } from '../../src/domain/view-defaults';

const IOPC_FY = ['04/05', '05/06', '06/07', '07/08', '08/09', '09/10', '10/11', '11/12', '12/13', '13/14', '14/15', '15/16', '16/17', '17/18', '18/19', '19/20'];
const MID_YEARS = ['Mid-2023', 'Mid-2022', 'Mid-2021', 'Mid-2020', 'Mid-2019', 'Mid-2018', 'Mid-2017', 'Mid-2016', 'Mid-2015', 'Mid-2014', 'Mid-2013', 'Mid-2012', 'Mid-2011'];

// Headers read from the real files in ../shared/testdata (police/, spreadsheets/, reference/).
describe('isPeriodHeader', () => {
  test.each([
    ...IOPC_FY, 'September 2018', 'March 2019', 'September 2019', 'Sep-18', 'Mar-19', ...MID_YEARS, '2002', '2016', "Apr '10 to Mar '11",
    "Apr '07 to Mar '083", "Apr '11 to Mar '125, 6", '30 September 2006', '10/11*', '15/16**', '16/17~', '2019 [note 3]', 'FY 2019/20', '2019-20',
    '2019/2020', 'year ending March 2019', '12 months ending 31-03-2003', 'As at 31 March 2023', 'Mid 2019', '2019-06', 'June 2019', 'Q1 2020',
  ])('%j is a period', (h) => expect(isPeriodHeader(h)).toBe(true));

  test.each([
    'Total', 'Authority', 'Force/Region', 'Police force', 'Total non-discharge', 'ytd', 'Not stated', 'number', '%', 'Area Code', 'Area Name',
    'Code', 'Name', 'Geography', 'All ages', '0', '17', '90', 'Under 11 years', '11 - 17 years', '18 - 34 years', '65 and over',
    'Estimated Population mid-2023', '2023 people per sq. km', 'Population figures\n (mid-2016)4  rounded to 100', 'Change in 12 months',
    'Financial year', 'Rolling year total number of offences', '12 months ending', 'Mid-year', 'As at:', 'Total number of incidents', '',
  ])('%j is not a period', (h) => expect(isPeriodHeader(h)).toBe(false));
});

describe('comparePeriods and latestPeriod', () => {
  test.each([
    [[...IOPC_FY, 'Total'], '19/20'],
    [MID_YEARS, 'Mid-2023'],
    [['September 2018', 'March 2019', 'September 2019'], 'September 2019'],
    [['Sep-18', 'Mar-19', 'Sep-19', 'number', '%'], 'Sep-19'],
    [['12 months ending 30-09-2018', '12 months ending 31-03-2019', '12 months ending 31-12-2018'], '12 months ending 31-03-2019'],
    [['year ending March 2019', 'year ending June 2019', 'year ending December 2018'], 'year ending June 2019'],
    [['As at 31 March 2021', 'As at 31 March 2023', 'As at 31 March 2022'], 'As at 31 March 2023'],
    [['18/19', '19/20*', '17/18'], '19/20*'],
    [["Apr '16 to Mar '17", "Apr '17 to Mar '185, 6", "Apr '15 to Mar '16"], "Apr '17 to Mar '185, 6"],
    [['Q4 2019', 'Q1 2020', 'Q3 2019'], 'Q1 2020'],
    [['2019-06', '2019-12', '2019-09'], '2019-12'],
    // By end date: the financial year 2019/20 ends after the calendar year 2019.
    [['2019/20', '2019', '2018/19'], '2019/20'],
    [['Total', 'Notes', 'zzz'], undefined],
    [[], undefined],
  ])('%j → %j', (labels, latest) => {
    expect(latestPeriod(labels)).toBe(latest);
  });

  test('sorts every form by end date then start, unparsed labels last as text', () => {
    const shuffled = ['Total', 'Mid-2019', '2019/20', 'Q1 2019', '2019', '12 months ending 31-03-2019', 'As at 31 March 2020', 'June 2019', 'Notes', '2018'];
    expect([...shuffled].sort(comparePeriods)).toEqual([
      '2018', '12 months ending 31-03-2019', 'Q1 2019', 'June 2019', 'Mid-2019', '2019', '2019/20', 'As at 31 March 2020', 'Notes', 'Total',
    ]);
    expect(sortPeriods(shuffled)).toEqual([...shuffled].sort(comparePeriods));
  });

  test('two spellings of one period sort together, as text', () => {
    expect(['FY 2019/20', '2018/19', '2019/20'].sort(comparePeriods)).toEqual(['2018/19', '2019/20', 'FY 2019/20']);
    expect(comparePeriods('2019/20', '2019/20')).toBe(0);
  });
});
