/**
 * Arrow vectors built straight from typed arrays. Arrow JS's builders
 * (`vectorFromArray`, `tableFromArrays`) compile code with `new Function`,
 * which the app's Content-Security-Policy forbids (no 'unsafe-eval'), so the
 * few column kinds the JSON and Parquet readers produce are assembled here.
 */
import * as arrow from 'apache-arrow';

type Maybe<T> = T | null | undefined;

function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

/** A DOUBLE column. */
export function float64Vector(values: readonly Maybe<number>[]): arrow.Vector {
  const data = Float64Array.from(values, (v) => v ?? 0);
  return arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: values.length, data, ...validity(values) }));
}

/** A BIGINT column. */
export function int64Vector(values: readonly Maybe<bigint>[]): arrow.Vector {
  const data = BigInt64Array.from(values, (v) => v ?? 0n);
  return arrow.makeVector(arrow.makeData({ type: new arrow.Int64(), length: values.length, data, ...validity(values) }));
}

/** A BOOLEAN column (bit-packed). */
export function boolVector(values: readonly Maybe<boolean>[]): arrow.Vector {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v) data[i >> 3] |= 1 << (i & 7);
  });
  return arrow.makeVector(arrow.makeData({ type: new arrow.Bool(), length: values.length, data, ...validity(values) }));
}

/** A VARCHAR column. */
export function utf8Vector(values: readonly Maybe<string>[]): arrow.Vector {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => (v === null || v === undefined ? new Uint8Array(0) : encoder.encode(v)));
  const valueOffsets = new Int32Array(values.length + 1);
  let total = 0;
  encoded.forEach((e, i) => {
    total += e.byteLength;
    valueOffsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  encoded.forEach((e, i) => data.set(e, valueOffsets[i]));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: values.length, valueOffsets, data, ...validity(values) }));
}

/** A DATE column (days since 1970-01-01), from dates at midnight. */
export function dateDayVector(values: readonly Maybe<Date>[]): arrow.Vector {
  // Rounded, not floored: a spreadsheet date read as local midnight east of UTC is 23:00 the day before in UTC.
  const data = Int32Array.from(values, (v) => (v ? Math.round(v.getTime() / 86_400_000) : 0));
  return arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: values.length, data, ...validity(values) }));
}
