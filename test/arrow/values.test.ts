import { createRequire } from 'node:module';
import * as arrow from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, columnReader, duckdbTypeName, intervalText, isNull, isNumericArrowType, wordsToBigInt } from '../../src/arrow';
import { bigintData, decimalVector, monthDayNanoVector, utc } from '../helpers/arrow-vectors';

// Vectors are built with arrow 13's own factories (makeData / vectorFromArray), so every value
// below is the object its getters really return, not a hand-made imitation.

/** Each row's cell as the grid shows it: null for NULL, else cellText. */
function texts(vector: arrow.Vector): (string | null)[] {
  const read = columnReader(vector);
  return Array.from({ length: vector.length }, (_, i) => {
    const v = read(i);
    return isNull(v) ? null : cellText(v, vector.type);
  });
}

describe('isNull', () => {
  it.each([
    [null, true],
    [undefined, true],
    ['', false],
    [0, false],
    [0n, false],
    [false, false],
  ])('%o → %s', (value, expected) => expect(isNull(value)).toBe(expected));

  it('keeps NULL and the empty string apart', () => {
    expect(texts(arrow.vectorFromArray(['', null, 'x'], new arrow.Utf8()))).toEqual(['', null, 'x']);
  });
});

describe('integers', () => {
  it.each([
    [new arrow.Int8(), [-128, 0, null], ['-128', '0', null]],
    [new arrow.Int32(), [1234567, -1000, 999, null], ['1,234,567', '-1,000', '999', null]],
    [new arrow.Uint32(), [4294967295], ['4,294,967,295']],
  ])('%s', (type, values, expected) => {
    expect(texts(arrow.vectorFromArray(values, type as arrow.DataType))).toEqual(expected);
  });

  it('prints BIGINT beyond 2^53 exactly', () => {
    const v = arrow.vectorFromArray([2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, null], new arrow.Int64());
    expect(typeof v.get(0)).toBe('bigint');
    expect(texts(v)).toEqual(['9,007,199,254,740,993', '-9,223,372,036,854,775,808', '9,223,372,036,854,775,807', null]);
  });

  it('prints UBIGINT max exactly', () => {
    expect(texts(arrow.vectorFromArray([2n ** 64n - 1n], new arrow.Uint64()))).toEqual(['18,446,744,073,709,551,615']);
  });
});

describe('HUGEINT and DECIMAL (arrow 13 Decimal128)', () => {
  const hugeint = decimalVector([45n, -45n, 2n ** 127n - 1n, -(2n ** 127n), 0n, 2n ** 64n, null], 38, 0);

  it('arrive as 4-word Uint32Array values whose own toString ignores the scale', () => {
    const value = hugeint.get(1);
    expect(value).toBeInstanceOf(Uint32Array);
    expect(Array.from(value as Uint32Array)).toEqual([4294967251, 4294967295, 4294967295, 4294967295]);
    expect(String(value)).toBe('-45');
    expect(String(decimalVector([-12345n], 10, 3).get(0))).toBe('-12345');
  });

  it('print exactly, with separators', () => {
    expect(texts(hugeint)).toEqual([
      '45',
      '-45',
      '170,141,183,460,469,231,731,687,303,715,884,105,727',
      '-170,141,183,460,469,231,731,687,303,715,884,105,728',
      '0',
      '18,446,744,073,709,551,616',
      null,
    ]);
    expect(duckdbTypeName(hugeint.type)).toBe('HUGEINT');
  });

  it.each([
    [10, 3, -12345n, '-12.345'],
    [10, 3, -500n, '-0.500'],
    [10, 3, 5n, '0.005'],
    [10, 3, -5n, '-0.005'],
    [18, 2, 123456789n, '1,234,567.89'],
    [38, 4, 1234567890123456781234n, '123,456,789,012,345,678.1234'],
    [38, 10, -(10n ** 37n), '-1,000,000,000,000,000,000,000,000,000.0000000000'],
    [4, 1, 15n, '1.5'],
  ])('DECIMAL(%i,%i) %s → %s', (precision, scale, unscaled, expected) => {
    expect(texts(decimalVector([unscaled], precision, scale))).toEqual([expected]);
  });

  it('wordsToBigInt reads two’s complement of any width', () => {
    expect(wordsToBigInt(new Uint32Array([0xffffffff, 0xffffffff]))).toBe(-1n);
    expect(wordsToBigInt(new Uint32Array([1, 0, 0, 0]))).toBe(1n);
    expect(wordsToBigInt(new Uint32Array([0, 0, 0, 0x80000000]))).toBe(-(2n ** 127n));
  });
});

