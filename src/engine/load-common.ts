/** What every format's loader shares: the types of a load, and the small steps each takes. */
import { ident } from '../query';
import type { CsvLoadOptions, SheetLoadOptions } from '../domain';
import type { FileFormat } from './detect';
import { CancelledError } from './errors';
import { runQuery, type Instance } from './instance';
import type { LoadProgress } from './read-bytes';

/** How a loaded file is held by the engine. */
export type LoadMode = 'table' | 'parquet-buffer' | 'file-handle';

/** A file the user gave us: a File from the picker or drop, or a named Blob (samples, tests). */
export interface SourceFile {
  name: string;
  blob: Blob;
}

/** What a load produced: the table's name, how it is held and what was done on the way. */
export interface LoadedTable {
  table: string;
  file: string;
  format: FileFormat;
  mode: LoadMode;
  modeReason: string;
  bytes: number;
  rows: number;
  report: string[];
  /** The DuckDB virtual file name, when the table is a view over a registered file. */
  registeredAs?: string;
  /** CSV only: the options it was read with (what the user chose; the rest was detected). */
  csvOptions?: CsvLoadOptions;
  /** CSV only, when cleaned: per number column, markers read as missing and values that could not be converted. */
  conversions?: ColumnConversion[];
  /** CSV when cleaned, and spreadsheets: units the removed characters or the cell formats told, by column. */
  units?: Record<string, 'gbp' | 'percentage'>;
  /** Spreadsheets only: the unit the sheet gives its values ("Full-time equivalents"). */
  unit?: string;
  /** Spreadsheets only: which sheet and table of the workbook this is, and the load options it was read with (so a restart can load it again). */
  sheet?: SheetRef;
  /** Spreadsheets only: where the table was read, as load options (the form starts from them). */
  sheetLayout?: { headerRow: number; headerRows: number; range: string };
}

export type { ColumnConversion } from '../query';
import type { ColumnConversion } from '../query';

/** Which table of a workbook a load is: the sheet's name and the block's place in it (0 for the first), or where the user said the table is. */
export interface SheetRef {
  sheet: string;
  block: number;
  /** The user's load options: the sheet is read as they say, giving one table (block 0). */
  options?: SheetLoadOptions;
}

/** Options of one load. */
export interface LoadOptions {
  table: string;
  /** Files larger than this are read lazily through a file handle instead of being copied in. */
  bufferLimitBytes: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** CSV only: what the user chose in the load options. */
  csv?: CsvLoadOptions;
  /** Spreadsheets only: which sheet and table to load (the first table when not given), and how to read it. */
  sheet?: SheetRef;
}

/** What a format's loader returns; the dispatcher adds the table, file, format and size. */
export type Loaded = Omit<LoadedTable, 'table' | 'file' | 'format' | 'bytes'>;

let registeredCounter = 0;

/** A DuckDB virtual file name for a user's file, unique in this page (cleanDuckDBMessage strips the prefix again). */
export function registeredName(name: string): string {
  return `src${++registeredCounter}_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** Throw CancelledError when the user cancelled the load. */
export function checkAborted(name: string, signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError(`Loading ${name}`);
}

/** The table's row count, as a number. */
export async function countRows(instance: Instance, table: string): Promise<number> {
  const t = await runQuery(instance, `SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`);
  return Number(t.getChild('n')?.get(0) ?? 0);
}

/** "12 MB". */
export function formatMB(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-GB')} MB`;
}
