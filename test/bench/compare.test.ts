import { describe, expect, it } from 'vitest';
import { changeTable, compareRuns, previousResultFile, verdictOf, type RunResults } from '../../bench/compare';
import type { Measurement } from '../../bench/context';

const m = (c: string, size: string, samplesMs: number[], engine: Measurement['engine'] = 'wasm'): Measurement => ({ case: c, size, engine, samplesMs });

describe('verdictOf', () => {
  it.each([
    [1000, 1100, 'same (within noise)'], // +10 %: under 15 %
    [1000, 1200, 'slower'], // +20 % and +200 ms
    [1000, 800, 'faster'],
    [20, 29, 'same (within noise)'], // +45 % but only 9 ms
    [20, 31, 'slower'], // +55 % and 11 ms
    [60, 70, 'same (within noise)'], // exactly 10 ms
    [200, 230, 'same (within noise)'], // exactly 15 %
    [200, 231, 'slower'],
  ])('%d ms → %d ms: %s', (before, now, verdict) => {
    expect(verdictOf(before, now)).toBe(verdict);
  });

  it('takes another band', () => {
    expect(verdictOf(100, 104, { fraction: 0.01, ms: 1 })).toBe('slower');
  });
});

describe('compareRuns', () => {
  const before: RunResults = {
    date: '2026-12-01',
    machine: { loadAverage: { start: 7, end: 4.7 } },
    measurements: [
      m('groupby.table', '1m', [90, 100, 110]),
      m('groupby.table', '1m', [40, 50, 60], 'native-2t'),
      m('groupby.table', '1m', [800], 'arquero'),
      m('groupby.table', '10m', [1700]),
      m('grid.render', '1m', [900]),
      m('render.total', '1m', [4000, 5000], 'native-2t'),
      m('retired.case', '1m', [10]),
    ],
  };
  const now: RunResults = {
    date: '2026-12-06',
    measurements: [
      m('groupby.table', '1m', [140, 150, 160]),
      m('groupby.table', '1m', [70, 75, 80], 'native-2t'),
      m('groupby.table', '10m', [1000]),
      m('grid.render', '1m', [950]),
      m('render.total', '1m', [4500], 'native-2t'),
      m('builder.cube', '1m', [459]),
      m('broken.case', '1m', [NaN]),
    ],
  };
  const caseOrder = ['builder.cube', 'groupby.table', 'grid.render', 'render.total'];
  const c = compareRuns(now, before, { caseOrder });
  const find = (id: string, size: string) => c.changes.find((x) => x.case === id && x.size === size);

  it('compares the app engine by case and size, with native 2t beside it', () => {
    expect(find('groupby.table', '1m')).toEqual({
      case: 'groupby.table',
      size: '1m',
      engine: 'wasm',
      beforeMs: 100,
      nowMs: 150,
      ratio: 1.5,
      nativeRatio: 1.5,
      verdict: 'slower',
    });
    expect(find('groupby.table', '10m')?.verdict).toBe('faster');
    expect(find('grid.render', '1m')).toMatchObject({ ratio: 950 / 900, nativeRatio: null, verdict: 'same (within noise)' });
  });

  it('compares native DuckDB for a case the browser does not run', () => {
    expect(find('render.total', '1m')).toMatchObject({ engine: 'native-2t', beforeMs: 4500, nowMs: 4500, nativeRatio: null, verdict: 'same (within noise)' });
  });

  it('lists new and missing cases, and skips a case with no finite sample', () => {
    expect(find('builder.cube', '1m')).toMatchObject({ beforeMs: null, nowMs: 459, ratio: null, verdict: 'new' });
    expect(find('retired.case', '1m')).toMatchObject({ beforeMs: 10, nowMs: null, verdict: 'missing' });
    expect(find('broken.case', '1m')).toBeUndefined();
  });

  it('orders by the case order given, then by name, sizes small to large', () => {
    expect(c.changes.map((x) => `${x.case} ${x.size}`)).toEqual([
      'builder.cube 1m',
      'groupby.table 1m',
      'groupby.table 10m',
      'grid.render 1m',
      'render.total 1m',
      'retired.case 1m',
    ]);
  });

  it('prints a count and a table; a partial run counts the cases it did not run', () => {
    const full = changeTable(c);
    expect(full).toContain('1 slower, 1 faster, 2 the same within noise (±15 % and ±10 ms), 1 new, 1 missing');
    expect(full).toContain('2026-12-01 (load average 7.0 → 4.7) → 2026-12-06 (load average not recorded)');
    expect(full).toContain('| groupby.table | 1m | wasm | 100 | 150 | 1.50× | 1.50× | **slower** |');
    expect(full).toContain('| retired.case | 1m | wasm | 10 | – | – | – | missing |');
    const partial = changeTable({ ...c, partial: true });
    expect(partial).toContain('1 not in this partial run');
    expect(partial).not.toContain('retired.case');
  });

  it('in a partial run, compares a case on native DuckDB when only its native reference ran', () => {
    const native: RunResults = { date: '2026-12-06', measurements: [m('groupby.table', '1m', [70, 75, 80], 'native-2t')] };
    const p = compareRuns(native, before, { caseOrder, partial: true });
    expect(p.changes.find((x) => x.case === 'groupby.table' && x.size === '1m')).toMatchObject({
      engine: 'native-2t',
      beforeMs: 50,
      nowMs: 75,
      nativeRatio: null,
      verdict: 'slower',
    });
    expect(changeTable(p)).toContain('1 slower, 0 faster, 0 the same within noise (±15 % and ±10 ms), 0 new, 4 not in this partial run');
    // A full run holds the app's engine to account: its number is missing, whatever native did.
    expect(compareRuns(native, before, { caseOrder }).changes.find((x) => x.case === 'groupby.table' && x.size === '1m')?.verdict).toBe('missing');
  });
});

describe('previousResultFile', () => {
  const names = ['2026-11-25.json', '2026-12-01.json', '2026-12-06-partial.json', '2026-12-06.json', 'README.txt'];

  it('takes the newest full file other than the one this run writes', () => {
    expect(previousResultFile(names, 'bench/results/2026-12-06.json')).toBe('2026-12-01.json');
  });

  it('lets a partial run compare with a full run of the same day, never with a partial file', () => {
    expect(previousResultFile(names, 'bench/results/2026-12-06-partial.json')).toBe('2026-12-06.json');
    expect(previousResultFile(['2026-12-06-partial.json'], 'bench/results/2026-12-07-partial.json')).toBeNull();
  });
});
