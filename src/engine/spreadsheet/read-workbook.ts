/**
 * A workbook's bytes to its sheets, read by SheetJS (@e965/xlsx 0.20.3, pinned; no eval or new Function, so it runs
 * under the app's Content-Security-Policy). The library is imported when the first workbook is opened, so pages
 * that never see one do not parse it. Failures come out as WorkbookError in words a user can act on.
 */
import type { WorkBook, WorkSheet, CellObject } from '@e965/xlsx';
import { errorMessage, type SheetLoadOptions } from '../../domain';
import type { Grid, GridCell, MergedRange } from './grid';
import { readSheet, readSheetWith, type SheetReading } from './sheet-blocks';

/** A workbook could not be read. `reason` and `hint` are sentences for the load report. */
export class WorkbookError extends Error {
  override name = 'WorkbookError';
  constructor(
    readonly reason: string,
    readonly hint?: string,
    cause?: unknown,
  ) {
    super(reason, { cause });
  }
}

/** Every sheet of a workbook, read, and what the library said on the way. */
export interface WorkbookReading {
  sheets: SheetReading[];
  /** Warnings the library printed while reading (they concern displayed formats, never stored values). */
  warnings: string[];
  parseMs: number;
}

/** One sheet to read as the user chose (the load options), instead of every sheet as found. */
export interface SheetChoice {
  sheet: string;
  options: SheetLoadOptions;
}

/** How far a read has come: the library is parsing the whole file, or tables are being found in one sheet. */
export type ReadProgress = { stage: 'parsing' } | { stage: 'sheet'; sheet: string; index: number; count: number; rows: number };

type Xlsx = typeof import('@e965/xlsx');
let library: Promise<Xlsx> | undefined;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, magic: number[]) => b.length >= magic.length && magic.every((x, i) => b[i] === x);

/**
 * Read a workbook (.xlsx, .xlsm, .ods; .xls too, which the library reads): every sheet as found, or only the one
 * chosen, read as chosen.
 */
export async function readWorkbook(
  bytes: Uint8Array,
  fileName: string,
  opts: { only?: SheetChoice; onProgress?: (p: ReadProgress) => void } = {},
): Promise<WorkbookReading> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (bytes.length === 0) throw new WorkbookError('the file is empty (0 bytes)', 'check that the download or save finished');
  // An encrypted .xlsx is not a zip but an OLE2 (compound file) container holding the encrypted package; an OLE2 file
  // without one is an Excel 97–2003 workbook, whatever its name says, and the library reads it.
  if (startsWith(bytes, OLE2) && holdsEncryptedPackage(bytes))
    throw new WorkbookError('the workbook is password-protected (encrypted)', 'open it in Excel, remove the password (File → Info → Protect Workbook), save it and load it again');
  if (!startsWith(bytes, ZIP) && !startsWith(bytes, OLE2))
    throw new WorkbookError(`this is not a ${ext ? `.${ext}` : 'spreadsheet'} workbook (it is neither a zip package nor an Excel 97–2003 file)`, 'open it in a spreadsheet program and save it as .xlsx');
  // The library reads any zip it is given as best it can, and says little that a user could act on.
  if (startsWith(bytes, ZIP) && !looksLikeWorkbookZip(bytes))
    throw new WorkbookError('this zip file is not a workbook (it holds no spreadsheet parts)', 'load the .xlsx or .ods file itself, not a zip of it');
  const xlsx = await (library ??= import('@e965/xlsx'));
  const warnings: string[] = [];
  const t0 = performance.now();
  let wb: WorkBook;
  // SheetJS reports ODS number formats it cannot translate with console.error. They concern the displayed text of
  // number cells only (we read stored values), so they are kept as warnings for the report, not shown as errors.
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  opts.onProgress?.({ stage: 'parsing' });
  try {
    wb = xlsx.read(bytes, { type: 'array', dense: true, cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, ...(opts.only ? { sheets: opts.only.sheet } : {}) });
  } catch (e) {
    throw explainLibraryError(errorMessage(e), ext, e);
  } finally {
    console.error = consoleError;
  }
  const parseMs = performance.now() - t0;
  if (!wb.SheetNames?.length) throw new WorkbookError('the workbook has no sheets', 'check it opens in a spreadsheet program');
  const only = opts.only;
  if (only) {
    if (!wb.Sheets[only.sheet]) throw new WorkbookError(`the workbook has no sheet "${only.sheet}" any more`, 'open the file again');
    return { sheets: [readSheetWith(gridOf(only.sheet, wb.Sheets[only.sheet], xlsx), only.options)], warnings: [...new Set(warnings)], parseMs };
  }
  const sheets = wb.SheetNames.map((name, index) => {
    const grid = gridOf(name, wb.Sheets[name], xlsx);
    opts.onProgress?.({ stage: 'sheet', sheet: name, index, count: wb.SheetNames.length, rows: grid.rows.length });
    return readSheet(grid);
  });
  return { sheets, warnings: [...new Set(warnings)], parseMs };
}

