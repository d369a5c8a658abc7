/**
 * Reading and writing workbooks in a worker made from a Blob URL (allowed by `worker-src blob:`, and working from
 * file://), so the page stays responsive while SheetJS works. Where the worker's script comes from depends on the
 * build (`virtual:sheet-worker`). One worker per task, ended when it answers. Imports nothing of the library, so the
 * page's own code never carries SheetJS.
 */
import { CancelledError } from '../errors';
import { WorkbookError, type ReadProgress, type SheetChoice, type WorkbookReading } from './read-workbook';
import type { SheetToWrite } from './write-workbook';
import type { SheetWorkerReply, SheetWorkerRequest } from './worker-protocol';

/** How to read: cancel with `signal` (the worker is ended at once), hear progress, read only one sheet as chosen. */
export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
  only?: SheetChoice;
}

type Done = Exclude<SheetWorkerReply, { progress: ReadProgress }> & { ok: true };

function run(scriptUrl: string, request: SheetWorkerRequest, transfer: Transferable[], what: string, opts: ReadOptions = {}): Promise<Done> {
  const { signal } = opts;
  const worker = new Worker(scriptUrl, { name: 'soc-workbench-sheets' });
  return new Promise<Done>((resolve, reject) => {
    // Rejecting ends the worker (finally, below): SheetJS parses in one synchronous call, so only terminate() stops it.
    const abort = () => reject(new CancelledError(what));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = (e: MessageEvent<SheetWorkerReply>) => {
      if ('progress' in e.data) return opts.onProgress?.(e.data.progress);
      signal?.removeEventListener('abort', abort);
      if (e.data.ok) resolve(e.data);
      else reject(new WorkbookError(e.data.reason, e.data.hint));
    };
    // A worker that fails to start or dies (out of memory on a huge sheet) says so here, not by hanging.
    worker.onerror = (e) => {
      e.preventDefault();
      signal?.removeEventListener('abort', abort);
      reject(new WorkbookError(`the spreadsheet worker stopped (${e.message || 'no reason given'})`, 'the workbook may be too large for this browser: use CSV instead'));
    };
    worker.postMessage(request, transfer);
  }).finally(() => worker.terminate());
}

/** Read a workbook in a worker running `scriptUrl`; rejects with WorkbookError, or CancelledError when `signal` aborts. */
export async function readInWorker(scriptUrl: string, bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<WorkbookReading> {
  return (await run(scriptUrl, { kind: 'read', name, bytes, ...(opts.only ? { only: opts.only } : {}) }, [bytes.buffer], `Reading ${name}`, opts)).reading!;
}

/** Write sheets as .xlsx in a worker running `scriptUrl`. */
export async function writeInWorker(scriptUrl: string, sheets: SheetToWrite[]): Promise<Uint8Array> {
  return (await run(scriptUrl, { kind: 'write', sheets }, [], 'Writing the workbook')).bytes!;
}
