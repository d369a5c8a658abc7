/** Reading a user's file into memory in chunks, so loading can report progress and be cancelled. */
import { CancelledError } from './errors';

/** Progress of one load: which file, how far, and what it is doing. */
export interface LoadProgress {
  file: string;
  phase: 'reading' | 'loading' | 'checking';
  bytesRead: number;
  bytesTotal: number;
  rows?: number;
  /** What the load is doing in words, when bytes say too little: "parsing the workbook", "sheet Table_3 (4 of 17)". */
  detail?: string;
}

/** Read a Blob fully, reporting bytes read and honouring an abort signal between chunks. */
export async function readBytes(
  blob: Blob,
  name: string,
  onProgress?: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const total = blob.size;
  const out = new Uint8Array(total);
  const reader = blob.stream().getReader();
  let offset = 0;
  let lastReport = 0;
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      throw new CancelledError(`Loading ${name}`);
    }
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, offset);
    offset += value.byteLength;
    if (offset - lastReport > 4 * 1024 * 1024 || offset === total) {
      lastReport = offset;
      onProgress?.({ file: name, phase: 'reading', bytesRead: offset, bytesTotal: total });
    }
  }
  return offset === total ? out : out.subarray(0, offset);
}