// A compound file's directory names its streams in UTF-16: an encrypted OOXML package has "EncryptedPackage" (and
// "EncryptionInfo") where an .xls has "Workbook". The directory may sit anywhere in the file, so all of it is searched.
function holdsEncryptedPackage(bytes: Uint8Array): boolean {
  const name = [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]);
  outer: for (let i = bytes.indexOf(name[0]); i >= 0 && i <= bytes.length - name.length; i = bytes.indexOf(name[0], i + 1)) {
    for (let k = 1; k < name.length; k++) if (bytes[i + k] !== name[k]) continue outer;
    return true;
  }
  return false;
}

// A zip's file names are in plain text: in each part's local header, and all together in the central directory at
// its end. A workbook has xl/workbook.xml or an ODS content.xml. The first and last 4 MB are searched: a large .xlsx
// writes its sheets before xl/workbook.xml, so that name's local header can lie far past the start (a 200,000-row
// sheet puts it at 15 MB), but the central directory names it near the end.
function looksLikeWorkbookZip(bytes: Uint8Array): boolean {
  const WINDOW = 4_000_000;
  const parts = bytes.length > 2 * WINDOW ? [bytes.subarray(0, WINDOW), bytes.subarray(bytes.length - WINDOW)] : [bytes];
  return parts.some((p) => /xl\/workbook\.xml|xl\/workbook\.bin|content\.xml|application\/vnd\.oasis\.opendocument\.spreadsheet/.test(new TextDecoder('latin1').decode(p)));
}

function explainLibraryError(msg: string, ext: string, cause: unknown): WorkbookError {
  if (/password|encrypt/i.test(msg))
    return new WorkbookError('the workbook is password-protected (encrypted)', 'remove the password in Excel or LibreOffice, save it as .xlsx and load that', cause);
  if (/end of central directory|corrupt|unexpected end|invalid (zip|signature)|Unsupported ZIP|bad (uncompressed|compressed) size|inflate/i.test(msg))
    return new WorkbookError('the workbook is damaged or cut short (its zip package cannot be read)', 'download or copy it again, then load it', cause);
  return new WorkbookError(`the ${ext ? `.${ext} ` : ''}workbook cannot be read (${msg})`, 'open it in a spreadsheet program and save it again as .xlsx', cause);
}

function gridOf(name: string, sheet: WorkSheet | undefined, xlsx: Xlsx): Grid {
  const merges: MergedRange[] = (sheet?.['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c }));
  const data = (sheet?.['!data'] ?? []) as (CellObject[] | undefined)[];
  const rows = data.map((row) => (row ?? []).map((c) => (c ? gridCell(c, xlsx) : undefined)));
  return { name, rows, merges };
}

function gridCell(c: CellObject, xlsx: Xlsx): GridCell | undefined {
  if (c.t === 'z' || c.v === undefined || c.v === null) return undefined;
  if (c.t === 'e') return { value: c.w ?? '#ERROR', text: c.w ?? '#ERROR' };
  const value = c.v as GridCell['value'];
  let text = c.w ?? '';
  // Header dates are read as people read them ("Sep-18"); format them when the library left no text.
  if (!text && c.z && (value instanceof Date || typeof value === 'number')) text = xlsx.SSF.format(c.z as string, value as number | Date);
  const percent = typeof c.z === 'string' && /%/.test(c.z.replace(/"[^"]*"/g, ''));
  return { value, text: text || String(value), ...(percent ? { percent } : {}) };
}
