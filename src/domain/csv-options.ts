/**
 * The CSV load options a user can open, change and reload with: encoding, delimiter, rows to drop above and below,
 * and whether to clean numbers. Left unset, each is detected (src/domain/messy-csv.ts).
 */

/** Encodings the loader can decode; 'auto' reads the bytes' own (BOM, UTF-16, else UTF-8 or Windows-1252). */
export type CsvEncodingChoice = 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Options of one CSV load; every field optional (detected when missing). */
export interface CsvLoadOptions {
  encoding?: CsvEncodingChoice;
  /** One character; detected when missing. */
  delimiter?: string;
  /** Lines dropped from the top before detection (on top of the title rows detection finds). */
  skipTop?: number;
  /** Lines dropped from the bottom before detection. */
  skipBottom?: number;
  /** Apply the messy-CSV plan (skip title and footnote rows, read £ 1,234 and 5% as numbers); default true. */
  clean?: boolean;
}

/** A CSV load's options after checking: throws RangeError naming the bad field and its value. */
export function checkCsvOptions(o: CsvLoadOptions): CsvLoadOptions {
  const whole = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new RangeError(`invalid ${name}: ${v} (a whole number ≥ 0)`);
  };
  whole('skipTop', o.skipTop);
  whole('skipBottom', o.skipBottom);
  if (o.delimiter !== undefined && [...o.delimiter].length !== 1) throw new RangeError(`invalid delimiter: ${JSON.stringify(o.delimiter)} (one character)`);
  return o;
}

/** `text` without its first `top` and last `bottom` lines (a final line break does not count as a line). */
export function dropLines(text: string, top = 0, bottom = 0): string {
  if (top === 0 && bottom === 0) return text;
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(top, Math.max(top, lines.length - bottom)).join('\n') + '\n';
}

/** The parts of a CSV plan (src/domain/messy-csv.ts) the loader checks before trusting it. */
interface PlanShape {
  skipTop: number;
  skipBottom: number;
  columns: { name: string; strip: string[]; placeholders: string[]; footnotes?: string[]; relabel?: Record<string, string> }[];
}

const NUMBER_CELL = /^[+-]?[£$€]?[\d.,]+%?$/;
const YEAR = /^(?:19|20)\d\d$/;

/**
 * Whether to read a CSV by its cleaning plan, or leave it to DuckDB's own sniffer: no when the only thing to clean is
 * blank lines above the header (DuckDB skips those itself), and no when the header the plan found has a cell that is a
 * plain number other than a year — a data row, so the rows above it are data too (a one-column file whose first
 * value spans lines, say), and skipping them would lose rows.
 */
export function shouldClean(plan: PlanShape, text: string): boolean {
  if (plan.columns.some((c) => NUMBER_CELL.test(c.name.trim()) && !YEAR.test(c.name.trim()))) return false;
  // Footnote markers on labels ("Kent*") or numbers ("1,234*") are cells to clean too.
  const cleansCells = plan.columns.some((c) => c.strip.length > 0 || c.placeholders.length > 0 || c.footnotes?.length || c.relabel);
  if (plan.skipBottom > 0 || cleansCells) return true;
  if (plan.skipTop === 0) return false;
  const above = text.split(/\r\n|\n|\r/, plan.skipTop);
  return !above.every((l) => /^[\s,;\t|"]*$/.test(l));
}
