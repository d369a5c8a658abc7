/**
 * What is messy about a CSV as analysts get it from Excel, read from its decoded text: title and blank rows above
 * the header, a header written over several lines or rows, footnotes below the data, numbers written with £,
 * thousands separators, % and placeholders, and footnote markers glued to labels and numbers (src/domain/cells.ts).
 * The plan says how to read it; src/query/clean.ts turns the plan into SQL.
 */
import { NUMBER, isMissingMarker, splitFootnote, splitNumberFootnote } from './cells';
import { headerNames, unitRowIndex } from './csv-header';
import { isBlankRow, mode, nonEmpty, parseRows, type Row } from './csv-rows';

export { MISSING_MARKERS, isMissingMarker } from './cells';

/** How a column's text is read: as a number, as a percentage (10.5% → 10.5), or left as text. */
export type CsvColumnKind = 'number' | 'percentage' | 'text';

/** One column of the plan. */
export interface CsvColumnPlan {
  name: string;
  /** 0-based position of the column in the raw read. */
  index: number;
  kind: CsvColumnKind;
  /** Missing-value markers met in the column ("-", "..", "n/a", "[c]"…), as spelled; read as NULL and counted. */
  placeholders: string[];
  /** Characters removed before reading a number: currency signs, "," and "%". */
  strip: string[];
  /** Every number met is whole: read as BIGINT, else DOUBLE. */
  integer: boolean;
  /** Number columns: footnote markers met after numbers ("1,234*"), removed before reading. Absent when none. */
  footnotes?: string[];
  /** Text columns: cells whose footnote marker is split off, as read → as kept. Absent when none. */
  relabel?: Record<string, string>;
  /** A unit the removed characters tell: £ → gbp, % → percentage (for recogniseRoles). */
  unit?: 'gbp' | 'percentage';
}

/** How to read a messy CSV. */
export interface CsvPlan {
  delimiter: string;
  /** Lines above the header row (title and blank rows), as read_csv's `skip` counts them. */
  skipTop: number;
  /** Lines the header row itself takes (more than 1 only when a header cell holds a line break). */
  headerLines: number;
  /** Rows below the data (footnotes, blank rows); empty lines, which DuckDB skips, are not counted. */
  skipBottom: number;
  /** The most cells in any row: the width of the raw read. */
  width: number;
  columns: CsvColumnPlan[];
  /** True when anything needs the cleaning read: skipped rows, removed characters or placeholders. */
  messy: boolean;
  /** What was detected, one short sentence each, for the load report. */
  report: string[];
  /** Footnote markers split off header cells and labels, kept so the load report can show them. Absent when none. */
  notes?: CellNote[];
}

/** A footnote marker split off a cell: in the header (`row: 'header'`) or in a column's labels. */
export interface CellNote {
  column: string;
  row: 'header' | 'data';
  /** The cell as written. */
  written: string;
  value: string;
  note: string;
}

const CURRENCY = ['£', '$', '€'];
const FOOTNOTE_START = /^(?:sources?\b|notes?\b|footnotes?\b|\*|†|‡|[¹²³⁴⁵⁶⁷⁸⁹]|\(\d+\)|\[\d+\]|\d+[.)]\s|[a-z]\)\s|-\s)/i;
const DELIMITERS = [',', ';', '\t', '|'];
const DELIMITER_NAMES: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars' };
// Enough to find the header and read the columns of any real export; the tail is read separately for footnotes.
const HEAD_CHARS = 2_000_000;
const TAIL_CHARS = 200_000;
// A label column with more footnoted values than this is free text, not labels: it is left as written.
const MAX_RELABEL = 1000;

function detectDelimiter(text: string): string {
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = parseRows(text.slice(0, 64_000), d).filter((r) => !r.empty).slice(0, 50).map((r) => r.cells.length);
    const m = mode(counts);
    // The share of rows that agree, not their number: a wrong delimiter splits quoted line breaks into more rows
    // (500 `;` columns with quoted "two\nlines" read as 31 rows of `,`), and more rows must not outvote agreement.
    const score = m > 1 ? (counts.filter((c) => c === m).length / counts.length) * 1e6 + m : 0;
    if (score > bestScore) (best = d), (bestScore = score);
  }
  return best;
}

function isFootnote(r: Row, width: number): boolean {
  const filled = r.cells.map((c) => c.trim()).filter((c) => c !== '');
  const first = r.cells[0]?.trim() ?? '';
  if (first === '') return false;
  if (FOOTNOTE_START.test(first) && filled.length <= Math.max(1, Math.floor(width / 3))) return true;
  // A sentence alone in the first cell of a wide table: "Figures for 2023/24 are provisional."
  return width >= 3 && filled.length === 1 && (first.length >= 20 || /[:;]/.test(first));
}

