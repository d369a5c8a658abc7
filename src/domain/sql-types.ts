/** What kind of values a DuckDB type name holds, as information_schema and DESCRIBE spell them. */

const INTEGER_NAMES = 'TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT[1248]';
// Anchored at both ends: a list (`INTEGER[]`), struct or map of numbers is not a number.
const NUMERIC = new RegExp(`^(?:${INTEGER_NAMES}|FLOAT|FLOAT[48]|REAL|DOUBLE|(?:DECIMAL|NUMERIC)(?:\\s*\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\))?)$`, 'i');
const INTEGER = new RegExp(`^(?:${INTEGER_NAMES})$`, 'i');
const TEMPORAL = /^(?:DATE|TIMESTAMP.*|DATETIME)$/i;

/** Whether a DuckDB type name is numeric (`BIGINT`, `UHUGEINT`, `FLOAT4`, `DECIMAL(10,2)`, `DOUBLE`). */
export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

/** Whether a DuckDB type name is a whole-number type. */
export function isIntegerType(type: string): boolean {
  return INTEGER.test(type.trim());
}

/** True for DuckDB date and timestamp types (not TIME or INTERVAL). */
export function isTemporalType(type: string): boolean {
  return TEMPORAL.test(type.trim());
}
