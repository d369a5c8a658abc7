/** The served build's workbook reader: a worker whose script is a chunk of its own, fetched on first use. */
import type { WorkbookReading } from './read-workbook';
import { readInWorker } from './read-off-thread';

let url: Promise<string> | undefined;

/** Read a workbook in a worker made from a Blob URL (the served CSP allows workers from blob: only). */
export async function readWorkbookIn(bytes: Uint8Array, name: string, signal?: AbortSignal): Promise<WorkbookReading> {
  url ??= import('./sheets-worker.ts?worker-code').then(({ default: code }) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  return readInWorker(await url, bytes, name, signal);
}
