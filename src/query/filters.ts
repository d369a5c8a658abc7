/** WHERE conditions for a view: multi-select filters, the period range and total rows. Literals go through sql.ts. */
import { isNumericType, type FilterValue, type PeriodRange } from '../domain';
import { ident, literal, num, str } from './sql';

/** A filter value as a literal of the column's type: `'2023'` for text, `2023` for numbers. */
export function valueLiteral(value: Exclude<FilterValue, null>, type: string): string {
  if (typeof value === 'boolean') return literal(value);
  if (isNumericType(type)) {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? num(n) : str(String(value));
  }
  if (type.toUpperCase() === 'BOOLEAN' && typeof value === 'string' && /^(true|false)$/i.test(value)) return literal(/^true$/i.test(value));
  return str(String(value));
}

/** `expr IN (…)` for a value list, with `OR expr IS NULL` when the list holds null. */
export function inCondition(expr: string, values: readonly FilterValue[], type: string): string {
  const present = values.filter((v): v is Exclude<FilterValue, null> => v !== null);
  const hasNull = present.length < values.length;
  const list = [...new Set(present.map((v) => valueLiteral(v, type)))];
  const parts: string[] = [];
  if (list.length === 1) parts.push(`${expr} = ${list[0]}`);
  else if (list.length > 1) parts.push(`${expr} IN (${list.join(', ')})`);
  if (hasNull) parts.push(`${expr} IS NULL`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** `column IN (…)` for a multi-select filter on a column of the given type. */
export function filterCondition(column: string, values: readonly FilterValue[], type: string): string {
  return inCondition(ident(column), values, type);
}

/** Inclusive bounds on the period column; canonical period labels sort in time order. */
export function periodRangeConditions(column: string, range: PeriodRange, type: string): string[] {
  const out: string[] = [];
  if (range.from !== undefined) out.push(`${ident(column)} >= ${valueLiteral(range.from, type)}`);
  if (range.to !== undefined) out.push(`${ident(column)} <= ${valueLiteral(range.to, type)}`);
  return out;
}

/** Leave out aggregate rows ("Total England and Wales") marked by a boolean column. */
export function notTotalCondition(column: string): string {
  return `NOT coalesce(${ident(column)}, FALSE)`;
}

/** Conditions joined with AND, or undefined when there are none. */
export function and(conditions: readonly string[]): string | undefined {
  return conditions.length === 0 ? undefined : conditions.join('\n    AND ');
}
