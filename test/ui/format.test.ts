import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { cellText, columnValues, isNull } from '../../src/arrow';
import { compareValues, groupsDigits, resultSummary, sortKey } from '../../src/ui/format';
import { decimalVector, monthDayNanoVector, utc } from '../helpers/arrow-vectors';

describe('compareValues', () => {
  const sorted = (vector: arrow.Vector) =>
    columnValues(vector)
      .sort((a, b) => compareValues(a, b, vector.type))
      .map((v) => (isNull(v) ? null : cellText(v, vector.type)));

  it('puts nulls last and orders integers numerically', () => {
    expect(sorted(arrow.vectorFromArray([10, null, -3, 2, 100], new arrow.Int32()))).toEqual(['-3', '2', '10', '100', null]);
  });

  it('orders BIGINT beyond 2^53', () => {
    const v = arrow.vectorFromArray([2n ** 53n + 1n, 2n ** 53n, null, -(2n ** 62n), 5n], new arrow.Int64());
    expect(sorted(v)).toEqual(['-4,611,686,018,427,387,904', '5', '9,007,199,254,740,992', '9,007,199,254,740,993', null]);
  });

  it('orders HUGEINT and negative decimals by value, not by text', () => {
    expect(sorted(decimalVector([2n ** 100n, -1n, null, 9n, -(2n ** 100n), 10n], 38, 0))).toEqual([
      '-1,267,650,600,228,229,401,496,703,205,376', '-1', '9', '10', '1,267,650,600,228,229,401,496,703,205,376', null,
    ]);
    expect(sorted(decimalVector([-12345n, -500n, 5n, null, -5n], 10, 3))).toEqual(['-12.345', '-0.500', '-0.005', '0.005', null]);
  });

  it('orders doubles of mixed magnitude, NaN after numbers', () => {
    const v = arrow.vectorFromArray([1e10, NaN, -0.5, null, 2, 1e-9, -1e10], new arrow.Float64());
    expect(sorted(v)).toEqual(['-10,000,000,000', '-0.5', '1e-9', '2', '10,000,000,000', 'NaN', null]);
  });

  it('orders strings by en-GB collation, the empty string first and NULL last', () => {
    const v = arrow.vectorFromArray(['banana', null, 'Apple', '', 'apple', 'Éclair', 'cherry'], new arrow.Utf8());
    expect(sorted(v)).toEqual(['', 'apple', 'Apple', 'banana', 'cherry', 'Éclair', null]);
  });

  it('orders dates and intervals', () => {
    const dates = arrow.vectorFromArray([new Date(utc(2024, 2, 31)), null, new Date(utc(1999, 0, 1))], new arrow.DateDay());
    expect(sorted(dates)).toEqual(['1999-01-01', '2024-03-31', null]);
    const intervals = monthDayNanoVector([[1, 0, 0n], [0, 29, 0n], null, [0, 0, 1n]]);
    expect(sorted(intervals)).toEqual(['00:00:00.000000001', '29 days', '1 month', null]);
  });

  it('sortKey gives primitives', () => {
    expect(sortKey(decimalVector([-7n], 38, 0).get(0), new arrow.Decimal(0, 38))).toBe(-7n);
    expect(sortKey(new Date(utc(2024, 0, 1)), new arrow.DateDay())).toBe(utc(2024, 0, 1));
    expect(sortKey(null, new arrow.Int32())).toBeNull();
  });
});

describe('resultSummary', () => {
  it.each([
    [1_000_000, 123, '1,000,000 rows in 123 ms'],
    [1, undefined, '1 row'],
    [0, 4.6, '0 rows in 5 ms'],
    [12345, 1234.4, '12,345 rows in 1,234 ms'],
  ])('%i rows, %s ms → %s', (rows, ms, expected) => expect(resultSummary(rows, ms)).toBe(expected));
});

describe('groupsDigits', () => {
  it.each([
    ['disruptions', true],
    ['cash_seized_gbp', true],
    ['year', false],
    ['financial_year', false],
    ['inspection_year', false],
    ['force_code', false],
    ['ID', false],
    ['Contact Phone Number', false],
    ['yearly_total', true],
    ['population', true],
  ])('%s → %s', (name, expected) => expect(groupsDigits(name)).toBe(expected));

  it('prints a year without a separator', () => {
    expect(cellText(2023n, new arrow.Int64(), groupsDigits('year'))).toBe('2023');
    expect(cellText(2023n, new arrow.Int64(), groupsDigits('arrests'))).toBe('2,023');
  });
});
