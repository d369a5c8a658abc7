import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toRows } from '../../src/charts';
import { decimalVector } from '../helpers/arrow-vectors';

describe('toRows (issue 13: charts read HUGEINT, DECIMAL and BIGINT as numbers)', () => {
  it('turns an Arrow result of every number kind into plain numbers', () => {
    const sums = [123_456_789n, -42n];
    const money = [1_050n, -7n]; // DECIMAL(10,2): 10.50 and -0.07
    const table = new arrow.Table({
      force: arrow.vectorFromArray(['Kent', 'Essex']),
      total: decimalVector(sums, 38, 0),
      cash: decimalVector(money, 10, 2),
      n: arrow.makeVector(new BigInt64Array([5n, 6n])),
    });
    expect(toRows(table)).toEqual([
      { force: 'Kent', total: Number(sums[0]), cash: Number(money[0]) / 100, n: 5 },
      { force: 'Essex', total: Number(sums[1]), cash: Number(money[1]) / 100, n: 6 },
    ]);
  });

  it('turns a bigint in plain rows into a number', () => {
    expect(toRows([{ a: 3n, b: 'x' }])).toEqual([{ a: 3, b: 'x' }]);
  });
});
