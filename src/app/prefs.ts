/**
 * Small preferences that outlive the tab where the browser allows (peer groups, the highlighted force), as JSON in
 * localStorage. Injected into state classes so that tests can use the in-memory one. A browser that refuses storage
 * (a locked-down profile) gets the in-memory behaviour and the caller is told the save did not stick.
 */
import { browserStore, memoryStore, type KeyValueStore } from './browser-storage';

/** Read and write small JSON values by key. */
export interface Prefs {
  get(key: string): unknown;
  /** False when the value could not be kept beyond this tab. */
  set(key: string, value: unknown): boolean;
}

const PREFIX = 'soc-workbench:';

/** Preferences in this browser's localStorage, falling back to memory when it is unavailable or full. */
export function browserPrefs(): Prefs {
  return jsonPrefs(browserStore());
}

/** Preferences kept in memory only. */
export function memoryPrefs(): Prefs {
  return jsonPrefs(memoryStore());
}

/** Preferences as JSON under `soc-workbench:<key>` in a store; a value that does not parse reads as unset. */
function jsonPrefs(store: KeyValueStore): Prefs {
  return {
    get(key) {
      try {
        const text = store.get(PREFIX + key);
        return text == null ? undefined : JSON.parse(text);
      } catch {
        return undefined;
      }
    },
    set: (key, value) => store.set(PREFIX + key, JSON.stringify(value)),
  };
}
