/**
 * Where the SQL history is kept between sessions: IndexedDB in the browser (its own database, so a history that
 * fills up or is cleared never touches the workbook or the kept files), memory in tests and when the browser keeps
 * nothing. Failures are errors whose message says what is lost, for the history panel to show.
 */
import { done, request } from '../workbook';
import { newestFirst, readEntry, type HistoryEntry } from './sql-history';

/** Keeps the history: the newest `cap` entries. */
export interface HistoryStore {
  /** The kept entries, newest first; records that are not entries are skipped. */
  list(): Promise<HistoryEntry[]>;
  /** Keep an entry, dropping the oldest beyond `cap`. */
  add(entry: HistoryEntry, cap: number): Promise<void>;
  /** Forget every entry. */
  clear(): Promise<void>;
}

/** A store in memory (tests; a browser that keeps nothing). */
export function memoryHistoryStore(): HistoryStore & { readonly size: number } {
  let kept: HistoryEntry[] = [];
  return {
    get size() {
      return kept.length;
    },
    async list() {
      return newestFirst(kept.map((e) => structuredClone(e)));
    },
    async add(entry, cap) {
      kept = newestFirst([...kept.filter((e) => e.id !== entry.id), structuredClone(entry)], cap);
    },
    async clear() {
      kept = [];
    },
  };
}

const DB = 'soc-workbench-history';
const STORE = 'entries';

/** Why the history is not kept, in words for the panel. */
function explain(e: unknown, doing: 'open' | 'keep' | 'read' | 'clear'): Error {
  const name = (e as { name?: unknown } | null)?.name;
  const why =
    name === 'QuotaExceededError'
      ? "this browser's storage for the page is full"
      : name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError'
        ? 'this browser does not let the page keep data (a private window or a policy may block it)'
        : ((e as Error)?.message ?? String(e));
  const what = {
    open: 'Your queries are kept for this tab only',
    keep: 'The last query was not kept for next time',
    read: 'Queries kept from earlier sessions could not be read',
    clear: 'The kept history could not be cleared',
  }[doing];
  return new Error(`${what}: ${why}.`, { cause: e });
}

/** The IndexedDB store (database `soc-workbench-history`); rejects, with what is lost, when the browser refuses one. */
export async function openHistoryStore(factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB): Promise<HistoryStore> {
  if (!factory) throw explain(new Error('this browser offers no IndexedDB here'), 'open');
  let db: IDBDatabase;
  try {
    const open = factory.open(DB, 1);
    // Keyed by the entry's id, which grows with every run: the oldest come first in a cursor.
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
    db = await request(open);
  } catch (e) {
    throw explain(e, 'open');
  }
  return {
    async list() {
      try {
        const all = (await request(db.transaction(STORE).objectStore(STORE).getAll())) as unknown[];
        return newestFirst(all.map(readEntry).filter((e): e is HistoryEntry => e !== undefined), Number.MAX_SAFE_INTEGER);
      } catch (e) {
        throw explain(e, 'read');
      }
    },
    async add(entry, cap) {
      try {
        const tx = db.transaction(STORE, 'readwrite');
        const store = tx.objectStore(STORE);
        store.put(entry);
        // One transaction: the entry and the trim are kept together or not at all.
        const count = await request(store.count());
        let over = count - cap;
        if (over > 0) {
          const cursors = store.openCursor();
          cursors.onsuccess = () => {
            const c = cursors.result;
            if (!c || over <= 0) return;
            c.delete();
            over--;
            c.continue();
          };
        }
        await done(tx);
      } catch (e) {
        throw explain(e, 'keep');
      }
    },
    async clear() {
      try {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).clear();
        await done(tx);
      } catch (e) {
        throw explain(e, 'clear');
      }
    },
  };
}
