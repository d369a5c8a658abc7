import type { WideTable } from '../domain';
import { ident } from './sql';
import { longViewName } from './own-objects';

function unique(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  let name = base;
  for (let i = 2; lower.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  return name;
}

/** The names the long view gives its period and value columns (`period`, `value`, or `period_2`… on a clash). */
export function longColumns(wide: WideTable): { period: string; value: string } {
  const period = unique('period', wide.idColumns);
  return { period, value: unique('value', [...wide.idColumns, period]) };
}

/**
 * `CREATE OR REPLACE VIEW "<table>_long" AS UNPIVOT …`: the id columns, then the period header as `period` and the
 * cell as `value`. Excluded columns (a trailing Total) are left out, so sums over the long view do not double.
 * DuckDB 0.9.1's UNPIVOT has no INCLUDE NULLS: empty cells give no row.
 */
export function longViewSql(table: string, wide: WideTable, options: { view?: string } = {}): string {
  const { period, value } = longColumns(wide);
  const periods = wide.periodColumns.map((c) => ident(c.name));
  const inner = [...wide.idColumns.map(ident), ...periods].join(', ');
  const view = options.view ?? longViewName(table);
  return `CREATE OR REPLACE VIEW ${ident(view)} AS\nUNPIVOT (SELECT ${inner} FROM ${ident(table)})\nON ${periods.join(', ')}\nINTO NAME ${ident(period)} VALUE ${ident(value)}`;
}
