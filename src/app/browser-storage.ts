/**
 * Small strings kept in this browser's localStorage, falling back to memory: a locked-down profile may refuse
 * storage or be full, and the app must go on for the session and say the value did not stick.
 */

/** The tiny storage interface: localStorage's shape, minus what we do not use. */
export interface KeyValueStore {
  get(key: string): string | null;
  /** False when the value is kept in memory only (storage refused or full). */
  set(key: string, value: string): boolean;
}

/** A store in memory only (tests; browsers that refuse storage). */
export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => (m.set(k, v), true) };
}

/** localStorage when the browser allows it, else memory; never throws. */
export function browserStore(): KeyValueStore {
  const fallback = memoryStore();
  const ls = (): Storage | null => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  };
  return {
    get(k) {
      try {
        return ls()?.getItem(k) ?? fallback.get(k);
      } catch {
        return fallback.get(k);
      }
    },
    set(k, v) {
      fallback.set(k, v);
      try {
        const storage = ls();
        storage?.setItem(k, v);
        return storage !== null;
      } catch {
        // Quota or policy: the session keeps the value in memory.
        return false;
      }
    },
  };
}
