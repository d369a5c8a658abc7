/**
 * Generated CSVs: delimiters, quoting (delimiters, quotes and line breaks inside fields), encodings, 1–5,000 columns,
 * long lines, NUL bytes and ragged rows. Native DuckDB reads each with the dialect it was written in.
 */
import { Rng, caseSeed } from './prng';
import { encode, lit, type FuzzCase } from './case';

type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le';
type Kind = 'int' | 'float' | 'date' | 'word' | 'quoted' | 'accented' | 'unicode' | 'formula' | 'sparse';

/** The shape of one generated CSV. */
export interface CsvShape {
  columns: number;
  rows: number;
  delimiter: ',' | ';' | '\t' | '|';
  eol: '\n' | '\r\n';
  encoding: Encoding;
  /** Quote every field, not only those that need it. */
  quoteAll: boolean;
  /** A line whose field count is off by `delta` (a ragged row). */
  ragged?: { row: number; delta: number };
  /** A NUL byte inside a field. */
  nul?: { row: number; column: number };
  /** One field this long (a long line). */
  longField?: { row: number; column: number; length: number };
  /** No line break after the last row. */
  noFinalEol: boolean;
}

const WORDS = ['Kent', 'Essex', 'Surrey', 'Avon and Somerset', 'Metropolitan Police', 'North Wales', 'Gwent', 'Dyfed-Powys', 'City of London', 'West Midlands'];
const ACCENTED = ['café', 'naïve', '£5', 'Señor', 'Müller', 'déjà vu', 'Ærø', '½ price'];
const UNICODE = ['日本語', 'emoji 🚓', 'עברית', 'Ελληνικά', 'zero\u200bwidth', 'ﬁ ligature', 'Ω'];
const FORMULA = ['=SUM(A1:A9)', '+1+1', '-2+3', '@cmd', '=HYPERLINK("http://x")'];

