/** SqlHistory (src/app/sql-history.svelte.ts) in node with the memory store and with stores that fail. */
import { describe, expect, it } from 'vitest';
import { memoryHistoryStore, type HistoryStore } from '../../src/app/history-store';
import { SqlHistory } from '../../src/app/sql-history.svelte';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 14, minute));

describe('SqlHistory', () => {
  it('records newest first, keeps them in the store, and a new session brings them back', async () => {
    const store = memoryHistoryStore();
    const h = new SqlHistory(store);
    await h.restore();
    h.record('SELECT 1', at(0), 5, { rows: 1 });
    h.record('SELEC 2', at(1), 2, { error: 'Parser Error: syntax error at or near "SELEC"' });
    expect(h.entries.map((e) => e.sql)).toEqual(['SELEC 2', 'SELECT 1']);
    await h.settled();
    const next = new SqlHistory(store);
    await next.restore();
    expect(next.entries).toEqual(h.entries);
    expect(next.problem).toBeNull();
  });

  it('the search filters what is shown, not what is kept', async () => {
    const h = new SqlHistory(memoryHistoryStore());
    h.record('SELECT force FROM a', at(0), 1, { rows: 43 });
    h.record('SELECT region FROM b', at(1), 1, { rows: 9 });
    h.search = 'force';
    expect(h.shown.map((e) => e.sql)).toEqual(['SELECT force FROM a']);
    expect(h.entries).toHaveLength(2);
  });

  it('keeps at most the cap, in memory and in the store', async () => {
    const store = memoryHistoryStore();
    const h = new SqlHistory(store, 3);
    for (let i = 0; i < 5; i++) h.record(`SELECT ${i}`, at(i), 1, { rows: 1 });
    await h.settled();
    expect(h.entries.map((e) => e.sql)).toEqual(['SELECT 4', 'SELECT 3', 'SELECT 2']);
    expect(store.size).toBe(3);
  });

  it('ids grow even when two statements start in the same millisecond', () => {
    const h = new SqlHistory(undefined);
    const a = h.record('SELECT 1', at(0), 1, { rows: 1 });
    const b = h.record('SELECT 2', at(0), 1, { rows: 1 });
    expect(b.id).toBeGreaterThan(a.id);
  });

  it('entries recorded before the kept ones come back stay, newest first', async () => {
    const store = memoryHistoryStore();
    await store.add({ id: at(0).getTime(), sql: 'old', at: at(0).toISOString(), ms: 1, status: 'ok', rows: 1 }, 10);
    const h = new SqlHistory(store);
    h.record('new', at(5), 1, { rows: 1 });
    await h.restore();
    expect(h.entries.map((e) => e.sql)).toEqual(['new', 'old']);
  });

  it('clear forgets everything, here and in the store', async () => {
    const store = memoryHistoryStore();
    const h = new SqlHistory(store);
    h.record('SELECT 1', at(0), 1, { rows: 1 });
    await h.clear();
    expect(h.entries).toEqual([]);
    expect(store.size).toBe(0);
  });

  it('a store that will not open: the history works for the tab and says it is not kept', async () => {
    const h = new SqlHistory(Promise.reject(new Error('Your queries are kept for this tab only: no IndexedDB.')));
    await h.restore();
    h.record('SELECT 1', at(0), 1, { rows: 1 });
    await h.settled();
    expect(h.entries).toHaveLength(1);
    expect(h.problem).toBe('Your queries are kept for this tab only: no IndexedDB.');
  });

  it('a store that refuses a write: the entry stays on screen and the problem is said', async () => {
    const full: HistoryStore = {
      list: async () => [],
      add: async () => {
        throw new Error("The last query was not kept for next time: this browser's storage for the page is full.");
      },
      clear: async () => {},
    };
    const h = new SqlHistory(full);
    h.record('SELECT 1', at(0), 1, { rows: 1 });
    await h.settled();
    expect(h.entries).toHaveLength(1);
    expect(h.problem).toMatch(/not kept for next time: .*full/);
  });
});
