/**
 * The SQL history as the app holds it (issue 20 item 1): every statement run from the SQL editor, newest first,
 * searchable, kept in this browser between sessions. The store is injected (tests pass a memory one); when the
 * browser keeps nothing the history still works for the tab, and `problem` says so.
 */
import { errorMessage } from '../domain';
import type { HistoryStore } from './history-store';
import { HISTORY_CAP, addEntry, historyEntry, newestFirst, searchHistory, type HistoryEntry, type RunOutcome } from './sql-history';

export class SqlHistory {
  #entries = $state.raw<HistoryEntry[]>([]);
  #problem = $state<string | null>(null);
  /** What the user typed in the history's search box. */
  search = $state('');
  /** The entries the search matches, newest first. */
  readonly shown: HistoryEntry[] = $derived(searchHistory(this.#entries, this.search));
  #store: Promise<HistoryStore | undefined>;
  #lastId = 0;
  /** Writes one after another, so the store trims in the order the statements ran. */
  #writes: Promise<unknown> = Promise.resolve();

  constructor(store: Promise<HistoryStore> | HistoryStore | undefined, private readonly cap = HISTORY_CAP) {
    this.#store = Promise.resolve(store).catch((e) => {
      this.#problem = errorMessage(e);
      return undefined;
    });
  }

  /** Every entry, newest first. */
  get entries(): HistoryEntry[] {
    return this.#entries;
  }

  /** Why the history is not (or not wholly) kept for next time; null when it is. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Bring back the history kept from earlier sessions (entries recorded meanwhile stay, newest first). */
  async restore(): Promise<void> {
    const store = await this.#store;
    if (!store) return;
    try {
      const kept = await store.list();
      this.#lastId = Math.max(this.#lastId, ...kept.map((e) => e.id));
      const recorded = new Set(this.#entries.map((e) => e.id));
      this.#entries = newestFirst([...this.#entries, ...kept.filter((e) => !recorded.has(e.id))], this.cap);
    } catch (e) {
      this.#problem = errorMessage(e);
    }
  }

  /** Keep a statement that started at `at` and took `ms`; returns its entry. */
  record(sql: string, at: Date, ms: number, outcome: RunOutcome): HistoryEntry {
    // Ids grow with time, so another tab's entries interleave by when they ran.
    const id = Math.max(this.#lastId + 1, at.getTime());
    this.#lastId = id;
    const entry = historyEntry(id, sql, at, ms, outcome);
    this.#entries = addEntry(this.#entries, entry, this.cap);
    this.#write((s) => s.add(entry, this.cap));
    return entry;
  }

  /** Forget every entry, here and in the store. */
  async clear(): Promise<void> {
    this.#entries = [];
    this.#write((s) => s.clear());
    await this.#writes;
  }

  #write(f: (s: HistoryStore) => Promise<void>): void {
    this.#writes = this.#writes.then(async () => {
      const store = await this.#store;
      if (!store) return;
      try {
        await f(store);
      } catch (e) {
        this.#problem = errorMessage(e);
      }
    });
  }

  /** Resolves when every write so far has been tried (tests). */
  settled(): Promise<unknown> {
    return this.#writes;
  }
}