function analyseColumn(name: string, index: number, cells: string[]): CsvColumnPlan {
  const placeholders = new Map<string, number>();
  let numbers = 0, percents = 0, others = 0, decimals = false, zeros = false;
  const strip = new Set<string>();
  const footnotes = new Set<string>();
  for (const raw of cells) {
    let cell = raw.trim();
    if (cell === '') continue;
    if (isMissingMarker(cell)) {
      placeholders.set(cell, (placeholders.get(cell) ?? 0) + 1);
      continue;
    }
    const split = splitNumberFootnote(cell);
    if (split.note && NUMBER.test(split.value.replace(/\s*%$/, ''))) {
      footnotes.add(split.note);
      cell = split.value;
    }
    const pct = /\s*%$/.exec(cell);
    const m = NUMBER.exec(pct ? cell.slice(0, pct.index) : cell);
    if (!m) {
      others++;
      continue;
    }
    if (pct) (percents++, strip.add('%'));
    else numbers++;
    const currency = m[1] ?? m[4];
    if (currency) strip.add(currency);
    if (m[2]) strip.add(',');
    if (m[3] && !/^\.0+$/.test(m[3])) decimals = true;
    if (m[5]) decimals = true;
    if (/^[+-]?0\d/.test(cell)) zeros = true;
  }
  const read = numbers + percents;
  // Leading zeros ("007") mark codes, not numbers; one stray word in ten is reported, not a reason to give up.
  const numeric = read > 0 && !zeros && read >= 0.9 * (read + others);
  const kind: CsvColumnKind = !numeric ? 'text' : percents > 0 && percents >= numbers ? 'percentage' : 'number';
  const order = [...CURRENCY, ',', '%'];
  return {
    name,
    index,
    kind,
    placeholders: kind === 'text' ? [] : [...placeholders.keys()].sort(),
    strip: kind === 'text' ? [] : order.filter((c) => strip.has(c) && (c !== '%' || kind === 'percentage')),
    integer: kind === 'number' && !decimals,
    ...(kind !== 'text' && footnotes.size ? { footnotes: [...footnotes].sort() } : {}),
    ...(kind === 'percentage' ? { unit: 'percentage' as const } : strip.has('£') && kind === 'number' ? { unit: 'gbp' as const } : {}),
  };
}

