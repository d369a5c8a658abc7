/** Arrow values out of query results: reading them right, their text, plain rows for charts, type names. */
export type { MonthDayNano } from './read';
export { columnReader, columnValues, isNull, isWords, plainRows, plainValue, wordsToBigInt } from './read';
export { cellText, groupDigits, intervalText } from './text';
export { duckdbTypeName, isNumericArrowType } from './type-names';
