/**
 * The rows behind a view or a result as the sheets of an .xlsx export: a data sheet with a header row and typed cells
 * (numbers as numbers — HUGEINT, DECIMAL and BIGINT included — dates as dates, text as text), and a Notes sheet with
 * the title, the sources and the provenance line. Pure; the writing happens in the engine's spreadsheet worker.
 */
import { Type, type DataType, type Table } from 'apache-arrow';
import { cellText, columnReader, isNull, plainValue } from '../arrow';
import { SUPPRESSED_MARK } from '../domain';

/** A cell of an exported sheet. */
export type ExportCell = string | number | boolean | Date | null;

/** A sheet to write: its name and rows, the first row the header. */
export interface ExportSheet {
  name: string;
  rows: ExportCell[][];
}

/** What the Notes sheet says. */
export interface ExportNotes {
  title: string;
  sources: string[];
  provenance: string;
  /** The view's note, paragraph by paragraph (none for a SQL result). */
  note?: readonly string[];
  /** What small-number protection did, when it was on. */
  protection?: string;
}

const NUMERIC = new Set([Type.Int, Type.Float, Type.Decimal]);

function cellOf(value: unknown, type: DataType): ExportCell {
  if (isNull(value)) return null;
  if (NUMERIC.has(type.typeId)) {
    const v = plainValue(value, type);
    // HUGEINT sums arrive as words; plainValue makes them numbers (exact below 2^53, which every count here is).
    return typeof v === 'number' ? v : Number(v);
  }
  if (type.typeId === Type.Bool) return Boolean(value);
  if (type.typeId === Type.Date) {
    // A DATE is a calendar day (UTC midnight here); the writer turns dates into day serials in local time, so the
    // same day at local midnight, or a user west of UTC would get the day before.
    const d = value instanceof Date ? value : new Date(Number(value));
    return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  }
  if (type.typeId === Type.Timestamp) return value instanceof Date ? value : new Date(Number(value));
  return cellText(value, type, false);
}

/**
 * The table as a data sheet (header, then one row per row) and a Notes sheet. `suppressed` cells (`${row}:${column}`,
 * as protectRows lists them) are written as the text [c].
 */
export function tableToSheets(table: Table, notes: ExportNotes, suppressed: ReadonlySet<string> = new Set()): ExportSheet[] {
  const fields = table.schema.fields;
  const rows: ExportCell[][] = [fields.map((f) => f.name)];
  let offset = 0;
  for (const batch of table.batches) {
    const readers = fields.map((_, i) => columnReader(batch.getChildAt(i)!));
    for (let r = 0; r < batch.numRows; r++) rows.push(fields.map((f, i) => (suppressed.has(`${offset + r}:${f.name}`) ? SUPPRESSED_MARK : cellOf(readers[i](r), f.type))));
    offset += batch.numRows;
  }
  return [
    { name: 'Data', rows },
    {
      name: 'Notes',
      rows: [['Title', notes.title], ['Sources', notes.sources.join('; ') || '(none recorded)'], ['Provenance', notes.provenance], ['Rows', table.numRows], ...(notes.protection ? [['Small numbers', notes.protection]] : []), ...(notes.note ?? []).map((p, i): ExportCell[] => [i === 0 ? 'Note' : '', p])],
    },
  ];
}
