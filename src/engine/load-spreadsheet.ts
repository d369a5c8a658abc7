/**
 * Workbooks (.xlsx, .xlsm, .ods; .xls, which the reader also reads) into the engine: DuckDB 0.9.1 has no
 * spreadsheet reader, so sheets are read in JavaScript (spreadsheet/) and each table found in them is inserted as
 * Arrow. One file gives many tables; each table's load names its sheet and block, so the engine can load it again
 * after a restart. A workbook is read once per file and shared by the loads of its tables.
 */
import { LoadError } from './errors';
import { race, type Instance } from './instance';
import { hasSheetOptions, type SheetLoadOptions } from '../domain';
import { checkAborted, countRows, type Loaded, type LoadOptions, type SheetRef, type SourceFile } from './load-common';
import type { LoadProgress } from './read-bytes';
import { readBytes } from './read-bytes';
import { blockToTable } from './spreadsheet/block-table';
import { WorkbookError, type ReadProgress, type WorkbookReading } from './spreadsheet/read-workbook';
// A worker made from a Blob URL in the browser, in place in node: chosen per build (vite.config.ts, vitest.config.ts).
import { readWorkbookIn } from 'virtual:sheet-worker';
import type { NonDataKind, SheetBlock } from './spreadsheet/sheet-blocks';
import { sheetTableName, uniqueName } from './table-names';

export type { SheetRef } from './load-common';

/** A table a workbook will give: its name, where it comes from, its title. */
export interface SheetTablePlan extends SheetRef {
  table: string;
  title?: string;
  /** Its data rows (for the progress line). */
  rows: number;
}

/** What a workbook holds: the tables to load and the sheets that are not tables (with why). */
export interface WorkbookPlan {
  tables: SheetTablePlan[];
  /** With the cells each uses (`cells`, an A1 range), for loading one anyway. */
  notLoaded: { sheet: string; kind: NonDataKind; cells?: string }[];
  /** The text of the non-data sheets (cover, contents, notes): the file's description. */
  description: string[];
  warnings: string[];
  parseMs: number;
}

const readings = new WeakMap<Blob, Promise<WorkbookReading>>();

/**
 * The workbook behind a file, read once per Blob; a failure says which file and why. Progress names the stage and the
 * sheet: reading the bytes, parsing (the long, silent part of a large workbook), then each sheet with its rows.
 */
export function workbookOf(source: SourceFile, signal?: AbortSignal, onProgress?: (p: LoadProgress) => void): Promise<WorkbookReading> {
  let reading = readings.get(source.blob);
  if (!reading) {
    reading = readIn(source, { signal, onProgress });
    readings.set(source.blob, reading);
    // A failed read is not kept: the user may fix the file's access and try again.
    reading.catch(() => readings.delete(source.blob));
  }
  return reading;
}

async function readIn(source: SourceFile, opts: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void; only?: { sheet: string; options: SheetLoadOptions } }): Promise<WorkbookReading> {
  const { signal, onProgress } = opts;
  const bytes = await readBytes(source.blob, source.name, onProgress, signal);
  const size = source.blob.size;
  const said = (p: ReadProgress): LoadProgress => ({
    file: source.name,
    phase: 'reading',
    bytesRead: size,
    bytesTotal: size,
    ...(p.stage === 'parsing'
      ? { detail: `parsing the workbook (${megabytes(size)})` }
      : { detail: `finding tables in sheet ${p.sheet} (${p.index + 1} of ${p.count})`, rows: p.rows }),
  });
  try {
    return await readWorkbookIn(bytes, source.name, { signal, onProgress: onProgress && ((p) => onProgress(said(p))), ...(opts.only ? { only: opts.only } : {}) });
  } catch (e) {
    if (e instanceof WorkbookError) throw new LoadError(source.name, e.reason, { hint: e.hint, cause: e });
    throw e;
  }
}