describe('floats', () => {
  it.each([
    [0.1 + 0.2, '0.3'],
    [1234567.891, '1,234,567.891'],
    [1 / 3, '0.333333'],
    [2 / 3, '0.666667'],
    [-2.5, '-2.5'],
    [100, '100'],
    [0.0000123456789, '0.0000123457'],
    [1e-7, '1e-7'],
    [123456789012.345678, '123,456,789,012.346'],
    [1e15 + 0.3, '1,000,000,000,000,000'],
    [1e21, '1e+21'],
    [-0, '0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('DOUBLE %s → %s', (value, expected) => {
    expect(texts(arrow.vectorFromArray([value], new arrow.Float64()))).toEqual([expected]);
  });

  it('drops FLOAT (single) noise', () => {
    expect(texts(arrow.vectorFromArray([1.1, 0.1, null], new arrow.Float32()))).toEqual(['1.1', '0.1', null]);
  });
});

describe('dates and times', () => {
  it('DATE (Date32, a JS Date in arrow 13)', () => {
    const v = arrow.vectorFromArray([new Date(utc(2024, 2, 31)), new Date(utc(1969, 11, 31)), null], new arrow.DateDay());
    expect(v.get(0)).toBeInstanceOf(Date);
    expect(texts(v)).toEqual(['2024-03-31', '1969-12-31', null]);
  });

  it('DATE as Date64 and as epoch milliseconds (arrow 17+)', () => {
    expect(texts(arrow.vectorFromArray([new Date(utc(2024, 0, 2))], new arrow.DateMillisecond()))).toEqual(['2024-01-02']);
    expect(cellText(utc(2024, 2, 31), new arrow.DateDay())).toBe('2024-03-31');
  });

  it.each([
    [new arrow.TimestampMicrosecond(), BigInt(utc(2024, 2, 31, 12, 34, 56)) * 1000n, '2024-03-31 12:34:56'],
    [new arrow.TimestampMicrosecond(), BigInt(utc(2024, 2, 31, 12, 34, 56, 789)) * 1000n, '2024-03-31 12:34:56.789'],
    [new arrow.TimestampMicrosecond(), BigInt(utc(2024, 2, 31, 12, 34, 56)) * 1000n + 123456n, '2024-03-31 12:34:56.123456'],
    [new arrow.TimestampMicrosecond(), -500000n, '1969-12-31 23:59:59.5'],
    [new arrow.TimestampMicrosecond('UTC'), BigInt(utc(2024, 2, 31, 12, 34, 56)) * 1000n, '2024-03-31 12:34:56+00'],
    [new arrow.TimestampSecond(), BigInt(utc(2024, 2, 31, 23, 59, 59)) / 1000n, '2024-03-31 23:59:59'],
    [new arrow.TimestampMillisecond(), BigInt(utc(2000, 0, 1)), '2000-01-01 00:00:00'],
    [new arrow.TimestampNanosecond(), BigInt(utc(2024, 0, 1)) * 1000000n + 123456000n, '2024-01-01 00:00:00.123456'],
  ])('%s %s → %s', (type, raw, expected) => {
    expect(texts(bigintData(type, [raw, null]))).toEqual([expected, null]);
  });

  it.each([
    [new arrow.TimeMicrosecond(), 45296500000n, '12:34:56.5'],
    [new arrow.TimeNanosecond(), 1n, '00:00:00.000000001'],
  ])('TIME64 %s %s → %s', (type, raw, expected) => {
    const v = arrow.makeVector(arrow.makeData({ type, length: 1, data: new BigInt64Array([raw]) } as never));
    expect(typeof v.get(0)).toBe('bigint');
    expect(texts(v)).toEqual([expected]);
  });

  it('TIME32', () => {
    expect(texts(arrow.vectorFromArray([3723, null], new arrow.TimeSecond()))).toEqual(['01:02:03', null]);
    expect(texts(arrow.vectorFromArray([3723004], new arrow.TimeMillisecond()))).toEqual(['01:02:03.004']);
  });
});

describe('intervals', () => {
  const v = monthDayNanoVector([
    [0, 3, 0n],
    [14, 3, 14706500000000n],
    [0, 0, -93600000000000n],
    null,
    [-1, 0, 0n],
    [0, 0, 0n],
  ]);

  it('arrow 13’s getter misreads MONTH_DAY_NANO (why columnReader exists)', () => {
    expect(Array.from(v.get(1) as Int32Array)).toEqual([0, 3]);
  });

  it('reads MONTH_DAY_NANO from the buffer', () => {
    expect(texts(v)).toEqual([
      '3 days',
      '1 year 2 months 3 days 04:05:06.5',
      '-26:00:00',
      null,
      '-1 month',
      '00:00:00',
    ]);
  });

  it('reads DAY_TIME and YEAR_MONTH through arrow’s getters', () => {
    const dayTime = arrow.makeVector(arrow.makeData({ type: new arrow.IntervalDayTime(), length: 1, data: new Int32Array([3, 1500]) }));
    expect(texts(dayTime)).toEqual(['3 days 00:00:01.5']);
    const yearMonth = arrow.makeVector(arrow.makeData({ type: new arrow.IntervalYearMonth(), length: 1, data: new Int32Array([26]) }));
    expect(texts(yearMonth)).toEqual(['2 years 2 months']);
  });

  it('intervalText', () => {
    expect(intervalText(1, 1, 1_000_000_000n)).toBe('1 month 1 day 00:00:01');
  });
});

describe('other kinds', () => {
  it('BOOLEAN', () => {
    expect(texts(arrow.vectorFromArray([true, false, null], new arrow.Bool()))).toEqual(['true', 'false', null]);
  });

  it('VARCHAR as is, markup included', () => {
    const values = ["O'Brien", '<b>x</b>', '  padded ', 'a\tb'];
    expect(texts(arrow.vectorFromArray(values, new arrow.Utf8()))).toEqual(values);
  });

  it('dictionary-encoded strings', () => {
    const v = arrow.vectorFromArray(['a', null, '']);
    expect(v.type.typeId).toBe(arrow.Type.Dictionary);
    expect(texts(v)).toEqual(['a', null, '']);
    expect(duckdbTypeName(v.type)).toBe('VARCHAR');
  });

  it('BLOB as a byte count', () => {
    const v = arrow.vectorFromArray([new Uint8Array([1, 2]), new Uint8Array([7]), new Uint8Array(1234), null], new arrow.Binary());
    expect(texts(v)).toEqual(['<2 bytes>', '<1 byte>', '<1,234 bytes>', null]);
  });

  it('lists, with strings quoted and numbers ungrouped', () => {
    const ints = arrow.vectorFromArray([[1, 2, 1000000], [], null], new arrow.List(new arrow.Field('item', new arrow.Int32(), true)));
    expect(texts(ints)).toEqual(['[1, 2, 1000000]', '[]', null]);
    const strs = arrow.vectorFromArray([['a,b', null, '']], new arrow.List(new arrow.Field('item', new arrow.Utf8(), true)));
    expect(texts(strs)).toEqual(['["a,b", null, ""]']);
  });

  it('structs', () => {
    const type = new arrow.Struct([new arrow.Field('a', new arrow.Int32(), true), new arrow.Field('b c', new arrow.Utf8(), true)]);
    const v = arrow.vectorFromArray([{ a: 1, 'b c': 'x' }, { a: null, 'b c': 'y' }, null], type);
    expect(texts(v)).toEqual(['{a: 1, "b c": "x"}', '{a: null, "b c": "y"}', null]);
    expect(duckdbTypeName(type)).toBe('STRUCT(a INTEGER, b c VARCHAR)');
  });

  it('maps', () => {
    const entries = new arrow.Struct([new arrow.Field('key', new arrow.Utf8(), false), new arrow.Field('value', new arrow.Int32(), true)]);
    const type = new arrow.Map_(new arrow.Field('entries', entries));
    const v = arrow.vectorFromArray([new Map<string, number | null>([['a', 1], ['b', null]])], type);
    expect(texts(v)).toEqual(['{"a": 1, "b": null}']);
    expect(duckdbTypeName(type)).toBe('MAP(VARCHAR, INTEGER)');
  });

  it('never shows [object Object], whatever it is given', () => {
    const odd: [unknown, arrow.DataType][] = [
      [{ x: { y: 1 } }, new arrow.Int32()],
      [{ x: 1n }, new arrow.Utf8()],
      [[{ a: 1 }], new arrow.Null()],
      [new Date(0), new arrow.Null()],
      [new Uint32Array([1, 0, 0, 0]), new arrow.Float64()],
      [Symbol('s'), new arrow.Utf8()],
    ];
    for (const [value, type] of odd) expect(cellText(value, type)).not.toMatch(/\[object /);
  });
});

describe('duckdbTypeName and isNumericArrowType', () => {
  it.each([
    [new arrow.Int8(), 'TINYINT', true],
    [new arrow.Int16(), 'SMALLINT', true],
    [new arrow.Int32(), 'INTEGER', true],
    [new arrow.Int64(), 'BIGINT', true],
    [new arrow.Uint8(), 'UTINYINT', true],
    [new arrow.Uint64(), 'UBIGINT', true],
    [new arrow.Float32(), 'FLOAT', true],
    [new arrow.Float64(), 'DOUBLE', true],
    [new arrow.Decimal(0, 38), 'HUGEINT', true],
    [new arrow.Decimal(3, 10), 'DECIMAL(10,3)', true],
    [new arrow.Utf8(), 'VARCHAR', false],
    [new arrow.Bool(), 'BOOLEAN', false],
    [new arrow.Binary(), 'BLOB', false],
    [new arrow.DateDay(), 'DATE', false],
    [new arrow.TimestampMicrosecond(), 'TIMESTAMP', false],
    [new arrow.TimestampSecond(), 'TIMESTAMP_S', false],
    [new arrow.TimestampMillisecond(), 'TIMESTAMP_MS', false],
    [new arrow.TimestampNanosecond(), 'TIMESTAMP_NS', false],
    [new arrow.TimestampMicrosecond('UTC'), 'TIMESTAMP WITH TIME ZONE', false],
    [new arrow.TimeMicrosecond(), 'TIME', false],
    [new arrow.Interval(arrow.IntervalUnit.MONTH_DAY_NANO), 'INTERVAL', false],
    [new arrow.List(new arrow.Field('item', new arrow.Int32())), 'INTEGER[]', false],
    [new arrow.Null(), 'NULL', false],
  ])('%s → %s', (type, name, numeric) => {
    expect(duckdbTypeName(type)).toBe(name);
    expect(isNumericArrowType(type)).toBe(numeric);
  });
});

// The same values as DuckDB-WASM 1.28.0 itself writes them, through its node build (same wasm,
// same Arrow IPC, decoded by the require()d copy of arrow 13 — a second module instance, so this
// also shows format.ts does not depend on instanceof arrow classes).
describe('DuckDB-WASM 1.28.0 results', () => {
  // The part of the node build's API used here (its own typings are the browser build's).
  interface Duck {
    createDuckDB(bundles: object, logger: object, runtime: object): Promise<Db>;
    VoidLogger: new () => object;
    NODE_RUNTIME: object;
  }
  interface Db {
    instantiate(): Promise<unknown>;
    connect(): { query(sql: string): arrow.Table; close(): void };
    reset(): void;
  }
  let db: Db;
  let conn: ReturnType<Db['connect']>;

  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as Duck;
    const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
    db = await duckdb.createDuckDB(
      {
        mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
        eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
      },
      new duckdb.VoidLogger(),
      duckdb.NODE_RUNTIME,
    );
    await db.instantiate();
    conn = db.connect();
  }, 60_000);

  afterAll(() => {
    conn?.close();
    db?.reset();
  });

  it('formats every column of a mixed result', () => {
    const table = conn.query(`
      SELECT sum(x) AS s, -sum(x) * 1000000000000000000000 AS big_neg, 9007199254740993::BIGINT AS b,
             -12.345::DECIMAL(10,3) AS d, 0.1::DOUBLE + 0.2::DOUBLE AS f, DATE '2024-03-31' AS dt,
             TIMESTAMP '2024-03-31 12:34:56' AS ts, TIME '12:34:56.5' AS tm,
             INTERVAL '1 year 2 months 3 days 04:05:06.5' AS iv, [1, 2, 3] AS l, {'a': 1, 'b': 'x'} AS st,
             MAP([1, 2], ['a', 'b']) AS m, 'ab'::BLOB AS bl, '' AS empty, NULL::VARCHAR AS n, true AS bo
      FROM range(10) t(x)`);
    const row = Object.fromEntries(
      table.schema.fields.map((f: arrow.Field, i: number) => {
        const vector = table.getChildAt(i)!;
        const v = columnReader(vector)(0);
        return [f.name, [duckdbTypeName(f.type), isNull(v) ? null : cellText(v, f.type)]];
      }),
    );
    expect(row).toEqual({
      s: ['HUGEINT', '45'],
      big_neg: ['HUGEINT', '-45,000,000,000,000,000,000,000'],
      b: ['BIGINT', '9,007,199,254,740,993'],
      d: ['DECIMAL(10,3)', '-12.345'],
      f: ['DOUBLE', '0.3'],
      dt: ['DATE', '2024-03-31'],
      ts: ['TIMESTAMP', '2024-03-31 12:34:56'],
      tm: ['TIME', '12:34:56.5'],
      iv: ['INTERVAL', '1 year 2 months 3 days 04:05:06.5'],
      l: ['INTEGER[]', '[1, 2, 3]'],
      st: ['STRUCT(a INTEGER, b VARCHAR)', '{a: 1, b: "x"}'],
      m: ['MAP(INTEGER, VARCHAR)', '{1: "a", 2: "b"}'],
      bl: ['BLOB', '<2 bytes>'],
      empty: ['VARCHAR', ''],
      n: ['VARCHAR', null],
      bo: ['BOOLEAN', 'true'],
    });
  });

  it('reads MONTH_DAY_NANO across record batches', () => {
    const table = conn.query(`SELECT to_days(range::INTEGER) + INTERVAL 1 HOUR AS iv FROM range(5000)`);
    const vector = table.getChildAt(0)!;
    expect(vector.data.length).toBeGreaterThan(1);
    const read = columnReader(vector);
    expect(cellText(read(4321), vector.type)).toBe('4321 days 01:00:00');
  });
});
