/**
 * A sheet read as a person reads a published table (DESIGN.md §8): a title in the first row, a header of up to three
 * rows with merged group headings over it and a unit label beside it, the data, footnotes below, and maybe the next
 * table under that. Pure: a Grid in, blocks of stored values out, with a count of everything left out, so the load
 * report can say it. A sheet with no data (cover, contents, notes) is said to be one, never skipped silently.
 */
import { isMissingMarker, matchForce, oneLine, parseA1Range, splitFootnote, type SheetLoadOptions } from '../../domain';
import { columnLetter, type CellValue, type Grid, type GridCell } from './grid';

/** What a column holds, decided over its data rows. */
export type BlockColumnKind = 'number' | 'date' | 'boolean' | 'text';

/** A column of a block. */
export interface BlockColumn {
  name: string;
  kind: BlockColumnKind;
  /** The sheet column it came from ("C"). */
  letter: string;
  /** The number format showed percentages; the values are the stored fractions. */
  percent?: boolean;
  /** Footnote markers split off the header cell ("10,11"). */
  note?: string;
}

/** A value of a block's row: a number, a date, a boolean, text, or null (empty or shorthand). */
export type BlockValue = number | Date | boolean | string | null;

/** One table found in a sheet. */
export interface SheetBlock {
  /** The title row above the header, one line ("Table 1: Police officers by police force area, …"). */
  title?: string;
  /** 1-based sheet row of the header row (the lowest header row). */
  headerRow: number;
  /** How many sheet rows the header was flattened from (1–3). */
  headerRowsMerged: number;
  /** 1-based sheet row of the top header row (below `headerRow - headerRowsMerged + 1` when a row between was left out). */
  headerTop: number;
  /** 1-based sheet row of the last data row. */
  lastRow: number;
  columns: BlockColumn[];
  rows: BlockValue[][];
  /** The unit label beside or under the header ("Full-time equivalents", "Rate per 1,000 population"). */
  unit?: string;
  /** Footnote and source rows below the data, one line each. */
  notes: string[];
  /** Shorthand read as NULL, per column, per marker as written: `{"Sep-19": {"..": 2}}`. */
  markers: Record<string, Record<string, number>>;
  /** Cells of number columns that were neither numbers nor shorthand (kept as NULL), with the first example. */
  unconverted: Record<string, { count: number; example: string }>;
  /** Footnote markers split off labels ("Greater Manchester10,11" → "Greater Manchester"). */
  labelNotesRemoved: number;
  /** Rows not read as data: title and caption rows above the header, footnotes below, blank rows inside. */
  skipped: { titleRows: number; noteRows: number; blankRows: number };
  /** Sheet columns left out because they are empty in the header and the data (spacer columns). */
  droppedColumns: string[];
  /** 1-based sheet rows of unlabelled numbers between header rows (a "Total number of incidents" row), left out of the data and kept in the notes. */
  inHeaderRows?: number[];
}

/** Why a sheet is not loaded as a table. */
export type NonDataKind = 'cover' | 'contents' | 'notes' | 'empty' | 'no-table';

/** One sheet, read. */
export type SheetReading =
  | { sheet: string; kind: 'data'; blocks: SheetBlock[] }
  | {
      sheet: string;
      kind: NonDataKind;
      /** Its text, one line per row, kept as the file's description. */
      text: string[];
      /** The cells it uses ("A1:D40"), when any: what loading it anyway reads. */
      cells?: string;
    };

// Sheet names publishers give to sheets that are not tables. The content decides too: a sheet without a table is
// never loaded, whatever its name.
const NON_DATA_NAMES: [RegExp, NonDataKind][] = [
  [/^\s*(cover|front|title)([\s_-]*(sheet|page))?\s*$/i, 'cover'],
  [/^\s*(contents|index|table[\s_-]*of[\s_-]*contents|list[\s_-]*of[\s_-]*tables)\s*$/i, 'contents'],
  [/^\s*(notes?|read[\s_-]*me|about|metadata|definitions|glossary|information|info|background|methodology|revisions)\b/i, 'notes'],
];

