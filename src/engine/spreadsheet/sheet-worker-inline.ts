/**
 * The single file's workbook reader: the worker's script travels in the page gzip-compressed, as base64 in a data
 * block (as the engine's wasm does: ≈ 0.5 MB of script becomes ≈ 0.2 MB), and is decompressed into a Blob URL on
 * first use.
 */
import elementId from './sheets-worker.ts?worker-gzip';
import type { WorkbookReading } from './read-workbook';
import { readInWorker, writeInWorker, type ReadOptions } from './read-off-thread';
import type { SheetToWrite } from './write-workbook';

let url: Promise<string> | undefined;

async function scriptUrl(): Promise<string> {
  const base64 = document.getElementById(elementId)?.textContent?.trim();
  if (!base64) throw new Error(`this page has lost its embedded spreadsheet reader (#${elementId}); download the file again`);
  const bin = atob(base64);
  const gzip = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gzip[i] = bin.charCodeAt(i);
  const code = await new Response(new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
}

/** Read a workbook in a worker made from the embedded script. */
export async function readWorkbookIn(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<WorkbookReading> {
  url ??= scriptUrl();
  return readInWorker(await url, bytes, name, opts);
}

/** Write sheets as .xlsx in the worker. */
export async function writeWorkbookIn(sheets: SheetToWrite[]): Promise<Uint8Array> {
  url ??= scriptUrl();
  return writeInWorker(await url, sheets);
}
