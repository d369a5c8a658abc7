/**
 * The one place where SQL text is quoted. Every identifier and literal the app
 * puts into SQL passes through here, so a file called `O'Brien "final".csv` or
 * a column called `select` can never change what a statement means.
 */

/** Quote an identifier (table, view or column name) for DuckDB: `Force name` → `"Force name"`. */
export function ident(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`invalid identifier: ${JSON.stringify(name)}`);
  if (name.includes('\u0000')) throw new TypeError(`invalid identifier (contains NUL): ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal: `O'Brien` → `'O''Brien'`. */
export function str(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`invalid string literal: ${String(value)}`);
  if (value.includes('\u0000')) throw new TypeError('invalid string literal (contains NUL)');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A numeric literal; refuses NaN and infinities, which have no SQL spelling. */
export function num(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new TypeError(`invalid numeric literal: ${value}`);
  return String(value);
}

/** A literal of any supported JS value: null, boolean, number, bigint or string. */
export function literal(value: null | boolean | number | bigint | string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return str(value);
  return num(value);
}