// A unit label as publishers put it beside the header ("Full-time equivalents", "Headcount", "£ thousands").
const UNIT_LABEL = /^(full[\s-]*time equivalents?|fte|headcount|numbers?|counts?|rates?\b.*|percentages?|per ?cent|%|£.*|thousands?|millions?|.*\bper\s+[\d,]+\b.*)$/i;

const MAX_HEADER_ROWS = 3;

// Column names that say nothing without their group heading ("number" and "%" under "Change in 6 months").
const GENERIC_NAME = /^(number|numbers|n|%|per ?cent|percentage|rate|count|value|total)$/i;

const isEmpty = (c: GridCell | undefined): c is undefined => c === undefined || (typeof c.value === 'string' && c.value.trim() === '');
const isNumber = (c: GridCell | undefined) => c !== undefined && typeof c.value === 'number';
const isMarker = (c: GridCell | undefined) => c !== undefined && typeof c.value === 'string' && isMissingMarker(c.value);
const filledOf = (row: (GridCell | undefined)[] | undefined) => (row ?? []).flatMap((c, i) => (isEmpty(c) ? [] : [i]));
const lineOf = (row: (GridCell | undefined)[] | undefined) =>
  (row ?? []).filter((c) => !isEmpty(c)).map((c) => oneLine(c!.text || String(c!.value))).join(' ');

type RowClass = 'blank' | 'data' | 'text';

/** A data row has two or more cells, one of them a number or shorthand; anything else with content is text. */
function classify(row: (GridCell | undefined)[] | undefined): RowClass {
  const filled = filledOf(row);
  if (filled.length === 0) return 'blank';
  if (filled.length < 2) return 'text';
  return filled.some((i) => isNumber(row![i]) || isMarker(row![i])) ? 'data' : 'text';
}

// A header of years stored as numbers (2017 2018 2019) looks like data; it is a header when every number in it is a
// year and the row under it holds other numbers.
function isYearHeader(row: (GridCell | undefined)[], next: (GridCell | undefined)[] | undefined): boolean {
  const nums = row.filter(isNumber).map((c) => c!.value as number);
  const texts = row.filter((c) => !isEmpty(c) && typeof c.value === 'string').length;
  // "Irritant spray not stated | 2065 | 2065" is a data row: years in a header are distinct, beside at most two words.
  const yearLike = nums.length >= 2 && texts <= 2 && new Set(nums).size === nums.length && nums.every((n) => Number.isInteger(n) && n >= 1990 && n <= 2100);
  if (!yearLike || classify(next) !== 'data') return false;
  return isEmpty(row[0]) || next!.filter(isNumber).some((c) => !Number.isInteger(c!.value) || (c!.value as number) < 1990 || (c!.value as number) > 2100);
}

/**
 * The cells a sheet uses, as an A1 range from its first filled row and column to its last ("A1:D40"), or undefined
 * when it has none. Read as load options, it is the whole sheet with its first filled row as the header: what a user
 * who loads a contents or notes sheet anyway gets, to narrow down with Load options….
 */
export function usedRange(grid: Grid): string | undefined {
  let [r0, r1, c0, c1] = [-1, -1, Infinity, -1];
  grid.rows.forEach((row, r) =>
    row?.forEach((cell, c) => {
      if (isEmpty(cell)) return;
      if (r0 < 0) r0 = r;
      r1 = r;
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }),
  );
  return r0 < 0 ? undefined : `${columnLetter(c0)}${r0 + 1}:${columnLetter(c1)}${r1 + 1}`;
}

