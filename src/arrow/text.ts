/**
 * Any Arrow value as the text DuckDB would print: what the grid shows (with thousands separators) and what CSV
 * exports write (without). Never `[object Object]`, whatever arrow 13 hands back.
 */
import { IntervalUnit, TimeUnit, Type } from 'apache-arrow';
import type { DataType, Dictionary } from 'apache-arrow';
import { isNull, isWords, wordsToBigInt, type MonthDayNano } from './read';

/** A non-null cell's text; check `isNull` first, since the caller shows NULL its own way. */
export function cellText(value: unknown, type: DataType, grouping = true): string {
  return text(value, type, grouping);
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

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function bytesText(n: number): string {
  return `<${groupDigits(String(n))} ${n === 1 ? 'byte' : 'bytes'}>`;
}

/** Digits with a comma every three places: `-1234567` → `-1,234,567`. */
export function groupDigits(digits: string): string {
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
