/**
 * Small preferences that outlive the tab where the browser allows (peer groups, the highlighted force), as JSON in
 * localStorage. Injected into state classes so that tests can use the in-memory one. A browser that refuses storage
 * (a locked-down profile) gets the in-memory behaviour and the caller is told the save did not stick.
 */

/** Read and write small JSON values by key. */
export interface Prefs {
  get(key: string): unknown;
  /** False when the value could not be kept beyond this tab. */
  set(key: string, value: unknown): boolean;
}

const PREFIX = 'soc-workbench:';

/** Preferences in this browser's localStorage, falling back to memory when it is unavailable or full. */
export function browserPrefs(): Prefs {
  const memory = memoryPrefs();
  return {
    get(key) {
      try {
        const text = globalThis.localStorage?.getItem(PREFIX + key);
        return text == null ? memory.get(key) : JSON.parse(text);
      } catch {
        return memory.get(key);
      }
    },
    set(key, value) {
      memory.set(key, value);
      try {
        globalThis.localStorage.setItem(PREFIX + key, JSON.stringify(value));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Preferences kept in memory only. */
export function memoryPrefs(): Prefs {
  const values = new Map<string, string>();
  return {
    get: (key) => (values.has(key) ? JSON.parse(values.get(key) as string) : undefined),
    set: (key, value) => (values.set(key, JSON.stringify(value)), true),
  };
}