/** Read one sheet: its blocks of data, or why it holds none. */
export function readSheet(grid: Grid): SheetReading {
  const rows = withMergesFilled(grid);
  // The text as written (merged cells once), for the file's description.
  const text = Array.from(grid.rows, lineOf).filter((l) => l !== '');
  if (text.length === 0) return { sheet: grid.name, kind: 'empty', text };
  const named = NON_DATA_NAMES.find(([re]) => re.test(grid.name));
  if (named) return { sheet: grid.name, kind: named[1], text, cells: usedRange(grid) };
  // A header of years starts a table: under a data row, a row of year-like counts (2094 … 2100) is data.
  const classes = Array.from(grid.rows, (r, i) =>
    classify(r) === 'data' && classify(grid.rows[i - 1]) !== 'data' && isYearHeader(r, grid.rows[i + 1]) ? 'text' : classify(r),
  );
  // A row of unlabelled numbers between two header rows (the Home Office's "Total number of incidents involving group"
  // under the column names, above "Type of force | Tactic") belongs to the header: it is no one-row table of its own.
  const inHeader = new Set<number>();
  for (let i = 1; i + 2 < classes.length; i++)
    if (classes[i] === 'data' && classes[i - 1] === 'text' && classes[i + 1] === 'text' && classes[i + 2] === 'data' && unlabelledNumbers(grid.rows[i])) {
      classes[i] = 'text';
      inHeader.add(i);
    }
  const blocks: SheetBlock[] = [];
  let from = 0; // first row not yet given to a block
  for (let i = 0; i < classes.length; i++) {
    if (classes[i] !== 'data') continue;
    // The data runs on over data rows and over a blank row or two between them (spacers inside one table).
    let last = i;
    const blankInside: number[] = [];
    for (let k = i + 1; k < classes.length; k++) {
      if (classes[k] === 'data') {
        last = k;
        continue;
      }
      if (classes[k] !== 'blank') break;
      let m = k;
      while (m < classes.length && classes[m] === 'blank') m++;
      if (m < classes.length && classes[m] === 'data' && m - k <= 2) {
        for (let b = k; b < m; b++) blankInside.push(b);
        k = m - 1;
        continue;
      }
      break;
    }
    const block = makeBlock(grid, rows, classes, from, i, last, blankInside, undefined, inHeader);
    if (block) {
      if (blocks.length) blocks[blocks.length - 1].notes.push(...block.notesAbove);
      blocks.push(block.block);
    }
    from = last + 1;
    i = last;
  }
  if (blocks.length === 0) return { sheet: grid.name, kind: 'no-table', text, cells: usedRange(grid) };
  // Rows after the last block are its footnotes.
  const tail = rows.slice(from).map(lineOf).filter((l) => l !== '');
  blocks[blocks.length - 1].notes.push(...tail);
  for (const b of blocks) b.skipped.noteRows = b.notes.length - (b.inHeaderRows?.length ?? 0);
  return { sheet: grid.name, kind: 'data', blocks };
}

// Header cells under a merged range take its text, so a group heading reaches every column it spans.
function withMergesFilled(grid: Grid): (GridCell | undefined)[][] {
  // Array.from, not map: a library's rows array may have holes (empty rows), which map skips.
  const rows = Array.from(grid.rows, (r) => Array.from(r ?? []));
  for (const m of grid.merges) {
    const top = rows[m.r0]?.[m.c0];
    if (isEmpty(top)) continue;
    for (let r = m.r0; r <= m.r1; r++) for (let c = m.c0; c <= m.c1; c++) if (r !== m.r0 || c !== m.c0) (rows[r] ??= [])[c] = top;
  }
  return rows;
}

/**
 * Read one sheet's table where the user said it is (the load options): the header on `headerRow` (spanning
 * `headerRows` rows up to it), the data every non-blank row under it to the range's end — or, without a range, to the
 * first three blank rows, short rows at the end being footnotes. Only the range's columns are read. A sheet whose
 * chosen rows hold nothing is said to hold no table.
 */