/** "0.5 MB", "15.1 MB": as the progress line's reading phase says the size. */
const megabytes = (b: number) => `${(b / 1048576).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

/** The tables a workbook gives, named `<file>_<sheet>` (a sheet's later tables add their title), unique against `taken`. */
export function planWorkbook(fileName: string, reading: WorkbookReading, taken: Iterable<string>): WorkbookPlan {
  const names = [...taken];
  const tables: SheetTablePlan[] = [];
  const notLoaded: WorkbookPlan['notLoaded'] = [];
  const description: string[] = [];
  for (const s of reading.sheets) {
    if (s.kind !== 'data') {
      notLoaded.push({ sheet: s.sheet, kind: s.kind, ...(s.cells ? { cells: s.cells } : {}) });
      if (s.kind !== 'empty') description.push(...s.text);
      continue;
    }
    s.blocks.forEach((b, block) => {
      const part = block === 0 ? s.sheet : `${s.sheet} ${b.title?.slice(0, 40) || `table ${block + 1}`}`;
      const table = uniqueName(sheetTableName(fileName, part), names);
      names.push(table);
      tables.push({ table, sheet: s.sheet, block, rows: b.rows.length, ...(b.title ? { title: b.title } : {}) });
    });
  }
  return { tables, notLoaded, description, warnings: reading.warnings, parseMs: reading.parseMs };
}

/** Load one table of a workbook (the first data table when `opts.sheet` is not given) as `opts.table`. */
export async function loadSpreadsheet(instance: Instance, source: SourceFile, opts: LoadOptions): Promise<Loaded> {
  // Load options read the one sheet again as the user says (not kept: the next choice may differ).
  const chosen = opts.sheet && hasSheetOptions(opts.sheet.options) ? { sheet: opts.sheet.sheet, options: opts.sheet.options } : undefined;
  const reading = await (chosen ? readIn(source, { signal: opts.signal, onProgress: opts.onProgress, only: chosen }) : workbookOf(source, opts.signal, opts.onProgress));
  checkAborted(source.name, opts.signal);
  // The block's place is kept with the options, so that clearing them finds the same table again.
  const ref = chosen ? { ...opts.sheet!, options: chosen.options } : (opts.sheet ?? firstBlock(reading));
  if (!ref) throw new LoadError(source.name, 'no sheet of this workbook holds a table', { hint: describeSheets(reading) });
  const sheet = reading.sheets.find((s) => s.sheet === ref.sheet);
  const block = sheet?.kind === 'data' ? sheet.blocks[chosen ? 0 : ref.block] : undefined;
  if (!block && chosen)
    throw new LoadError(source.name, `sheet "${ref.sheet}" holds no table ${describeOptions(chosen.options)}`, { hint: 'choose the header row and the cells of the table again (Load options…)' });
  if (!block) throw new LoadError(source.name, `the workbook has no table ${ref.block + 1} in sheet "${ref.sheet}"`, { hint: 'open the file again' });
  const table = blockToTable(block);
  await race(instance.conn.insertArrowTable(table, { name: opts.table, create: true }), instance.dead);
  const rows = await countRows(instance, opts.table);
  if (rows !== block.rows.length)
    throw new LoadError(source.name, `only ${rows} of ${block.rows.length} rows of sheet "${ref.sheet}" could be loaded`, { hint: 'save the sheet as CSV and load that' });
  const percent = block.columns.filter((c) => c.percent).map((c) => [c.name, 'percentage'] as const);
  return {
    mode: 'table',
    modeReason: `sheet "${ref.sheet}" read in JavaScript and loaded as a table`,
    rows,
    report: blockReport(ref, block),
    sheet: ref,
    sheetLayout: layoutOf(block),
    ...(block.unit ? { unit: block.unit } : {}),
    ...(percent.length ? { units: Object.fromEntries(percent) } : {}),
  };
}

/** Where a block sits in its sheet, as load options: its header row, header rows and A1 range (header to last row). */
export function layoutOf(b: SheetBlock): NonNullable<Loaded['sheetLayout']> {
  const [c0, c1] = [b.columns[0].letter, b.columns[b.columns.length - 1].letter];
  // Header rows count from the header row up (a row left out between them counts too), three at most.
  return { headerRow: b.headerRow, headerRows: Math.min(3, b.headerRow - b.headerTop + 1), range: `${c0}${b.headerTop}:${c1}${b.lastRow}` };
}

function firstBlock(reading: WorkbookReading): SheetRef | undefined {
  const s = reading.sheets.find((x) => x.kind === 'data');
  return s ? { sheet: s.sheet, block: 0 } : undefined;
}

function describeSheets(reading: WorkbookReading): string {
  return `its sheets are ${reading.sheets.map((s) => `"${s.sheet}" (${s.kind === 'data' ? 'data' : s.kind})`).join(', ')}; save the sheet you need as CSV and load that`;
}

/** The load options in words: "with the header on row 5, in A5:H60". */
export function describeOptions(o: SheetLoadOptions): string {
  const header = o.headerRow !== undefined ? `with the header on ${o.headerRows && o.headerRows > 1 ? `rows ${o.headerRow - o.headerRows + 1}–${o.headerRow}` : `row ${o.headerRow}`}` : '';
  return [header, o.range ? `in ${o.range.toUpperCase()}` : ''].filter(Boolean).join(', ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The load report of one block, as the CSV loader's: what was skipped, merged, dropped and read as missing. */
export function blockReport(ref: SheetRef, b: SheetBlock): string[] {
  const out: string[] = [];
  out.push(`Sheet "${ref.sheet}"${ref.block && !hasSheetOptions(ref.options) ? `, table ${ref.block + 1}` : ''}${b.title ? `: ${b.title}` : ''}${hasSheetOptions(ref.options) ? `, read ${describeOptions(ref.options)} (Load options)` : ''}.`);
  const header = b.headerRowsMerged > 1 ? `header on rows ${b.headerTop}–${b.headerRow} merged into one` : `header on row ${b.headerRow}`;
  out.push(`${header[0].toUpperCase()}${header.slice(1)}${b.unit ? `; unit: ${b.unit}` : ''}.`);
  const skipped = [
    b.skipped.titleRows ? `${plural(b.skipped.titleRows, 'title row')} above` : '',
    b.skipped.noteRows ? `${plural(b.skipped.noteRows, 'footnote row')} below` : '',
    b.skipped.blankRows ? `${plural(b.skipped.blankRows, 'blank row')} inside` : '',
  ].filter(Boolean);
  if (skipped.length) out.push(`Skipped ${skipped.join(', ')}.`);
  if (b.inHeaderRows?.length) out.push(`Left out ${b.inHeaderRows.length === 1 ? `row ${b.inHeaderRows[0]}` : `rows ${b.inHeaderRows.join(', ')}`}: numbers between the header rows (kept in the notes).`);
  if (b.droppedColumns.length) out.push(`Dropped empty spacer ${b.droppedColumns.length === 1 ? 'column' : 'columns'} ${b.droppedColumns.join(', ')}.`);
  const markers = Object.entries(b.markers).map(([col, m]) => `"${col}" ${Object.entries(m).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  if (markers.length) out.push(`Shorthand read as missing (NULL): ${markers.join('; ')}.`);
  const unconverted = Object.entries(b.unconverted).map(([col, u]) => `"${col}" ${plural(u.count, 'cell')} (e.g. "${u.example}")`);
  if (unconverted.length) out.push(`Text in number columns kept as missing: ${unconverted.join('; ')}.`);
  if (b.labelNotesRemoved) out.push(`Footnote markers removed from ${plural(b.labelNotesRemoved, 'label')}.`);
  return out;
}
