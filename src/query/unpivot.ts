import type { WideTable } from '../domain';
import { ident } from './sql';
import { longViewName } from './own-objects';

function unique(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  let name = base;
  for (let i = 2; lower.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  return name;
}

/** The names the long view gives its period and value columns (`period` and `value` or the name given, `_2`… on a clash). */
export function longColumns(wide: WideTable, valueName = 'value'): { period: string; value: string } {
  const period = unique('period', wide.idColumns);
  return { period, value: unique(valueName, [...wide.idColumns, period]) };
}

/**
 * `CREATE OR REPLACE VIEW "<table>_long" AS UNPIVOT …`: the id columns, then the period header as `period` and the
 * cell as `value`. Excluded columns (a trailing Total) are left out, so sums over the long view do not double.
 * DuckDB 0.9.1's UNPIVOT has no INCLUDE NULLS: empty cells give no row.
 */
export function longViewSql(table: string, wide: WideTable, options: { view?: string; value?: string } = {}): string {
  const { period, value } = longColumns(wide, options.value);
  const periods = wide.periodColumns.map((c) => ident(c.name));
  const inner = [...wide.idColumns.map(ident), ...periods].join(', ');
  const view = options.view ?? longViewName(table);
  return `CREATE OR REPLACE VIEW ${ident(view)} AS\nUNPIVOT (SELECT ${inner} FROM ${ident(table)})\nON ${periods.join(', ')}\nINTO NAME ${ident(period)} VALUE ${ident(value)}`;
}