function uniqueNames(header: string[], width: number): string[] {
  const seen = new Set<string>();
  return Array.from({ length: width }, (_, i) => {
    const base = header[i]?.trim() || `column${i + 1}`;
    let name = base;
    // DuckDB column names are case-insensitive: "Force" and "force" clash.
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The reading plan of decoded CSV text: delimiter, rows to skip above and below, and how to read each column. */
export function detectMessyCsv(text: string, options: { delimiter?: string } = {}): CsvPlan {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = options.delimiter ?? detectDelimiter(body);
  const big = body.length > HEAD_CHARS + TAIL_CHARS;
  const head = parseRows(big ? body.slice(0, body.lastIndexOf('\n', HEAD_CHARS) + 1) : body, delimiter);
  // The table's usual width in filled cells; one-cell rows (titles, footnotes) can outnumber a small table's rows.
  const counts = head.filter((r) => !r.empty).map(nonEmpty);
  const wide = counts.filter((n) => n >= 2);
  const threshold = Math.max(1, Math.ceil(0.8 * (wide.length ? mode(wide) : 1)));
  const headerIndex = head.findIndex((r) => !r.empty && nonEmpty(r) >= threshold);
  if (headerIndex < 0) return { delimiter, skipTop: 0, headerLines: 1, skipBottom: 0, width: 0, columns: [], messy: false, report: ['The file has no rows'] };
  const header = head[headerIndex];
  const unitIndex = unitRowIndex(head, headerIndex);
  const firstData = unitIndex >= 0 ? unitIndex + 1 : headerIndex + 1;

  // The tail of a big file is parsed on its own from a line start (a quoted line break there would mislead it).
  let tail = head;
  if (big) {
    const from = body.indexOf('\n', body.length - TAIL_CHARS) + 1;
    tail = parseRows(body.slice(from), delimiter);
  }
  const width = Math.max(...head.map((r) => r.cells.length), ...tail.map((r) => r.cells.length));
  let footnotes = 0, blanksBelow = 0, end = tail.length;
  const stop = big ? 0 : firstData;
  for (let i = tail.length - 1; i >= stop; i--) {
    const r = tail[i];
    if (r.empty) continue;
    if (isBlankRow(r)) blanksBelow++;
    else if (isFootnote(r, header.cells.length)) footnotes++;
    else break;
    end = i;
  }
  if (!big && end <= firstData) (footnotes = 0), (blanksBelow = 0), (end = tail.length);

  const data = (big ? head.slice(firstData) : head.slice(firstData, end)).filter((r) => !r.empty);
  const names = headerNames(head, headerIndex);
  const columns = uniqueNames(names.map((n) => n.value), Math.max(header.cells.length, ...data.map((r) => r.cells.length)))
    .map((name, j) => analyseColumn(name, j, data.map((r) => r.cells[j] ?? '')))
    // Excel's trailing empty columns (no header, no data) are dropped; the raw read still has them.
    .filter((c, j) => !(j >= header.cells.length || header.cells[j].trim() === '') || data.some((r) => (r.cells[j] ?? '').trim() !== ''));

  const notes: CellNote[] = [];
  for (const c of columns) {
    const n = names[c.index];
    if (n?.note) notes.push({ column: c.name, row: 'header', written: n.written, value: n.value, note: n.note });
  }
  for (const c of columns) {
    if (c.kind !== 'text') continue;
    const relabel = labelNotes(c, data);
    if (relabel.length === 0 || relabel.length > MAX_RELABEL) continue;
    c.relabel = Object.fromEntries(relabel.map((n) => [n.written, n.value]));
    notes.push(...relabel);
  }

  const above = head.slice(0, headerIndex);
  const titles = above.filter((r) => !r.empty && nonEmpty(r) > 0).length;
  const blanksAbove = above.length - titles;
  const report: string[] = [];
  const parts = (a: number, aWord: string, b: number) => [a && count(a, `${aWord} row`), b && count(b, 'blank row')].filter(Boolean).join(' and ');
  const top = parts(titles, 'title', blanksAbove);
  const bottom = parts(footnotes, 'footnote', blanksBelow);
  if (top || bottom) report.push(`Skipped ${[top && `${top} above the header`, bottom && `${bottom} below the data`].filter(Boolean).join(', and ')}`);
  if (unitIndex >= 0) report.push(`Skipped the unit row below the header (${head[unitIndex].cells.map((c) => c.trim()).filter(Boolean).map((c) => JSON.stringify(c)).join(', ')})`);
  if (header.lines > 1) report.push('Header cells written over several lines were joined with a space');
  const named = names.filter((n, j) => n.fromAbove && columns.some((c) => c.index === j));
  if (named.length) report.push(`${count(named.length, 'column')} named from the header row above: ${named.map((n) => n.value).join(', ')}`);
  if (delimiter !== ',') report.push(`Columns are separated by ${DELIMITER_NAMES[delimiter]}`);
  for (const kind of ['number', 'percentage'] as const) {
    const cleaned = columns.filter((c) => c.kind === kind && c.strip.length > 0);
    if (cleaned.length === 0) continue;
    const chars = [...CURRENCY, ',', '%'].filter((ch) => cleaned.some((c) => c.strip.includes(ch)));
    report.push(`${count(cleaned.length, 'column')} read as ${kind === 'number' ? 'numbers' : 'percentages'} after removing ${list(chars)}: ${cleaned.map((c) => c.name).join(', ')}`);
  }
  if (notes.length) report.push(`Footnote markers split off and kept as notes: ${describeNotes(notes)}`);
  const marked = columns.filter((c) => c.footnotes);
  if (marked.length) report.push(`Footnote markers removed from numbers: ${marked.map((c) => `${c.name} (${c.footnotes!.map((f) => JSON.stringify(f)).join(', ')})`).join('; ')}`);
  const missing = missingByColumn(columns, data);
  if (missing) report.push(`Missing-value markers read as empty, by column: ${missing}`);
  const skipTop = header.line;
  const headerEnd = unitIndex >= 0 ? head[unitIndex] : header;
  return {
    delimiter,
    skipTop,
    headerLines: headerEnd.line + headerEnd.lines - header.line,
    skipBottom: footnotes + blanksBelow,
    width,
    columns,
    messy:
      skipTop > 0 || footnotes + blanksBelow > 0 || unitIndex >= 0 || notes.length > 0 ||
      columns.some((c) => c.strip.length > 0 || c.placeholders.length > 0 || c.footnotes),
    report,
    ...(notes.length ? { notes } : {}),
  };
}

/** The labels of a text column that lose a footnote marker, once each, in the order met. */
function labelNotes(c: CsvColumnPlan, data: Row[]): CellNote[] {
  const seen = new Map<string, CellNote>();
  for (const r of data) {
    const cell = r.cells[c.index] ?? '';
    if (seen.has(cell)) continue;
    const split = splitFootnote(cell);
    if (split.note) seen.set(cell, { column: c.name, row: 'data', written: cell, value: split.value, note: split.note });
    if (seen.size > MAX_RELABEL) break;
  }
  return [...seen.values()];
}

function describeNotes(notes: CellNote[]): string {
  const shown = notes.slice(0, 8).map((n) => `${JSON.stringify(n.written)} → ${JSON.stringify(n.value)} (${n.note})`);
  return shown.join(', ') + (notes.length > shown.length ? ` and ${notes.length - shown.length} more` : '');
}

/** "Theft offences: "-" ×1; Rate: "[x]" ×3, "[c]" ×1", or '' when no column has markers. */
function missingByColumn(columns: CsvColumnPlan[], data: Row[]): string {
  const parts: string[] = [];
  for (const c of columns) {
    if (c.placeholders.length === 0) continue;
    const markers = new Map<string, number>();
    for (const r of data) {
      const cell = (r.cells[c.index] ?? '').trim();
      if (c.placeholders.includes(cell)) markers.set(cell, (markers.get(cell) ?? 0) + 1);
    }
    if (markers.size) parts.push(`${c.name}: ${[...markers].map(([m, n]) => `"${m}" ×${n}`).join(', ')}`);
  }
  return parts.join('; ');
}
