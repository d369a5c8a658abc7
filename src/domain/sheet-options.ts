/**
 * The load options of a sheet's table, for when the block finder (src/engine/spreadsheet/sheet-blocks.ts) took the
 * wrong header or the wrong rows: which row is the header (and how many rows above it belong to it), and which cells
 * hold the table, as a spreadsheet user writes them ("A5:H60"). Left unset, each is found as before.
 */

/** Options of one sheet table's load; every field optional. Rows are numbered as the spreadsheet shows them (from 1). */
export interface SheetLoadOptions {
  /** The header row (the lowest one when the header spans rows); the data start under it. */
  headerRow?: number;
  /** How many rows the header spans, ending at `headerRow` (1–3); 1 when not given. */
  headerRows?: number;
  /** The cells that hold the table, header included: "A5:H60", "B:F" (whole columns), "5:60" (whole rows). */
  range?: string;
}

/** A cell range, 0-based and inclusive; `r1` or `c1` undefined when it runs to the sheet's end. */
export interface CellRange {
  r0: number;
  c0: number;
  r1?: number;
  c1?: number;
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** The 0-based index of a column letter ("A" → 0, "AA" → 26). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * An A1 range as a spreadsheet user writes it: "A5:H60", "$A$5:$H$60", "B:F" (whole columns), "5:60" (whole rows),
 * or one cell or column ("A5", "C"). Throws RangeError showing the value when it is none of these.
 */
export function parseA1Range(text: string): CellRange {
  const t = text.replace(/\$/g, '').trim().toUpperCase();
  const part = /^([A-Z]{1,3})?(\d{1,7})?$/;
  const [a, b = a] = t.split(':');
  const m = part.exec(a);
  const n = part.exec(b);
  const bad = () => new RangeError(`invalid range: ${JSON.stringify(text)} (write it as A5:H60, B:F or 5:60)`);
  if (!t || t.split(':').length > 2 || !m || !n || (!m[1] && !m[2]) || (!n[1] && !n[2])) throw bad();
  // Both ends name columns, rows or cells alike: "A5:60" says neither.
  if (!!m[1] !== !!n[1] || !!m[2] !== !!n[2]) throw bad();
  const col = (s?: string) => (s ? columnIndex(s) : undefined);
  const row = (s?: string) => (s ? Number(s) - 1 : undefined);
  const [c0, c1] = [col(m[1]), col(n[1])];
  const [r0, r1] = [row(m[2]), row(n[2])];
  if ((c0 ?? 0) >= MAX_COLUMN || (c1 ?? 0) >= MAX_COLUMN || (r0 ?? 0) < 0 || (r1 ?? 0) >= MAX_ROW) throw bad();
  if ((c1 ?? 0) < (c0 ?? 0) || (r1 ?? 0) < (r0 ?? 0))
    throw new RangeError(`invalid range: ${JSON.stringify(text)} (its end comes before its start)`);
  return { r0: r0 ?? 0, c0: c0 ?? 0, ...(r1 !== undefined ? { r1 } : {}), ...(c1 !== undefined ? { c1 } : {}) };
}

/** A sheet load's options after checking: throws RangeError naming the bad field and its value. */
export function checkSheetOptions(o: SheetLoadOptions): SheetLoadOptions {
  if (o.headerRow !== undefined && (!Number.isInteger(o.headerRow) || o.headerRow < 1 || o.headerRow > MAX_ROW))
    throw new RangeError(`invalid headerRow: ${o.headerRow} (a row number from 1)`);
  if (o.headerRows !== undefined && (!Number.isInteger(o.headerRows) || o.headerRows < 1 || o.headerRows > 3))
    throw new RangeError(`invalid headerRows: ${o.headerRows} (1, 2 or 3)`);
  if (o.headerRows !== undefined && o.headerRow !== undefined && o.headerRow - o.headerRows < 0)
    throw new RangeError(`invalid headerRows: ${o.headerRows} (the header would start above row 1, ending at row ${o.headerRow})`);
  if (o.range !== undefined) {
    const r = parseA1Range(o.range);
    if (o.headerRow !== undefined && (o.headerRow - 1 < r.r0 || (r.r1 !== undefined && o.headerRow - 1 >= r.r1)))
      throw new RangeError(`invalid headerRow: ${o.headerRow} (not a row of ${o.range} above its last row)`);
  }
  return o;
}

/** Whether the options ask for anything (an empty form means: find the table as before). */
export function hasSheetOptions(o: SheetLoadOptions | undefined): o is SheetLoadOptions {
  return !!o && (o.headerRow !== undefined || o.range !== undefined);
}
