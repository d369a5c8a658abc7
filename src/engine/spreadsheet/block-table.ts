/** A sheet's block as an Arrow table for insertArrowTable, built without Arrow's `new Function` builders (CSP). */
import * as arrow from 'apache-arrow';
import { boolVector, dateDayVector, float64Vector, utf8Vector } from '../arrow-columns';
import type { BlockValue, SheetBlock } from './sheet-blocks';

/** The block's rows as a table, one column per block column, typed as the block decided. */
export function blockToTable(block: SheetBlock): arrow.Table {
  const columns: Record<string, arrow.Vector> = {};
  block.columns.forEach((col, j) => {
    const values: BlockValue[] = block.rows.map((r) => r[j] ?? null);
    switch (col.kind) {
      case 'number':
        columns[col.name] = float64Vector(values as (number | null)[]);
        break;
      case 'date':
        columns[col.name] = dateDayVector(values as (Date | null)[]);
        break;
      case 'boolean':
        columns[col.name] = boolVector(values as (boolean | null)[]);
        break;
      case 'text':
        columns[col.name] = utf8Vector(values as (string | null)[]);
        break;
    }
  });
  return new arrow.Table(columns);
}
