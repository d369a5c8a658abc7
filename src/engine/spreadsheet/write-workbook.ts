/**
 * Rows to an .xlsx file, written by SheetJS (the one spreadsheet library of the project). Cells are typed as given:
 * numbers as numbers, dates as dates, and text as text — a value like "=HYPERLINK(…)" is a string cell, never a formula
 * (the library writes a formula only for a cell given one, and we give none).
 */

/** A cell to write. */
export type SheetCellValue = string | number | boolean | Date | null;

/** One sheet to write: its name and its rows (the first row is the header). */
export interface SheetToWrite {
  name: string;
  rows: SheetCellValue[][];
}

/** The .xlsx bytes of these sheets, in order. */
export async function writeWorkbook(sheets: SheetToWrite[]): Promise<Uint8Array> {
  const xlsx = await import('@e965/xlsx');
  const wb = xlsx.utils.book_new();
  for (const s of sheets) {
    // Excel refuses sheet names over 31 characters or with []:*?/\ in them.
    const name = s.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
    xlsx.utils.book_append_sheet(wb, xlsx.utils.aoa_to_sheet(s.rows, { cellDates: true }), name);
  }
  const out = xlsx.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
