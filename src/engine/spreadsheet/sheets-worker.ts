/**
 * The spreadsheet worker's code: reads one workbook, or writes one, and answers, so that parsing (seconds for a large
 * workbook) never blocks the page. Built into one script by vite.config.ts (`?worker-code`, `?worker-gzip`).
 */
import { errorMessage } from '../../domain';
import { readWorkbook, WorkbookError, type ReadProgress } from './read-workbook';
import { writeWorkbook } from './write-workbook';
import type { SheetWorkerReply, SheetWorkerRequest } from './worker-protocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SheetWorkerRequest>) => void) | null;
  postMessage(m: SheetWorkerReply, transfer?: Transferable[]): void;
};

scope.onmessage = async (e) => {
  try {
    const req = e.data;
    if (req.kind === 'read') {
      const onProgress = (progress: ReadProgress) => scope.postMessage({ progress });
      scope.postMessage({ ok: true, reading: await readWorkbook(req.bytes, req.name, { only: req.only, onProgress }) });
    }
    else {
      const bytes = await writeWorkbook(req.sheets);
      scope.postMessage({ ok: true, bytes }, [bytes.buffer]);
    }
  } catch (err) {
    scope.postMessage({ ok: false, reason: err instanceof WorkbookError ? err.reason : errorMessage(err), hint: err instanceof WorkbookError ? err.hint : undefined });
  }
};
