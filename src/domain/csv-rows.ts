/** Rows of CSV text as Excel writes it, parsed in JavaScript so the plan (src/domain/messy-csv.ts) can look at them. */

/** One row of CSV text as parsed. */
export interface Row {
  cells: string[];
  /** 0-based line where the row starts. */
  line: number;
  /** Lines the row spans. */
  lines: number;
  /** A physically empty line: DuckDB skips it. */
  empty: boolean;
}

/** Rows of CSV text: double quotes, "" escapes, line breaks inside quotes, CRLF/LF/CR. */
export function parseRows(text: string, delimiter: string, firstLine = 0): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = firstLine;
  let start = firstLine;
  let rowChars = 0;
  const endRow = () => {
    cells.push(cell);
    rows.push({ cells, line: start, lines: line - start + 1, empty: rowChars === 0 });
    cells = [];
    cell = '';
    rowChars = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') (cell += '"'), i++;
        else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      rowChars++;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      rowChars++;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      start = ++line;
    } else {
      cell += ch;
      rowChars++;
    }
  }
  if (cell !== '' || cells.length > 0 || rowChars > 0) endRow();
  return rows;
}

/** Cells of the row with something in them. */
export const nonEmpty = (r: Row) => r.cells.filter((c) => c.trim() !== '').length;
/** A row of delimiters only (",,,"): not an empty line, which DuckDB skips. */
export const isBlankRow = (r: Row) => !r.empty && nonEmpty(r) === 0;

/** The most frequent value (the larger on a tie). */
export function mode(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] > a[0]) ? b : a), [0, 0])[0];
}

/**
 * The first non-empty row with a different number of cells from the first non-empty row (the header), as a 1-based
 * line with both counts; undefined when every row has the header's width.
 */
export function firstRaggedRow(rows: readonly Row[]): { line: number; cells: number; header: number } | undefined {
  const filled = rows.filter((r) => !r.empty);
  const header = filled[0]?.cells.length ?? 0;
  const odd = filled.find((r) => r.cells.length !== header);
  return odd && { line: odd.line + 1, cells: odd.cells.length, header };
}
