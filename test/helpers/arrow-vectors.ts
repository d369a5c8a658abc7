/** Arrow 13 vectors built with its own factories (makeData), shaped as DuckDB-WASM 1.28.0 results are. */
import * as arrow from 'apache-arrow';

/** A validity bitmap with NULL where the value is null. */
export function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8) || 1);
  let nullCount = 0;
  values.forEach((v, i) => (v === null ? nullCount++ : (nullBitmap[i >> 3] |= 1 << (i % 8))));
  return { nullBitmap, nullCount };
}

/** A Decimal128 column (DuckDB's HUGEINT is decimal(38,0)) from unscaled values. */
export function decimalVector(unscaled: (bigint | null)[], precision: number, scale: number): arrow.Vector {
  const words = new Uint32Array(unscaled.length * 4);
  const view = new DataView(words.buffer);
  unscaled.forEach((v, i) => {
    if (v === null) return;
    const u = BigInt.asUintN(128, v);
    view.setBigUint64(i * 16, BigInt.asUintN(64, u), true);
    view.setBigUint64(i * 16 + 8, u >> 64n, true);
  });
  const type = new arrow.Decimal(scale, precision, 128);
  return arrow.makeVector(arrow.makeData({ type, length: unscaled.length, data: words, ...validity(unscaled) }));
}

export function bigintData(type: arrow.DataType, values: (bigint | null)[]): arrow.Vector {
  const data = new BigInt64Array(values.map((v) => v ?? 0n));
  return arrow.makeVector(arrow.makeData({ type, length: values.length, data: new Int32Array(data.buffer), ...validity(values) } as never));
}

/** MONTH_DAY_NANO rows laid out as the Arrow format (and DuckDB) writes them. */
export function monthDayNanoVector(rows: ([number, number, bigint] | null)[]): arrow.Vector {
  const words = new Int32Array(rows.length * 4);
  const view = new DataView(words.buffer);
  rows.forEach((r, i) => {
    if (!r) return;
    view.setInt32(i * 16, r[0], true);
    view.setInt32(i * 16 + 4, r[1], true);
    view.setBigInt64(i * 16 + 8, r[2], true);
  });
  const type = new arrow.Interval(arrow.IntervalUnit.MONTH_DAY_NANO);
  return arrow.makeVector(arrow.makeData({ type, length: rows.length, data: words, ...validity(rows) }));
}

/** Epoch milliseconds of a UTC date and time. */
export const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => Date.UTC(y, m, d, h, min, s, ms);
