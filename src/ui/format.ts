import { IntervalUnit, Precision, TimeUnit, Type } from 'apache-arrow';
import type { Data, DataType, Dictionary, Vector } from 'apache-arrow';

// Every Arrow value kind is turned into text, a sort key or a type name here and nowhere else.
// Shapes below are what apache-arrow 13 returns for DuckDB-WASM 1.28.0 results (DESIGN.md §7):
// HUGEINT and DECIMAL arrive as Decimal128 whose values are 4-word Uint32Array subclasses
// (two's complement, little-endian, scale not applied), BIGINT as bigint, DATE as JS Date,
// TIMESTAMP as epoch milliseconds (a float for µs/ns), TIME64 as bigint, INTERVAL as
// MONTH_DAY_NANO, which arrow 13's getter misreads (see columnReader).

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

/** True for columns whose values are numbers (shown right-aligned). */
export function isNumericType(type: DataType): boolean {
  if (type.typeId === Type.Dictionary) return isNumericType((type as Dictionary).dictionary);
  return type.typeId === Type.Int || type.typeId === Type.Float || type.typeId === Type.Decimal;
}

/** The DuckDB name of the SQL type behind an Arrow type, e.g. `BIGINT`, `DECIMAL(10,3)`. */
export function duckdbTypeName(type: DataType): string {
  const t = type as DataType & Record<string, any>;
  switch (type.typeId) {
    case Type.Null: return 'NULL';
    case Type.Bool: return 'BOOLEAN';
    case Type.Int: {
      const names = t.isSigned ? INT_NAMES : UINT_NAMES;
      return names[t.bitWidth as 8 | 16 | 32 | 64];
    }
    case Type.Float: return t.precision === Precision.DOUBLE ? 'DOUBLE' : 'FLOAT';
    // DuckDB exports HUGEINT as decimal(38,0) (Arrow has no 128-bit integer); a declared
    // DECIMAL(38,0) column looks the same, and HUGEINT (every integer SUM) is by far the more common.
    case Type.Decimal: return t.precision === 38 && t.scale === 0 ? 'HUGEINT' : `DECIMAL(${t.precision},${t.scale})`;
    case Type.Utf8: return 'VARCHAR';
    case Type.Binary: case Type.FixedSizeBinary: return 'BLOB';
    case Type.Date: return 'DATE';
    case Type.Timestamp:
      if (t.timezone) return 'TIMESTAMP WITH TIME ZONE';
      return ['TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP', 'TIMESTAMP_NS'][t.unit as TimeUnit];
    case Type.Time: return 'TIME';
    case Type.Interval: return 'INTERVAL';
    case Type.List: return `${duckdbTypeName(t.children[0].type)}[]`;
    case Type.FixedSizeList: return `${duckdbTypeName(t.children[0].type)}[${t.listSize}]`;
    case Type.Struct:
      return `STRUCT(${t.children.map((f: { name: string; type: DataType }) => `${f.name} ${duckdbTypeName(f.type)}`).join(', ')})`;
    case Type.Map: return `MAP(${duckdbTypeName(t.keyType)}, ${duckdbTypeName(t.valueType)})`;
    case Type.Dictionary: return duckdbTypeName(t.dictionary);
    case Type.Union: return 'UNION';
    default: return String(type).toUpperCase();
  }
}

const INT_NAMES = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' } as const;
const UINT_NAMES = { 8: 'UTINYINT', 16: 'USMALLINT', 32: 'UINTEGER', 64: 'UBIGINT' } as const;

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

/** A non-null cell's text; check `isNull` first, since the caller shows NULL its own way. */
export function cellText(value: unknown, type: DataType, grouping = true): string {
  return text(value, type, grouping);
}

/**
 * Whether a column's numbers read better with thousands separators. Years,
 * codes and identifiers do not: "2,023" for a year is wrong to every reader.
 */
export function groupsDigits(columnName: string): boolean {
  return !/(^|[^a-z])(year|yr|fy|id|code|no|num|number|phone|postcode|zip|urn|ref)s?([^a-z]|$)/i.test(columnName);
}

