/** The workbook reader in node (unit tests; vitest.config.ts aliases `virtual:sheet-worker` here): no worker, read in place. */
import type { ReadOptions } from './read-off-thread';
import { readWorkbook, type WorkbookReading } from './read-workbook';
import { writeWorkbook, type SheetToWrite } from './write-workbook';

/** Read a workbook on this thread. */
export function readWorkbookIn(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<WorkbookReading> {
  return readWorkbook(bytes, name, opts);
}

/** Write sheets as .xlsx on this thread. */
export function writeWorkbookIn(sheets: SheetToWrite[]): Promise<Uint8Array> {
  return writeWorkbook(sheets);
}
