/**
 * Arrow result → CSV that Excel opens cleanly: UTF-8 with a BOM (without one Excel reads UTF-8 as Windows-1252 and
 * `£` becomes `Â£`), CRLF line ends, RFC 4180 quoting, numbers unformatted, dates ISO, NULL as an empty field.
 *
 * Cells that start with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so a spreadsheet shows them instead of
 * running them as formulas (OWASP "CSV Injection"). Every column but a number column: a number column's `-5` stays a
 * number, and everything else — text, ENUMs, lists, BLOBs (formula text stored as bytes, as a Parquet file without a
 * string annotation holds it: issue 17), intervals, types Arrow adds later — is guarded, so no kind of cell escapes.
 */
import { Type, type DataType, type RecordBatch, type Table } from 'apache-arrow';
// Every Arrow value kind is turned into text in one place; the CSV takes the same text, ungrouped.
import { cellText, columnReader, isNull } from '../arrow';
import { SUPPRESSED_MARK } from '../domain';

/** How to write the CSV. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark (default true: Excel needs it to read UTF-8). */
  bom?: boolean;
  /** Prefix formula-like text cells with `'` (default true). */
  neutralise?: boolean;
  /** Cells protected as small numbers (`${rowIndex}:${column}`, as protectRows lists them): written as [c]. */
  suppressed?: ReadonlySet<string>;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe for a spreadsheet: `=1+1` → `'=1+1`; other text unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a quote, comma, CR or LF, or is empty text (so `""` ≠ NULL). */
export function csvField(text: string): string {
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Whether a column holds numbers, written bare so a spreadsheet reads `-5` as minus five; nothing else is exempt. */
function isNumberType(type: DataType): boolean {
  if (type.typeId === Type.Dictionary) return isNumberType((type as DataType & { dictionary: DataType }).dictionary);
  return type.typeId === Type.Int || type.typeId === Type.Float || type.typeId === Type.Decimal;
}

function isFloatType(type: DataType): boolean {
  if (type.typeId === Type.Dictionary) return isFloatType((type as DataType & { dictionary: DataType }).dictionary);
  return type.typeId === Type.Float;
}

// DuckDB's own text for a BLOB (`\xAB` escapes), which its CSV reader turns back into the same bytes.
function blobText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return s;
}

/** A function giving the CSV field for row `i` of a column of one record batch. */
function fieldWriter(batch: RecordBatch, column: number, neutralise: boolean): (row: number) => string {
  const vector = batch.getChildAt(column)!;
  const type = vector.type as DataType;
  const read = columnReader(vector);
  const guard = neutralise && !isNumberType(type);
  const float = isFloatType(type);
  const binary = type.typeId === Type.Binary || type.typeId === Type.FixedSizeBinary;
  return (row) => {
    const value = read(row);
    if (isNull(value)) return '';
    // Shortest round-trip text for doubles: the grid rounds for reading, an export must not.
    if (float && typeof value === 'number') return String(value);
    const s = binary && value instanceof Uint8Array ? blobText(value) : cellText(value, type, false);
    return csvField(guard ? neutraliseFormula(s) : s);
  };
}

/** The table as CSV text (with the BOM as U+FEFF unless `bom: false`); CRLF after every row, the last included. */
export function tableToCsv(table: Table, options: CsvOptions = {}): string {
  const neutralise = options.neutralise ?? true;
  const names = table.schema.fields.map((f) => csvField(neutralise ? neutraliseFormula(f.name) : f.name));
  const lines: string[] = [names.join(',')];
  // Batch by batch: a whole-table vector.get(i) first searches for the chunk holding row i, on every cell.
  const suppressed = options.suppressed;
  let offset = 0;
  for (const batch of table.batches) {
    const writers = table.schema.fields.map((f, i) => {
      const write = fieldWriter(batch, i, neutralise);
      return suppressed?.size ? (row: number) => (suppressed.has(`${offset + row}:${f.name}`) ? SUPPRESSED_MARK : write(row)) : write;
    });
    for (let row = 0; row < batch.numRows; row++) lines.push(writers.map((w) => w(row)).join(','));
    offset += batch.numRows;
  }
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** The table as CSV bytes (UTF-8), ready for a download Blob. */
export function tableToCsvBytes(table: Table, options: CsvOptions = {}): Uint8Array {
  return new TextEncoder().encode(tableToCsv(table, options));
}
