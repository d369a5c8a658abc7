/**
 * The SQL history's pure part (issue 20 item 1): what one run statement leaves behind, the cap, the order and the
 * search. The state class (sql-history.svelte.ts) and the store (history-store.ts) add the effects.
 */

/** One statement the user ran in the SQL editor: its text, when, how long, and its row count or error. */
export interface HistoryEntry {
  /** Increasing with every run: the newest entry has the largest id. */
  id: number;
  sql: string;
  /** When it started, as an ISO time. */
  at: string;
  /** How long it took, in milliseconds. */
  ms: number;
  status: 'ok' | 'error' | 'cancelled';
  /** Rows of the result (`ok` only). */
  rows?: number;
  /** DuckDB's message (`error` only). */
  error?: string;
}

/** How many entries are kept: the newest, the older ones are dropped. */
export const HISTORY_CAP = 1000;

/** The longest statement kept whole; a longer one is kept cut to this, and says so. */
export const HISTORY_SQL_CHARS = 100_000;

/** What a run of one statement gave, as the runner knows it. */
export type RunOutcome = { rows: number } | { error: string } | { cancelled: true };

/** The entry for a statement that started at `at` and took `ms`, with its outcome; `id` comes from the store. */
export function historyEntry(id: number, sql: string, at: Date, ms: number, outcome: RunOutcome): HistoryEntry {
  const text = sql.length > HISTORY_SQL_CHARS ? `${sql.slice(0, HISTORY_SQL_CHARS)}\n-- (cut: the statement had ${sql.length.toLocaleString('en-GB')} characters)` : sql;
  const base = { id, sql: text, at: at.toISOString(), ms: Math.max(0, Math.round(ms)) };
  if ('rows' in outcome) return { ...base, status: 'ok', rows: outcome.rows };
  if ('error' in outcome) return { ...base, status: 'error', error: outcome.error };
  return { ...base, status: 'cancelled' };
}

/** The list with `entry` added, newest first, at most `cap` long. */
export function addEntry(list: readonly HistoryEntry[], entry: HistoryEntry, cap = HISTORY_CAP): HistoryEntry[] {
  return [entry, ...list.filter((e) => e.id !== entry.id)].slice(0, Math.max(0, cap));
}

/** Entries newest first (by id), at most `cap` of them: what a store's records become. */
export function newestFirst(list: readonly HistoryEntry[], cap = HISTORY_CAP): HistoryEntry[] {
  return [...list].sort((a, b) => b.id - a.id).slice(0, Math.max(0, cap));
}

/**
 * The entries matching a search, in their order: every word of the search (case-insensitive) must occur in the
 * statement or its error message; a quoted phrase counts as one word. An empty search matches everything.
 */
export function searchHistory(list: readonly HistoryEntry[], query: string): HistoryEntry[] {
  const words = searchWords(query);
  if (words.length === 0) return [...list];
  return list.filter((e) => {
    const hay = `${e.sql}\n${e.error ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

function searchWords(query: string): string[] {
  const words: string[] = [];
  for (const m of query.toLowerCase().matchAll(/"([^"]*)"|(\S+)/g)) {
    const w = m[1] ?? m[2];
    if (w) words.push(w);
  }
  return words;
}

/**
 * A record read back from storage, checked: anything another version (or a damaged store) left that is not an
 * entry is undefined, so the list shows only what it can show.
 */
export function readEntry(x: unknown): HistoryEntry | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id) || typeof r.sql !== 'string' || typeof r.at !== 'string' || typeof r.ms !== 'number') return undefined;
  if (Number.isNaN(Date.parse(r.at))) return undefined;
  const base = { id: r.id, sql: r.sql, at: r.at, ms: r.ms };
  if (r.status === 'ok' && typeof r.rows === 'number') return { ...base, status: 'ok', rows: r.rows };
  if (r.status === 'error' && typeof r.error === 'string') return { ...base, status: 'error', error: r.error };
  if (r.status === 'cancelled') return { ...base, status: 'cancelled' };
  return undefined;
}