function cell(rng: Rng, kind: Kind, encoding: Encoding, row: number): string {
  switch (kind) {
    case 'int':
      return String(rng.int(-1000, 1_000_000));
    case 'float':
      return (rng.next() * 1e6 - 5e5).toFixed(rng.int(0, 6));
    case 'date':
      return `20${String(rng.int(10, 29))}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    case 'word':
      return `${rng.pick(WORDS)} ${row}`;
    case 'quoted':
      return rng.pick([`a, b ${row}`, `say "hi" ${row}`, `two\nlines ${row}`, `semi;colon|pipe\t${row}`, `"${row}"`, `${row},`]);
    case 'accented':
      return `${rng.pick(ACCENTED)} ${row}`;
    case 'unicode':
      return encoding === 'windows-1252' ? `${rng.pick(ACCENTED)} ${row}` : `${rng.pick(UNICODE)} ${row}`;
    case 'formula':
      return rng.pick(FORMULA);
    case 'sparse':
      return rng.chance(0.6) ? '' : String(rng.int(0, 99));
  }
}

function field(value: string, delimiter: string, quoteAll: boolean): string {
  const needs = value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') || /^\s|\s$/.test(value);
  return quoteAll || needs ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The text of a CSV of this shape. */
export function csvText(rng: Rng, shape: CsvShape): string {
  const kinds: Kind[] = Array.from({ length: shape.columns }, () =>
    rng.pick<Kind>(['int', 'int', 'float', 'date', 'word', 'word', 'quoted', 'accented', 'unicode', 'formula', 'sparse']),
  );
  const header = kinds.map((k, i) => field(i === 0 ? 'force' : `${k} ${i}`, shape.delimiter, shape.quoteAll));
  const lines = [header.join(shape.delimiter)];
  for (let r = 0; r < shape.rows; r++) {
    const cells = kinds.map((k, c) => {
      let v = c === 0 ? `${rng.pick(WORDS)} ${r}` : cell(rng, k, shape.encoding, r);
      if (shape.longField && shape.longField.row === r && shape.longField.column === c) v = 'x'.repeat(shape.longField.length);
      if (shape.nul && shape.nul.row === r && shape.nul.column === c) v = `${v.slice(0, 1)}\0${v.slice(1)}`;
      return field(v, shape.delimiter, shape.quoteAll);
    });
    if (shape.ragged?.row === r) {
      if (shape.ragged.delta > 0) for (let i = 0; i < shape.ragged.delta; i++) cells.push(String(i));
      else cells.splice(cells.length + shape.ragged.delta, -shape.ragged.delta);
    }
    lines.push(cells.join(shape.delimiter));
  }
  return lines.join(shape.eol) + (shape.noFinalEol ? '' : shape.eol);
}

/** How native DuckDB reads a CSV of this shape: the dialect it was written in, header taken. */
function nativeReader(shape: CsvShape): (path: string) => string {
  return (path) => `read_csv(${lit(path)}, delim = ${lit(shape.delimiter)}, quote = '"', escape = '"', header = true, max_line_size = 4000000)`;
}

function shapeFor(rng: Rng, index: number): { shape: CsvShape; what: string } {
  const base: CsvShape = {
    columns: rng.int(1, 12),
    rows: rng.int(0, 400),
    delimiter: rng.pick([',', ',', ';', '\t', '|'] as const),
    eol: rng.pick(['\n', '\r\n'] as const),
    encoding: 'utf-8',
    quoteAll: rng.chance(0.2),
    noFinalEol: rng.chance(0.2),
  };
  // Each index has a theme, so every seed covers every theme; the details come from the seed.
  switch (index % 10) {
    case 0:
      return { shape: base, what: 'plain' };
    case 1:
      return { shape: { ...base, quoteAll: true, rows: rng.int(1, 2000) }, what: 'every field quoted' };
    case 2: {
      const encoding = rng.pick(['utf-8-bom', 'windows-1252', 'utf-16le'] as const);
      return { shape: { ...base, encoding, rows: rng.int(1, 800) }, what: `encoded ${encoding}` };
    }
    case 3: {
      const columns = rng.pick([50, 200, 500, 1000]);
      return { shape: { ...base, columns, rows: rng.int(1, 40) }, what: `${columns} columns` };
    }
    case 4: {
      const length = rng.pick([70_000, 300_000, 1_200_000]);
      return { shape: { ...base, rows: rng.int(1, 20), longField: { row: 0, column: rng.int(0, base.columns - 1), length } }, what: `a ${length}-character field` };
    }
    case 5: {
      const rows = rng.int(2, 300);
      return { shape: { ...base, rows, nul: { row: rng.int(0, rows - 1), column: rng.int(0, base.columns - 1) } }, what: 'a NUL byte in a field' };
    }
    case 6: {
      const rows = rng.int(3, 600);
      const columns = Math.max(base.columns, 2);
      const delta = rng.pick([1, 2, -1]);
      return { shape: { ...base, columns, rows, ragged: { row: rng.int(0, rows - 1), delta } }, what: `a ragged row (${delta > 0 ? '+' : ''}${delta} fields)` };
    }
    case 7:
      return { shape: { ...base, rows: rng.int(2000, 6000), columns: rng.int(3, 8) }, what: 'many rows' };
    case 8:
      return { shape: { ...base, columns: 1, rows: rng.int(1, 500) }, what: 'one column' };
    default:
      return { shape: { ...base, rows: rng.int(0, 2) }, what: 'header and at most two rows' };
  }
}

/** `count` generated CSVs for `seed`. */
export function csvCases(seed: number, count: number): FuzzCase[] {
  return Array.from({ length: count }, (_, i) => {
    const caseRng = new Rng(caseSeed(seed, 'csv', i));
    const { shape, what } = shapeFor(caseRng, i);
    const text = csvText(caseRng, shape);
    const ext = shape.delimiter === '\t' ? 'tsv' : 'csv';
    const dialect = `${JSON.stringify(shape.delimiter)}, ${shape.columns} col × ${shape.rows} rows, ${shape.encoding}${shape.eol === '\r\n' ? ', CRLF' : ''}${shape.quoteAll ? ', all quoted' : ''}`;
    return {
      id: `csv-${i}`,
      family: 'csv',
      seed: caseSeed(seed, 'csv', i),
      name: `fz_csv_${i}.${ext}`,
      what: `${what} (${dialect})`,
      bytes: encode(text, shape.encoding),
      nativeBytes: shape.encoding === 'utf-8' ? undefined : encode(text, 'utf-8'),
      native: nativeReader(shape),
      columns: shape.columns,
      intact: shape.rows > 0 && !shape.nul && !shape.ragged && !shape.longField,
    };
  });
}

/** The widest CSV the issue names: 5,000 columns, a few rows (issue 17 item 3). */
export function wideCsvCase(seed: number): FuzzCase {
  const rng = new Rng(caseSeed(seed, 'csv-wide', 0));
  const shape: CsvShape = { columns: 5000, rows: 3, delimiter: ',', eol: '\n', encoding: 'utf-8', quoteAll: false, noFinalEol: false };
  return {
    id: 'csv-wide',
    family: 'csv',
    seed: caseSeed(seed, 'csv-wide', 0),
    name: 'fz_csv_wide.csv',
    what: '5,000 columns × 3 rows',
    bytes: encode(csvText(rng, shape), 'utf-8'),
    native: nativeReader(shape),
    columns: shape.columns,
    intact: true,
  };
}
