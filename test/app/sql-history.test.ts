import { describe, expect, it } from 'vitest';
import {
  HISTORY_CAP,
  HISTORY_SQL_CHARS,
  addEntry,
  historyEntry,
  newestFirst,
  readEntry,
  searchHistory,
  type HistoryEntry,
} from '../../src/app/sql-history';

const at = new Date('2026-12-03T14:05:00Z');
const ok = (id: number, sql: string, rows = 1): HistoryEntry => historyEntry(id, sql, at, 12.4, { rows });

describe('historyEntry', () => {
  it('keeps the text, the start time, the whole milliseconds and the row count', () => {
    expect(historyEntry(7, 'SELECT 1', at, 12.6, { rows: 1 })).toEqual({ id: 7, sql: 'SELECT 1', at: '2026-12-03T14:05:00.000Z', ms: 13, status: 'ok', rows: 1 });
  });

  it('keeps an error message, and a cancel', () => {
    expect(historyEntry(1, 'SELEC 1', at, 3, { error: 'Parser Error: syntax error at or near "SELEC"' })).toMatchObject({ status: 'error', error: 'Parser Error: syntax error at or near "SELEC"' });
    expect(historyEntry(1, 'SELECT 1', at, 3, { cancelled: true })).toMatchObject({ status: 'cancelled' });
    expect(historyEntry(1, 'SELECT 1', at, 3, { cancelled: true })).not.toHaveProperty('rows');
  });

  it('cuts a statement longer than the limit, and says so in the text', () => {
    const e = historyEntry(1, `SELECT '${'x'.repeat(HISTORY_SQL_CHARS)}'`, at, 1, { rows: 1 });
    expect(e.sql.startsWith(`SELECT '${'x'.repeat(100)}`)).toBe(true);
    expect(e.sql).toMatch(/-- \(cut: the statement had 100,009 characters\)$/);
  });
});

describe('addEntry and newestFirst', () => {
  it('puts the newest first and keeps at most the cap', () => {
    let list: HistoryEntry[] = [];
    for (let i = 1; i <= HISTORY_CAP + 5; i++) list = addEntry(list, ok(i, `SELECT ${i}`));
    expect(list).toHaveLength(HISTORY_CAP);
    expect(list[0].id).toBe(HISTORY_CAP + 5);
    expect(list.at(-1)!.id).toBe(6);
  });

  it('a smaller cap, and an entry added again is not listed twice', () => {
    const list = addEntry(addEntry([ok(1, 'a'), ok(2, 'b')], ok(3, 'c'), 2), ok(3, 'c'), 2);
    expect(list.map((e) => e.id)).toEqual([3, 1]);
  });

  it('orders records from a store by id, newest first, and caps them', () => {
    expect(newestFirst([ok(2, 'b'), ok(9, 'c'), ok(1, 'a')], 2).map((e) => e.id)).toEqual([9, 2]);
  });
});

describe('searchHistory', () => {
  const list = [
    ok(4, 'SELECT force, count(*) FROM disruptions_synthetic GROUP BY force'),
    historyEntry(3, 'SELECT * FROM missing_table', at, 2, { error: 'Catalog Error: Table with name missing_table does not exist!' }),
    ok(2, 'select region from force_population_synthetic'),
    ok(1, "SELECT 'O''Brien' AS name"),
  ];

  it.each([
    ['', [4, 3, 2, 1]],
    ['   ', [4, 3, 2, 1]],
    ['force', [4, 2]],
    ['FORCE', [4, 2]],
    ['select force', [4, 2]],
    ['"group by"', [4]],
    ['catalog error', [3]],
    ["o''brien", [1]],
    ['nothing-like-this', []],
  ] as const)('%j matches %j, in order', (query, ids) => {
    expect(searchHistory(list, query).map((e) => e.id)).toEqual(ids);
  });
});

describe('readEntry', () => {
  it('reads what historyEntry made', () => {
    const e = historyEntry(1, 'SELECT 1', at, 2, { error: 'x' });
    expect(readEntry(structuredClone(e))).toEqual(e);
  });

  it.each([
    ['null', null],
    ['a string', 'SELECT 1'],
    ['no id', { sql: 'x', at: at.toISOString(), ms: 1, status: 'ok', rows: 1 }],
    ['a bad time', { id: 1, sql: 'x', at: 'yesterday', ms: 1, status: 'ok', rows: 1 }],
    ['ok without rows', { id: 1, sql: 'x', at: at.toISOString(), ms: 1, status: 'ok' }],
    ['an unknown status', { id: 1, sql: 'x', at: at.toISOString(), ms: 1, status: 'maybe' }],
  ])('refuses %s', (_, x) => {
    expect(readEntry(x)).toBeUndefined();
  });
});
