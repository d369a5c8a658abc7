/**
 * Reading values out of Arrow results: the one place that knows the shapes apache-arrow 13 returns for DuckDB-WASM
 * 1.28.0 (DESIGN.md §7) — HUGEINT and DECIMAL as Decimal128 4-word arrays, BIGINT as bigint, DATE as JS Date,
 * TIMESTAMP as epoch milliseconds, INTERVAL as MONTH_DAY_NANO, which arrow 13's getter misreads.
 */
import { IntervalUnit, Type } from 'apache-arrow';
import type { Data, DataType, Dictionary, Vector } from 'apache-arrow';

/** An INTERVAL as DuckDB stores it, read from the raw MONTH_DAY_NANO buffer. */
export interface MonthDayNano {
  months: number;
  days: number;
  nanoseconds: bigint;
}

/** True for SQL NULL as Arrow delivers it; the empty string is a value, not NULL. */
export function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}


/**
 * A function reading row `i` of a column, correcting what arrow 13 gets wrong.
 * Use it instead of `vector.get(i)`; it returns null for NULL.
 */
export function columnReader(vector: Vector): (row: number) => unknown {
  const type = vector.type as DataType & { unit?: number };
  if (type.typeId === Type.Interval && type.unit === IntervalUnit.MONTH_DAY_NANO) return monthDayNanoReader(vector);
  return (row) => vector.get(row);
}

/** All values of a column, read once (for sorting). */
export function columnValues(vector: Vector): unknown[] {
  const read = columnReader(vector);
  const out = new Array<unknown>(vector.length);
  for (let i = 0; i < out.length; i++) out[i] = read(i);
  return out;
}

// arrow 13's getter treats MONTH_DAY_NANO as YEAR_MONTH and reads values[row]; the buffer really
// holds 16 bytes per row: months int32, days int32, nanoseconds int64 (the Arrow columnar format
// spec, section "Fixed-size Primitive Layout"). Results from
// DuckDB are unsliced, so the row is at 4 * index within each chunk's values.
function monthDayNanoReader(vector: Vector): (row: number) => unknown {
  const chunks = vector.data as Data[];
  const starts: number[] = [];
  let total = 0;
  for (const chunk of chunks) {
    starts.push(total);
    total += chunk.length;
  }
  return (row) => {
    if (row < 0 || row >= total) return null;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    const chunk = chunks[lo];
    const local = row - starts[lo];
    if (!chunk.getValid(local)) return null;
    const words = chunk.values as Int32Array;
    const at = 4 * local;
    const nanoseconds = (BigInt(words[at + 3]) << 32n) | BigInt(words[at + 2] >>> 0);
    return { months: words[at], days: words[at + 1], nanoseconds } satisfies MonthDayNano;
  };
}

/** True for a Decimal/HUGEINT value as arrow 13 gives it: little-endian two's-complement 32-bit words. */
export function isWords(value: unknown): value is Uint32Array | Int32Array {
  return value instanceof Uint32Array || value instanceof Int32Array;
}

/** A little-endian two's-complement word array (arrow's Decimal/HUGEINT value) as a bigint. */
export function wordsToBigInt(words: ArrayLike<number>): bigint {
  let n = 0n;
  for (let i = words.length - 1; i >= 0; i--) n = (n << 32n) | BigInt(words[i] >>> 0);
  const top = words.length > 0 ? words[words.length - 1] >>> 31 : 0;
  return top ? n - (1n << BigInt(32 * words.length)) : n;
}

/**
 * A cell as a plain JS value for charting: BIGINT, HUGEINT and DECIMAL as numbers (precision beyond 2^53 is lost,
 * which a chart cannot show anyway), dates as Date, text as text, NULL as null.
 */
export function plainValue(value: unknown, type: DataType): unknown {
  if (isNull(value)) return null;
  if (type.typeId === Type.Dictionary) return plainValue(value, (type as Dictionary).dictionary);
  if (type.typeId === Type.Decimal) {
    const scale = (type as DataType & { scale: number }).scale;
    const unscaled = typeof value === 'bigint' ? value : isWords(value) ? wordsToBigInt(value) : undefined;
    return unscaled === undefined ? value : Number(unscaled) / 10 ** scale;
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** The rows of an Arrow result as plain objects (see plainValue), for charts. */
export function plainRows(table: { schema: { fields: { name: string; type: DataType }[] }; numRows: number; getChildAt(i: number): Vector | null }): Record<string, unknown>[] {
  const readers = table.schema.fields.map((f, i) => ({ name: f.name, type: f.type, read: columnReader(table.getChildAt(i)!) }));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    // No prototype: a column called "__proto__" or "constructor" is a key like any other (issue 17).
    const row = Object.create(null) as Record<string, unknown>;
    for (const c of readers) row[c.name] = plainValue(c.read(r), c.type);
    rows[r] = row;
  }
  return rows;
}