export function readSheetWith(grid: Grid, o: SheetLoadOptions): SheetReading {
  const range = o.range ? parseA1Range(o.range) : { r0: 0, c0: 0, r1: undefined, c1: undefined };
  const crop = (rows: readonly ((GridCell | undefined)[] | undefined)[]) =>
    Array.from(rows, (r) => Array.from(r ?? []).slice(range.c0, range.c1 === undefined ? undefined : range.c1 + 1));
  const raw = crop(grid.rows);
  const filled = crop(withMergesFilled(grid));
  const text = Array.from(grid.rows, lineOf).filter((l) => l !== '');
  const headerRows = o.headerRows ?? 1;
  const headerAt = o.headerRow !== undefined ? o.headerRow - 1 : range.r0 + headerRows - 1;
  const from = Math.max(0, headerAt - headerRows + 1);
  const classes: RowClass[] = raw.map((r) => (filledOf(r).length ? 'text' : 'blank'));
  const end = Math.min(range.r1 ?? raw.length - 1, raw.length - 1);
  let last = headerAt;
  for (let k = headerAt + 1, blanks = 0; k <= end; k++) {
    if (classes[k] === 'blank') {
      if (range.r1 === undefined && ++blanks >= 3) break;
      continue;
    }
    blanks = 0;
    last = k;
  }
  // Without a range, rows of one cell after the data are footnotes ("Source: …"), not rows of the table.
  if (range.r1 === undefined) while (last > headerAt && filledOf(raw[last]).length < 2) last--;
  const blankInside: number[] = [];
  for (let k = headerAt + 1; k <= last; k++) classes[k] === 'blank' ? blankInside.push(k) : (classes[k] = 'data');
  const inHeader = new Set<number>();
  for (let r = from; r < headerAt; r++) if (unlabelledNumbers(raw[r])) inHeader.add(r);
  const made = last > headerAt ? makeBlock({ name: grid.name, rows: raw, merges: [] }, filled, classes, from, headerAt + 1, last, blankInside, { c0: range.c0 }, inHeader) : undefined;
  if (!made) return { sheet: grid.name, kind: 'no-table', text };
  const notes = raw.slice(last + 1, end + 1).map(lineOf).filter((l) => l !== '');
  if (range.r1 === undefined) made.block.notes.push(...notes);
  made.block.skipped.noteRows = made.block.notes.length;
  return { sheet: grid.name, kind: 'data', blocks: [made.block] };
}

