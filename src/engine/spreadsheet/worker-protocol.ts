/** The spreadsheet worker's messages: one request (read these bytes, or write these sheets), one reply. */
import type { WorkbookReading } from './read-workbook';
import type { SheetToWrite } from './write-workbook';

/** Read a workbook (its bytes are transferred, not copied), or write sheets as .xlsx. */
export type SheetWorkerRequest = { kind: 'read'; name: string; bytes: Uint8Array } | { kind: 'write'; sheets: SheetToWrite[] };

/** The sheets read or the bytes written, or the reason and hint of a WorkbookError (rebuilt as one on arrival). */
export type SheetWorkerReply = { ok: true; reading?: WorkbookReading; bytes?: Uint8Array } | { ok: false; reason: string; hint?: string };
