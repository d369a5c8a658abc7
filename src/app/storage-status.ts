/**
 * Whether what the user loads and saves can outlive the tab in this browser:
 * one honest line for the header. The decision (`describeStorage`) is pure;
 * `probeStorage` asks the browser and is the only part with effects.
 *
 * Measured in Chromium 156: from file:// IndexedDB opens (origin "file://",
 * shared by every local page) but the origin private file system throws
 * SecurityError; served over http(s) both work. A private window answers the
 * same as a normal one, so the line never promises more than "best effort"
 * unless the browser granted persistent storage.
 */

/** What the browser said about storage for this page. */
export interface StorageProbe {
  /** An IndexedDB database could be opened (and created). */
  indexedDB: boolean;
  /** `navigator.storage.getDirectory()` (the origin private file system) worked. */
  opfs: boolean;
  /** `navigator.storage.persisted()`: true when the browser promised not to evict; null when it cannot say. */
  persisted: boolean | null;
  /** `navigator.storage.estimate().quota`, or null. */
  quotaBytes: number | null;
  /** The page was opened from disk. */
  fromFile: boolean;
}

/** How much the browser will keep. */
export type StorageLevel = 'persistent' | 'best-effort' | 'none';

/** The line shown to the user and a longer explanation (a tooltip). */
export interface StorageStatus {
  level: StorageLevel;
  text: string;
  detail: string;
}

/** Decide what to tell the user about storage, from what the browser said. */
export function describeStorage(p: StorageProbe): StorageStatus {
  const where = p.fromFile
    ? ' Opened from a file: every local HTML file in this browser profile shares this storage.'
    : '';
  const bigFiles = p.opfs ? '' : ' Large data files cannot be kept here (no origin private file system), only workbooks.';
  const quota = p.quotaBytes ? ` Space offered: ${formatBytes(p.quotaBytes)}.` : '';
  if (!p.indexedDB && !p.opfs)
    return {
      level: 'none',
      text: 'Storage: not available here — save workbooks to files',
      detail:
        'This browser does not let this page keep anything (a managed profile or policy may block site storage).' +
        ' Nothing you load or save survives closing the tab; export workbooks to files to keep them.',
    };
  if (p.persisted === true)
    return {
      level: 'persistent',
      text: 'Storage: available (this browser keeps workbooks)',
      detail: `The browser has granted persistent storage: it will not clear it to free space.${where}${bigFiles}${quota}`,
    };
  return {
    level: 'best-effort',
    text: 'Storage: available, not guaranteed — save important workbooks to files',
    detail:
      'Workbooks can be kept in this browser, but it may clear them when space runs low, when site data is cleared,' +
      ` or at exit in a private window or a profile that clears storage.${where}${bigFiles}${quota}`,
  };
}

/** The browser APIs `probeStorage` uses; injected so tests can stand in for them. */
export interface StorageEnv {
  indexedDB?: IDBFactory;
  navigator?: { storage?: Partial<Pick<StorageManager, 'persisted' | 'estimate' | 'getDirectory'>> };
  location?: { protocol: string };
}

const PROBE_DB = 'soc-workbench-storage-probe';

/** Ask the browser what it will keep. Never throws; each question is timed out (a blocked open can hang). */
export async function probeStorage(env: StorageEnv = globalThis as StorageEnv, timeoutMs = 3000): Promise<StorageProbe> {
  const storage = env.navigator?.storage;
  const [indexedDB, opfs, persisted, estimate] = await Promise.all([
    settle(openProbeDb(env.indexedDB), timeoutMs, false),
    settle(
      storage?.getDirectory ? storage.getDirectory().then(() => true) : Promise.resolve(false),
      timeoutMs,
      false,
    ),
    settle(storage?.persisted ? storage.persisted() : Promise.resolve(null), timeoutMs, null),
    settle(storage?.estimate ? storage.estimate() : Promise.resolve(null), timeoutMs, null),
  ]);
  return { indexedDB, opfs, persisted, quotaBytes: estimate?.quota ?? null, fromFile: env.location?.protocol === 'file:' };
}

function openProbeDb(factory: IDBFactory | undefined): Promise<boolean> {
  if (!factory) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = factory.open(PROBE_DB);
    req.onsuccess = () => {
      req.result.close();
      factory.deleteDatabase(PROBE_DB);
      resolve(true);
    };
    req.onerror = () => resolve(false);
    req.onblocked = () => resolve(false);
  });
}

async function settle<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<F>((r) => (timer = setTimeout(() => r(fallback), ms)))]);
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

function formatBytes(n: number): string {
  const gb = n / 2 ** 30;
  return gb >= 1 ? `${gb.toFixed(gb >= 10 ? 0 : 1)} GB` : `${Math.round(n / 2 ** 20)} MB`;
}