function text(value: unknown, type: DataType, grouping: boolean): string {
  if (isNull(value)) return grouping ? '' : 'null';
  const t = type as DataType & Record<string, any>;
  switch (type.typeId) {
    case Type.Int:
      if (typeof value === 'number' || typeof value === 'bigint') return integerText(value, grouping);
      break;
    case Type.Float:
      if (typeof value === 'number') return floatText(value, grouping);
      break;
    case Type.Decimal:
      if (isWords(value)) return decimalText(wordsToBigInt(value), t.scale, grouping);
      if (typeof value === 'bigint') return decimalText(value, t.scale, grouping);
      break;
    case Type.Bool: return value ? 'true' : 'false';
    case Type.Utf8:
      if (typeof value === 'string') return value;
      break;
    case Type.Binary: case Type.FixedSizeBinary:
      if (value instanceof Uint8Array) return bytesText(value.length);
      break;
    case Type.Date: return dateText(value);
    case Type.Timestamp: return timestampText(value, t.unit, Boolean(t.timezone));
    case Type.Time:
      if (typeof value === 'number' || typeof value === 'bigint') return timeText(value, t.unit);
      break;
    case Type.Interval: return intervalValueText(value, t.unit);
    case Type.List: case Type.FixedSizeList:
      if (isIterable(value)) return `[${Array.from(value, (v) => nested(v, t.children[0].type)).join(', ')}]`;
      break;
    case Type.Struct:
      return `{${t.children
        .map((f: { name: string; type: DataType }) => `${keyText(f.name)}: ${nested((value as Record<string, unknown>)[f.name], f.type)}`)
        .join(', ')}}`;
    case Type.Map:
      if (isIterable(value)) {
        return `{${Array.from(value as Iterable<[unknown, unknown]>, ([k, v]) => `${nested(k, t.keyType)}: ${nested(v, t.valueType)}`).join(', ')}}`;
      }
      break;
    case Type.Dictionary: return text(value, t.dictionary, grouping);
  }
  return fallbackText(value, grouping);
}

// Inside lists, structs and maps: strings are quoted (they may hold commas), numbers are ungrouped.
function nested(value: unknown, type: DataType): string {
  if (isNull(value)) return 'null';
  const isString = type.typeId === Type.Utf8 ||
    (type.typeId === Type.Dictionary && (type as Dictionary).dictionary.typeId === Type.Utf8);
  return isString ? JSON.stringify(String(value)) : text(value, type, false);
}

function keyText(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
}

// For types this module does not know, or values not shaped as expected: still never `[object Object]`.
function fallbackText(value: unknown, grouping: boolean): string {
  switch (typeof value) {
    case 'string': return value;
    case 'number': return floatText(value, grouping);
    case 'bigint': return integerText(value, grouping);
    case 'boolean': return value ? 'true' : 'false';
    case 'object': break;
    default: return String(value);
  }
  if (value instanceof Date) return timestampText(value.getTime(), TimeUnit.MILLISECOND, false);
  if (isWords(value) && (value as unknown as Record<symbol, unknown>)[BIGNUM]) return integerText(wordsToBigInt(value), grouping);
  if (value instanceof Uint8Array) return bytesText(value.length);
  if (isIterable(value)) return `[${Array.from(value, (v) => fallbackText(v, false)).join(', ')}]`;
  const entries = Object.entries(value as object);
  return `{${entries.map(([k, v]) => `${keyText(k)}: ${isNull(v) ? 'null' : typeof v === 'string' ? JSON.stringify(v) : fallbackText(v, false)}`).join(', ')}}`;
}

const BIGNUM = Symbol.for('isArrowBigNum');

