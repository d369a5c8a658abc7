import { describe, expect, test } from 'vitest';
import { isRollingMeasure } from '../../src/domain/rolling';

const QUARTERLY = ['12 months ending 31-03-2003', '12 months ending 30-06-2007', '12 months ending 30-09-2007', '12 months ending 31-12-2007'];

describe('isRollingMeasure', () => {
  test.each([
    // The Home Office's recorded crime by police force area: rolling 12-month totals by quarter.
    ['Rolling year total number of offences', {}, true],
    ['Offences', { periodColumn: '12 months ending' }, true],
    ['Offences', { periodColumn: 'Period', periodValues: QUARTERLY }, true],
    ['12 months ending 31-03-2019', {}, true],
    ['Rolling 12 month total', {}, true],
    ['Cumulative arrests', {}, true],
    ['Offences', { periodValues: ['year ending March 2019', 'year ending June 2019', 'year ending September 2019'] }, true],
    ['Offences', { periodValues: ['Year ending June 2024', 'Year ending June 2025'] }, true],
    // Annual, monthly and point-in-time series are not rolling, however the periods are spelled.
    ['Number of offences', { periodValues: ['year ending March 2018', 'year ending March 2019'] }, false],
    ['disruptions', { periodColumn: 'financial_year', periodValues: ['2022/23', '2023/24', 'FY 2023/24'] }, false],
    ['Total', { periodColumn: 'ytd', periodValues: ['2017-03-31', '2018-03-31', '2019-03-31', '2020-03-31'] }, false],
    ['FTE', { periodColumn: 'period', periodValues: ['September 2018', 'March 2019', 'September 2019'] }, false],
    ['Population', { periodValues: ['Mid-2019', 'Mid-2020', 'Mid-2021'] }, false],
    ['value', { periodValues: ['2019', '2019/20', '2020/21'] }, false],
    ['Change in 12 months', {}, false],
    ['Deaths', { periodValues: ['04/05', '05/06', '19/20', 'Total'] }, false],
    ['Deaths', {}, false],
  ] as const)('%j %j → %s', (name, context, expected) => {
    expect(isRollingMeasure(name, context)).toBe(expected);
  });
});
