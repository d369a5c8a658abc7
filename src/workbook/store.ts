/**
 * Where the workbook autosaves: an interface with an IndexedDB implementation for the browser and an in-memory one
 * for tests and for browsers that keep nothing. Records are the workbook file text, so what comes back from storage
 * is validated (and migrated) exactly like an imported file.
 *
 * A failed save never damages what was saved before: the IndexedDB write is one readwrite transaction, which the
 * browser commits whole or not at all (a QuotaExceededError aborts it and the old record stays). Failures surface as
 * StorageError with a reason the UI can word: quota, unavailable, corrupt, failed.
 */
import { errorMessage } from '../domain';
import { StorageError, WorkbookError } from './errors';
import { parseWorkbookFile, serializeWorkbook } from './workbook-file';
import type { Workbook } from './workbook';
import { done, request } from './idb';

/** Loads and saves the current workbook. */
export interface WorkbookStore {
  /** The saved workbook, or undefined when nothing was saved; StorageError when storage fails or the record is unreadable. */
  load(): Promise<Workbook | undefined>;
  /** Save the workbook; StorageError on failure, leaving the previous save as it was. */
  save(w: Workbook): Promise<void>;
}

/** Turn whatever storage threw into a StorageError whose message says what happened and what to do. */
export function toStorageError(e: unknown, action: 'save' | 'load' | 'open'): StorageError {
  if (e instanceof StorageError) return e;
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError' || (e as { code?: unknown } | null)?.code === 22) {
    return new StorageError('quota', "The browser's storage for this page is full, so the workbook was not saved (the last save is kept). Export the workbook to a file, or remove embedded data or loaded tables to free space.", { cause: e });
  }
  if (name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError' || (name === 'UnknownError' && action === 'open')) {
    return new StorageError('unavailable', 'This browser does not let the page keep data (a private window or a policy may block it). Export the workbook to a file to keep it.', { cause: e });
  }
  const why = errorMessage(e);
  return new StorageError('failed', `The workbook could not be ${action === 'save' ? 'saved' : 'read back'} (${why}). Export it to a file to be safe.`, { cause: e });
}

/** A store in memory; `quotaBytes` makes saves larger than that fail as a full disk would. */
export function memoryStore(options: { quotaBytes?: number } = {}): WorkbookStore & { readonly text: string | undefined } {
  let saved: string | undefined;
  return {
    get text() {
      return saved;
    },
    async load() {
      return saved === undefined ? undefined : readRecord(saved);
    },
    async save(w) {
      const text = serializeWorkbook(w); // throws WorkbookError before anything is touched
      if (options.quotaBytes !== undefined && text.length > options.quotaBytes) {
        throw toStorageError(new DOMException('quota exceeded', 'QuotaExceededError'), 'save');
      }
      saved = text;
    },
  };
}

function readRecord(text: unknown): Workbook {
  if (typeof text !== 'string') throw new StorageError('corrupt', 'The saved workbook is not one the workbench wrote; it was left as it is. Import a workbook file instead.');
  try {
    return parseWorkbookFile(text);
  } catch (e) {
    if (e instanceof WorkbookError) {
      throw new StorageError('corrupt', `The saved workbook can't be read (${e.message}); it was left as it is. Import a workbook file instead.`, { cause: e });
    }
    throw e;
  }
}

const STORE = 'workbooks';
const KEY = 'current';


/** The IndexedDB store (database `soc-workbench` unless named); `factory` defaults to the page's indexedDB. */
export function indexedDbStore(options: { name?: string; factory?: IDBFactory } = {}): WorkbookStore {
  const name = options.name ?? 'soc-workbench';
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
      if (!factory) throw new StorageError('unavailable', 'This browser offers no IndexedDB here, so workbooks are not kept. Export the workbook to a file to keep it.');
      const r = factory.open(name, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new DOMException('another tab holds an older version of the database open', 'InvalidStateError'));
    }).catch((e) => {
      db = undefined; // let a later call try again (storage may be granted later)
      throw toStorageError(e, 'open');
    });
    return db;
  };
  return {
    async load() {
      const d = await open();
      let text: unknown;
      try {
        text = await request(d.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
      } catch (e) {
        throw toStorageError(e, 'load');
      }
      return text === undefined ? undefined : readRecord(text);
    },
    async save(w) {
      const text = serializeWorkbook(w);
      const d = await open();
      try {
        const tx = d.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put(text, KEY);
        await done(tx);
      } catch (e) {
        throw toStorageError(e, 'save');
      }
    },
  };
}