function isWords(value: unknown): value is Uint32Array | Int32Array {
  return value instanceof Uint32Array || value instanceof Int32Array;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function bytesText(n: number): string {
  return `<${groupDigits(String(n))} ${n === 1 ? 'byte' : 'bytes'}>`;
}

/** A little-endian two's-complement word array (arrow's Decimal/HUGEINT value) as a bigint. */
export function wordsToBigInt(words: ArrayLike<number>): bigint {
  let n = 0n;
  for (let i = words.length - 1; i >= 0; i--) n = (n << 32n) | BigInt(words[i] >>> 0);
  const top = words.length > 0 ? words[words.length - 1] >>> 31 : 0;
  return top ? n - (1n << BigInt(32 * words.length)) : n;
}

function groupDigits(digits: string): string {
  const sign = digits.startsWith('-') ? '-' : '';
  const body = sign ? digits.slice(1) : digits;
  return sign + body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function integerText(n: number | bigint, grouping: boolean): string {
  if (typeof n === 'number' && !Number.isInteger(n)) return floatText(n, grouping);
  const s = typeof n === 'bigint' ? n.toString() : n.toFixed(0);
  return grouping ? groupDigits(s) : s;
}

function decimalText(unscaled: bigint, scale: number, grouping: boolean): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${grouping ? groupDigits(whole) : whole}${fraction}`;
}

const FLOAT_FORMATS = new Map<string, Intl.NumberFormat>();
function floatFormat(grouping: boolean, small: boolean): Intl.NumberFormat {
  const key = `${grouping}${small}`;
  let f = FLOAT_FORMATS.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', small
      ? { maximumSignificantDigits: 6, useGrouping: grouping }
      : { maximumFractionDigits: 6, useGrouping: grouping });
    FLOAT_FORMATS.set(key, f);
  }
  return f;
}

// At most 6 decimals (6 significant digits below 1, so 0.0000123 does not become 0); rounding to
// 15 significant digits first removes binary noise such as 0.1 + 0.2 = 0.30000000000000004.
function floatText(x: number, grouping: boolean): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e21 || abs < 1e-6) return Number(x.toPrecision(6)).toExponential();
  return floatFormat(grouping, abs < 1).format(Number(x.toPrecision(15)));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function ymd(d: Date): string {
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  return `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

// arrow 13 gives DATE as a JS Date at UTC midnight; arrow 17+ gives epoch milliseconds.
function dateText(value: unknown): string {
  const d = value instanceof Date ? value : new Date(Number(value));
  return Number.isNaN(d.getTime()) ? fallbackText(value, false) : ymd(d);
}

// Arrow 13 gives epoch milliseconds as a float for every unit; microseconds survive (2^53 µs is
// year 2255), nanoseconds do not.
function timestampText(value: unknown, unit: TimeUnit, utc: boolean): string {
  const ms = value instanceof Date ? value.getTime() : Number(value);
  if (!Number.isFinite(ms)) return fallbackText(value, false);
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return fallbackText(value, false);
  const fraction = unit === TimeUnit.SECOND ? '' : fractionText(micros - seconds * 1e6, 6);
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${ymd(d)} ${hms}${fraction}${utc ? '+00' : ''}`;
}

function fractionText(n: number | bigint, digits: number): string {
  if (n === 0 || n === 0n) return '';
  return `.${String(n).padStart(digits, '0').replace(/0+$/, '')}`;
}

const NANOS_PER_UNIT = [1_000_000_000n, 1_000_000n, 1_000n, 1n];

function timeText(value: number | bigint, unit: TimeUnit): string {
  const count = typeof value === 'bigint' ? value : BigInt(Math.round(value));
  return clockText(count * NANOS_PER_UNIT[unit]);
}

// hh:mm:ss[.fraction]; hours may exceed 24, as in DuckDB intervals.
function clockText(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const totalSeconds = abs / 1_000_000_000n;
  const h = totalSeconds / 3600n;
  const m = (totalSeconds / 60n) % 60n;
  const s = totalSeconds % 60n;
  const p = (n: bigint) => n.toString().padStart(2, '0');
  return `${sign}${p(h)}:${p(m)}:${p(s)}${fractionText(abs % 1_000_000_000n, 9)}`;
}

function intervalValueText(value: unknown, unit: IntervalUnit): string {
  if (typeof value === 'object' && value !== null && 'months' in value) {
    const v = value as MonthDayNano;
    return intervalText(v.months, v.days, v.nanoseconds);
  }
  if (isWords(value)) {
    // arrow 13's own getters: DAY_TIME → [days, milliseconds], YEAR_MONTH → [years, months].
    if (unit === IntervalUnit.DAY_TIME) return intervalText(0, value[0], BigInt(value[1]) * 1_000_000n);
    if (unit === IntervalUnit.YEAR_MONTH) return intervalText(value[0] * 12 + value[1], 0, 0n);
  }
  return fallbackText(value, false);
}

/** DuckDB's interval text: `1 year 2 months 3 days 04:05:06.5`. */
export function intervalText(months: number, days: number, nanoseconds: bigint): string {
  const parts: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${Math.abs(n) === 1 ? '' : 's'}`;
  const years = Math.trunc(months / 12);
  const rest = months % 12;
  if (years) parts.push(plural(years, 'year'));
  if (rest) parts.push(plural(rest, 'month'));
  if (days) parts.push(plural(days, 'day'));
  if (nanoseconds !== 0n || parts.length === 0) parts.push(clockText(nanoseconds));
  return parts.join(' ');
}

/** The status line under a result, e.g. `1,000,000 rows in 123 ms`. */
export function resultSummary(rowCount: number, elapsedMs?: number): string {
  const rows = `${groupDigits(String(rowCount))} ${rowCount === 1 ? 'row' : 'rows'}`;
  return elapsedMs === undefined || !Number.isFinite(elapsedMs) ? rows : `${rows} in ${groupDigits(Math.round(elapsedMs).toFixed(0))} ms`;
}

/** A primitive that orders like the value: number, bigint, string, or null for NULL. */
export function sortKey(value: unknown, type: DataType): number | bigint | string | null {
  if (isNull(value)) return null;
  const t = type as DataType & Record<string, any>;
  switch (type.typeId) {
    case Type.Int: case Type.Float: case Type.Time:
      if (typeof value === 'number' || typeof value === 'bigint') return value;
      break;
    // Unscaled integers: every value of a column has the same scale.
    case Type.Decimal:
      if (isWords(value)) return wordsToBigInt(value);
      if (typeof value === 'bigint') return value;
      break;
    case Type.Bool: return value ? 1 : 0;
    case Type.Utf8: return String(value);
    case Type.Date: case Type.Timestamp:
      return value instanceof Date ? value.getTime() : Number(value);
    case Type.Interval:
      // DuckDB orders intervals with a month as 30 days.
      if (typeof value === 'object' && value !== null && 'months' in value) {
        const v = value as MonthDayNano;
        return (BigInt(v.months) * 30n + BigInt(v.days)) * 86_400_000_000_000n + v.nanoseconds;
      }
      break;
    case Type.Dictionary: return sortKey(value, t.dictionary);
  }
  return cellText(value, type);
}

const collator = new Intl.Collator('en-GB');

/** Orders two sort keys: nulls last, numbers and bigints numerically (NaN after numbers), strings by en-GB collation. */
export function compareKeys(a: unknown, b: unknown): number {
  if (isNull(a)) return isNull(b) ? 0 : 1;
  if (isNull(b)) return -1;
  const numA = typeof a === 'number' || typeof a === 'bigint';
  const numB = typeof b === 'number' || typeof b === 'bigint';
  if (numA && numB) {
    const nanA = Number.isNaN(a);
    const nanB = Number.isNaN(b);
    if (nanA || nanB) return nanA === nanB ? 0 : nanA ? 1 : -1;
    // `<` between number and bigint compares exact values.
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (numA !== numB) return numA ? -1 : 1;
  return collator.compare(String(a), String(b));
}

/** Orders two values of a column of `type` (nulls last). */
export function compareValues(a: unknown, b: unknown, type: DataType): number {
  return compareKeys(sortKey(a, type), sortKey(b, type));
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
    const row: Record<string, unknown> = {};
    for (const c of readers) row[c.name] = plainValue(c.read(r), c.type);
    rows[r] = row;
  }
  return rows;
}
