/**
 * Reading a workbook in a worker made from a Blob URL (allowed by `worker-src blob:`, and working from file://), so
 * the page stays responsive while SheetJS parses. Where the worker's script comes from depends on the build
 * (`virtual:sheet-worker`). One worker per workbook, ended when it answers. Imports nothing of the reader itself, so
 * the page's own code never carries SheetJS.
 */
import { CancelledError } from '../errors';
import { WorkbookError, type WorkbookReading } from './read-workbook';
import type { SheetWorkerReply, SheetWorkerRequest } from './worker-protocol';

/** Read a workbook in a worker running `scriptUrl`; rejects with WorkbookError, or CancelledError when `signal` aborts. */
export async function readInWorker(scriptUrl: string, bytes: Uint8Array, name: string, signal?: AbortSignal): Promise<WorkbookReading> {
  const worker = new Worker(scriptUrl, { name: 'soc-workbench-sheets' });
  try {
    return await new Promise<WorkbookReading>((resolve, reject) => {
      const abort = () => reject(new CancelledError(`Reading ${name}`));
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      worker.onmessage = (e: MessageEvent<SheetWorkerReply>) => {
        signal?.removeEventListener('abort', abort);
        if (e.data.ok) resolve(e.data.reading);
        else reject(new WorkbookError(e.data.reason, e.data.hint));
      };
      // A worker that fails to start or dies (out of memory on a huge sheet) says so here, not by hanging.
      worker.onerror = (e) => {
        e.preventDefault();
        signal?.removeEventListener('abort', abort);
        reject(new WorkbookError(`the spreadsheet reader stopped (${e.message || 'no reason given'})`, 'the workbook may be too large for this browser: save the sheets you need as CSV and load those'));
      };
      const request: SheetWorkerRequest = { name, bytes };
      worker.postMessage(request, [bytes.buffer]);
    });
  } finally {
    worker.terminate();
  }
}
