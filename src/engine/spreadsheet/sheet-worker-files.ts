/** The served build's workbook reader: a worker whose script is a chunk of its own, fetched on first use. */
import type { WorkbookReading } from './read-workbook';
import { readInWorker, writeInWorker, type ReadOptions } from './read-off-thread';
import type { SheetToWrite } from './write-workbook';

let url: Promise<string> | undefined;

/** Read a workbook in a worker made from a Blob URL (the served CSP allows workers from blob: only). */
export async function readWorkbookIn(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<WorkbookReading> {
  return readInWorker(await scriptUrl(), bytes, name, opts);
}

/** Write sheets as .xlsx in the worker. */
export async function writeWorkbookIn(sheets: SheetToWrite[]): Promise<Uint8Array> {
  return writeInWorker(await scriptUrl(), sheets);
}

function scriptUrl(): Promise<string> {
  url ??= import('./sheets-worker.ts?worker-code').then(({ default: code }) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  return url;
}
