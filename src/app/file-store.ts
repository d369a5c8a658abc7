/**
 * The files a user loaded, kept in this browser's IndexedDB so that a reload restores their tables without picking
 * the files again. The original bytes are kept (not DuckDB's tables): loading them again goes through the same
 * checks and decoding as the first time. Nothing leaves the machine; a browser that refuses storage, or runs out of
 * it, is told to the user and nothing already kept is touched.
 */
import type { SourceFile } from '../engine';
import { done, request } from '../workbook';

/** A kept file and the table it made. */
export interface KeptFile {
  table: string;
  name: string;
  blob: Blob;
  savedAt: string;
}

/** Where loaded files are kept between sessions. */
export interface FileStore {
  list(): Promise<KeptFile[]>;
  /** Keep a file under its table's name (replacing one kept for that table); resolves to when it was kept. */
  put(table: string, file: SourceFile): Promise<string>;
  remove(table: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** Files larger than this are not kept: a copy that size would crowd out the user's other storage. */
export const MAX_KEPT_BYTES = 512 * 1024 * 1024;

/** Thrown when the browser will not keep a file; the message says why and what to do. */
export class StorageError extends Error {
  override name = 'StorageError';
}

const DB = 'soc-workbench-files';
const STORE = 'files';

function explain(e: unknown, file: string): StorageError {
  const name = (e as DOMException | null)?.name;
  if (name === 'QuotaExceededError') return new StorageError(`${file} was loaded but not kept for next time: this browser's storage is full. Free space (or remove kept files) and load it again.`);
  return new StorageError(`${file} was loaded but not kept for next time: this browser refused to store it (${(e as Error)?.message ?? e}).`);
}

/** Why no file is kept this session, as the user is told it (issue 17 item 8: it used to pass without a word). */
function notOpened(reason: string): StorageError {
  return new StorageError(
    `Files you load will not be kept for next time: this browser's storage for them could not be opened (${reason}). ` +
      'Your tables load as usual; after a reload, open the files again, or save a workbook file with its data to keep them.',
  );
}

/** The IndexedDB store; rejects with a StorageError that says what is lost when the browser will not open one. */
export async function openFileStore(): Promise<FileStore> {
  if (typeof indexedDB === 'undefined') throw notOpened('this browser offers no IndexedDB here');
  let db: IDBDatabase;
  try {
    const open = indexedDB.open(DB, 1);
    // Keyed by the lower-cased table name, as DuckDB compares names; the table's own spelling is kept beside it.
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
    db = await request(open);
  } catch (e) {
    throw notOpened((e as Error)?.message || String(e));
  }
  const key = (table: string) => table.toLowerCase();
  return {
    async list() {
      const all = (await request(db.transaction(STORE).objectStore(STORE).getAll())) as (KeptFile & { key?: string })[];
      return all.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    },
    async put(table, file) {
      if (file.blob.size > MAX_KEPT_BYTES) throw new StorageError(`${file.name} is not kept for next time: at ${Math.round(file.blob.size / 1048576)} MB it is larger than the ${MAX_KEPT_BYTES / 1048576} MB the workbench keeps. Load it again after a reload.`);
      try {
        const tx = db.transaction(STORE, 'readwrite');
        const savedAt = new Date().toISOString();
        tx.objectStore(STORE).put({ key: key(table), table, name: file.name, blob: file.blob, savedAt });
        await done(tx);
        return savedAt;
      } catch (e) {
        throw explain(e, file.name);
      }
    },
    async remove(table) {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).delete(key(table));
      await done(tx);
    },
    async rename(from, to) {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const kept = (await request(store.get(key(from)))) as KeptFile | undefined;
      if (kept) {
        try {
          store.delete(key(from));
          store.put({ ...kept, key: key(to), table: to });
        } catch (e) {
          // Undo the delete: the file stays kept under its old name rather than not at all.
          tx.abort();
          throw e;
        }
      }
      await done(tx);
    },
  };
}
