/**
 * The spreadsheet worker's code: reads one workbook and answers with its sheets, so that parsing (seconds for a large
 * workbook) never blocks the page. Built into one script by vite.config.ts (`?worker-code`, `?worker-gzip`).
 */
import { errorMessage } from '../../domain';
import { readWorkbook, WorkbookError } from './read-workbook';
import type { SheetWorkerReply, SheetWorkerRequest } from './worker-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<SheetWorkerRequest>) => void) | null; postMessage(m: SheetWorkerReply): void };

scope.onmessage = async (e) => {
  try {
    scope.postMessage({ ok: true, reading: await readWorkbook(e.data.bytes, e.data.name) });
  } catch (err) {
    scope.postMessage({ ok: false, reason: err instanceof WorkbookError ? err.reason : errorMessage(err), hint: err instanceof WorkbookError ? err.hint : undefined });
  }
};