function makeBlock(
  grid: Grid,
  filled: (GridCell | undefined)[][],
  classes: RowClass[],
  from: number,
  first: number,
  last: number,
  blankInside: number[],
  /** Chosen by the user (readSheetWith): every row from `from` is the header, and the grid starts at column `c0`. */
  chosen?: { c0: number },
  /** Rows of numbers between header rows: skipped over in the header band, kept as notes. */
  inHeader: ReadonlySet<number> = new Set(),
): { block: SheetBlock; notesAbove: string[] } | undefined {
  const letterOf = (c: number) => columnLetter(c + (chosen?.c0 ?? 0));
  const above: number[] = [];
  for (let r = from; r < first; r++) if (classes[r] !== 'blank') above.push(r);
  const data: number[] = [];
  for (let r = first; r <= last; r++) if (classes[r] === 'data') data.push(r);
  const width = Math.max(...data.map((r) => grid.rows[r]?.length ?? 0), ...above.map((r) => filled[r]?.length ?? 0));

  // The header: the non-blank row just above the data; a sparse row of words there is a unit row under it.
  let unit: string | undefined;
  let header = above.length ? above[above.length - 1] : undefined;
  let at = above.length - 1;
  if (header !== undefined && at >= 1 && !chosen) {
    // Sparse as written, before merged cells are spread: "Rate per 1,000 population" is one cell merged over 26.
    const row = grid.rows[header] ?? [];
    const cells = filledOf(row);
    if (cells.length <= Math.max(1, Math.floor(width / 4)) && cells.every((c) => typeof row[c]!.value === 'string') && !cells.includes(0)) {
      unit = [...new Set(cells.map((c) => oneLine(String(row[c]!.value))))].join('; ');
      header = above[--at];
    }
  }
  const band: number[] = header === undefined ? [] : [header];
  const inHeaderRows: number[] = [];
  for (let k = at - 1; k >= 0 && band.length < MAX_HEADER_ROWS; k--) {
    const r = above[k];
    if (inHeader.has(r)) {
      inHeaderRows.unshift(r);
      continue;
    }
    if (!chosen && (band[0] - r > 3 || isCaption(filled[r]))) break;
    band.unshift(r);
  }
  // Above the header band: the title (the sheet's first row for the first table, the top of the run above the
  // header for a table stacked under another), captions, and the unit label beside "England and Wales".
  const captions = above.filter((r) => r < (band[0] ?? first));
  for (const r of captions) {
    const cells = filledOf(filled[r]);
    const lastCell = filled[r][cells[cells.length - 1]];
    if (!unit && cells.length >= 2 && typeof lastCell?.value === 'string' && UNIT_LABEL.test(oneLine(lastCell.value))) unit = oneLine(lastCell.value);
  }
  let titleAt = 0;
  if (from > 0) {
    titleAt = captions.length - 1;
    while (titleAt > 0 && captions[titleAt] - captions[titleAt - 1] === 1) titleAt--;
  }
  const titleRow = captions[Math.max(0, titleAt)];
  const notesAbove = from > 0 ? captions.slice(0, Math.max(0, titleAt)).map((r) => lineOf(filled[r])) : [];

  const columns: (BlockColumn & { index: number })[] = [];
  const droppedColumns: string[] = [];
  for (let c = 0; c < width; c++) {
    const inData = data.some((r) => !isEmpty(grid.rows[r]?.[c]));
    const names = band.map((r) => headerText(filled[r]?.[c])).filter((t) => t !== '');
    if (!inData && names.length === 0) {
      droppedColumns.push(letterOf(c));
      continue;
    }
    columns.push({ index: c, letter: letterOf(c), kind: 'text', name: '' });
  }
  // A column's name is its lowest header cell; where that repeats ("number", "%" under two group headings) the
  // group heading above goes in front, so every name says what it is.
  const lowest = columns.map((col) => {
    const texts = band.map((r) => headerText(filled[r]?.[col.index])).filter((t) => t !== '');
    return texts;
  });
  const counts = new Map<string, number>();
  for (const t of lowest) if (t.length) counts.set(t[t.length - 1], (counts.get(t[t.length - 1]) ?? 0) + 1);
  const taken = new Set<string>();
  columns.forEach((col, j) => {
    const texts = lowest[j];
    let name = texts.length ? texts[texts.length - 1] : unheadedName(data.map((r) => grid.rows[r]?.[col.index]), col.letter);
    if (texts.length > 1 && ((counts.get(name) ?? 0) > 1 || GENERIC_NAME.test(name))) name = `${texts[texts.length - 2]} ${name}`;
    const split = splitFootnote(name, { header: true });
    if (split.note) (name = split.value), (col.note = split.note);
    let unique = name;
    for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${name}_${n}`;
    taken.add(unique.toLowerCase());
    col.name = unique;
  });

  const markers: SheetBlock['markers'] = {};
  const unconverted: SheetBlock['unconverted'] = {};
  let labelNotesRemoved = 0;
  const values: BlockValue[][] = data.map(() => []);
  for (const col of columns) {
    const cells = data.map((r) => grid.rows[r]?.[col.index]);
    col.kind = columnKind(cells);
    col.percent = col.kind === 'number' && cells.some((c) => c?.percent) ? true : undefined;
    if (!col.percent) delete col.percent;
    cells.forEach((cell, i) => {
      const v = readValue(cell, col.kind, col.name, markers, unconverted);
      if (typeof v === 'string' && col.kind === 'text') {
        const split = splitFootnote(v);
        if (split.note) labelNotesRemoved++;
        values[i].push(split.value.trim());
      } else values[i].push(v);
    });
  }
  if (columns.length < (chosen ? 1 : 2) || data.length === 0) return undefined;
  return {
    notesAbove,
    block: {
      ...(titleRow !== undefined ? { title: lineOf(filled[titleRow]) } : {}),
      headerRow: (header ?? first - 1) + 1,
      headerRowsMerged: band.length,
      headerTop: (band[0] ?? header ?? first - 1) + 1,
      lastRow: last + 1,
      columns: columns.map(({ index: _, ...c }) => c),
      rows: values,
      ...(unit ? { unit } : {}),
      notes: inHeaderRows.map((r) => `Row ${r + 1}, between the header rows: ${lineOf(filled[r])}`),
      markers,
      unconverted,
      labelNotesRemoved,
      skipped: { titleRows: captions.length - notesAbove.length, noteRows: 0, blankRows: blankInside.length },
      droppedColumns,
      ...(inHeaderRows.length ? { inHeaderRows: inHeaderRows.map((r) => r + 1) } : {}),
    },
  };
}

// Numbers only, none under the label columns: a row of totals, not a row of the table.
function unlabelledNumbers(row: (GridCell | undefined)[] | undefined): boolean {
  const cells = filledOf(row);
  return cells.length >= 2 && cells[0] > 0 && cells.every((c) => isNumber(row![c]));
}

// A caption above a header: text in the first column only, or with a unit label at the end of the row.
function isCaption(row: (GridCell | undefined)[] | undefined): boolean {
  const cells = filledOf(row);
  if (cells.length === 0) return false;
  if (cells.length === 1 && cells[0] === 0) return true;
  const lastCell = row![cells[cells.length - 1]];
  return cells[0] === 0 && cells.length === 2 && typeof lastCell?.value === 'string' && UNIT_LABEL.test(oneLine(lastCell.value));
}

// A header cell as a person reads it: the displayed text ("Sep-18", not the date's serial), on one line.
function headerText(cell: GridCell | undefined): string {
  if (isEmpty(cell)) return '';
  return oneLine(cell.value instanceof Date || typeof cell.value === 'number' ? cell.text || String(cell.value) : String(cell.value));
}

function columnKind(cells: (GridCell | undefined)[]): BlockColumnKind {
  const kinds = new Set<string>();
  let numbers = 0;
  let others = 0;
  for (const c of cells) {
    if (isEmpty(c) || isMarker(c)) continue;
    const k = c.value instanceof Date ? 'date' : typeof c.value;
    kinds.add(k);
    if (k === 'number') numbers++;
    else others++;
  }
  if (kinds.size === 0) return 'number';
  if (kinds.size === 1 && kinds.has('date')) return 'date';
  if (kinds.size === 1 && kinds.has('boolean')) return 'boolean';
  // A stray note in a column of numbers ("see note 3") does not make it text; it is counted as not converted.
  if (kinds.has('number') && numbers >= 4 * others && !kinds.has('date')) return 'number';
  return 'text';
}

function readValue(
  cell: GridCell | undefined,
  kind: BlockColumnKind,
  column: string,
  markers: SheetBlock['markers'],
  unconverted: SheetBlock['unconverted'],
): BlockValue {
  if (isEmpty(cell)) return null;
  const v: CellValue = cell.value;
  if (kind === 'text') return v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v : String(v);
  if (isMarker(cell)) {
    const m = (v as string).trim();
    const byMarker = (markers[column] ??= {});
    byMarker[m] = (byMarker[m] ?? 0) + 1;
    return null;
  }
  if (kind === 'number' && typeof v === 'number') return v;
  if (kind === 'date' && v instanceof Date) return v;
  if (kind === 'boolean' && typeof v === 'boolean') return v;
  const u = (unconverted[column] ??= { count: 0, example: String(v) });
  u.count++;
  return null;
}

/**
 * The name of a column with no header cell: "Force" when at least half its labels are police forces (the Home Office
 * leaves the label column of its force tables unheaded, with region and total rows among the forces), else its letter.
 */
function unheadedName(cells: readonly (GridCell | undefined)[], letter: string): string {
  const labels = cells.map((c) => (typeof c?.value === 'string' ? c.value.trim() : '')).filter((t) => t !== '');
  const forces = labels.filter((t) => matchForce(splitFootnote(t).value)).length;
  return labels.length > 0 && forces * 2 >= labels.length ? 'Force' : `column ${letter}`;
}
