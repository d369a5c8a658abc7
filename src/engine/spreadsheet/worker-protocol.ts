/** The spreadsheet worker's messages: one request (the file's bytes), one reply (its sheets, or why not). */
import type { WorkbookReading } from './read-workbook';

/** Read this workbook. The bytes are transferred, not copied. */
export interface SheetWorkerRequest {
  name: string;
  bytes: Uint8Array;
}

/** The sheets read, or the reason and hint of a WorkbookError (rebuilt as one on arrival). */
export type SheetWorkerReply = { ok: true; reading: WorkbookReading } | { ok: false; reason: string; hint?: string };
