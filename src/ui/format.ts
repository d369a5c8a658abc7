/**
 * What the results grid shows beyond a value's text: whether a column's numbers want thousands separators, the
 * status line, and sort keys that order like the values.
 */
import { Type, type DataType } from 'apache-arrow';
import { cellText, groupDigits, isNull, isWords, wordsToBigInt, type MonthDayNano } from '../arrow';

/**
 * Whether a column's numbers read better with thousands separators. Years,
 * codes and identifiers do not: "2,023" for a year is wrong to every reader.
 */
export function groupsDigits(columnName: string): boolean {
  return !/(^|[^a-z])(year|yr|fy|id|code|no|num|number|phone|postcode|zip|urn|ref)s?([^a-z]|$)/i.test(columnName);
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
