/** The spreadsheet worker's messages: one request (read these bytes, or write these sheets), progress, one reply. */
import type { ReadProgress, SheetChoice, WorkbookReading } from './read-workbook';
import type { SheetToWrite } from './write-workbook';

/** Read a workbook (its bytes are transferred, not copied; only one sheet, read as chosen, when `only`), or write sheets as .xlsx. */
export type SheetWorkerRequest = { kind: 'read'; name: string; bytes: Uint8Array; only?: SheetChoice } | { kind: 'write'; sheets: SheetToWrite[] };

/**
 * How far a read has come (any number of these before the reply); then the sheets read or the bytes written, or the
 * reason and hint of a WorkbookError (rebuilt as one on arrival).
 */
export type SheetWorkerReply =
  | { progress: ReadProgress }
  | { ok: true; reading?: WorkbookReading; bytes?: Uint8Array }
  | { ok: false; reason: string; hint?: string };
