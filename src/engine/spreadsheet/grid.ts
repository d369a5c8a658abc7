/**
 * A sheet as a grid of stored cells, independent of the library that read it: what the block finder
 * (sheet-blocks.ts) needs and nothing more, so it stays pure and is tested on plain arrays.
 */

/** A cell's stored value: what the file keeps, not the text a spreadsheet shows. */
export type CellValue = string | number | boolean | Date;

/** One non-empty cell. */
export interface GridCell {
  /** The stored value (ODS `office:value`, XLSX `<v>`): 672.76, not " 673 ". */
  value: CellValue;
  /** The displayed text: used only for header cells, where a person reads "Sep-18", not a date serial. */
  text: string;
  /** The cell's number format shows a percentage (the stored value stays the fraction). */
  percent?: boolean;
}

/** A merged range, 0-based and inclusive. */
export interface MergedRange {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** One sheet's cells, row by row (rows and cells may be missing: empty). */
export interface Grid {
  name: string;
  rows: (GridCell | undefined)[][];
  merges: MergedRange[];
}

/** "A", "B", …, "Z", "AA": the column letter a spreadsheet shows. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
