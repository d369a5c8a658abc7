import { describe, expect, it } from 'vitest';
import { byarRateInterval } from '../../src/domain/poisson';
import { hiddenCells } from '../../src/domain/suppression-cells';
import { DEFAULT_PROTECTION, SUPPRESSED_MARK, isSuppressed, parseProtection, protectRows, type Protection } from '../../src/domain/suppression';
import { parseViewSpec, type ViewSpec } from '../../src/domain/view-spec';

type Row = Record<string, unknown>;

const spec = (extra: Record<string, unknown> = {}): ViewSpec =>
  parseViewSpec({
    version: 1,
    table: 'disruptions',
    roles: { force: 'force', threat: 'threat', period: 'year' },
    measure: { column: null, aggregate: 'count' },
    compareBy: { by: 'force' },
    comparison: { kind: 'total' },
    ...extra,
  });

const rateSpec = (extra: Record<string, unknown> = {}) =>
  spec({
    comparison: { kind: 'rate_per_100k' },
    denominator: { table: 'population', population: 'population', force: 'force' },
    uncertainty: { ci: 95 },
    ...extra,
  });

const P10: Protection = { threshold: 10, roundTo5: false };
const FORCES = ['Cleveland', 'Durham', 'Northumbria', 'Cumbria', 'Lancashire', 'Merseyside', 'Kent'];

/** A by-force total view: one row per force. */
const totals = (counts: number[]): Row[] => counts.map((value, i) => ({ force: FORCES[i], value }));

/** A by-force rate view as the compiler writes it, the six forces standing for England and Wales. */
function rateRows(data: [string, number, number][], peers?: string[], self?: string): Row[] {
  const rate = (rows: typeof data) => (1e5 * rows.reduce((a, r) => a + r[1], 0)) / rows.reduce((a, r) => a + r[2], 0);
  const reference = rate(data);
  return data.map(([force, numerator, population]) => {
    const { lower, upper } = byarRateInterval(numerator, population);
    const row: Row = { force, value: (1e5 * numerator) / population, numerator, population, lower, upper, reference };
    if (peers) {
      row.peer_rate = rate(data.filter((r) => peers.includes(r[0])));
      row.peer_rate_excl = rate(data.filter((r) => peers.includes(r[0]) && r[0] !== self));
    }
    row.significance = lower > reference ? 'above' : upper < reference ? 'below' : 'not significant';
    return row;
  });
}

/** A total the reader knows: the sum of `cells` (indexes into the list of counts). */
interface Known {
  cells: number[];
  total: number;
}

/**
 * Whether the shown counts (null = hidden) and the known totals allow an assignment of the hidden cells, with `fixed`
 * forced, in whole numbers ≥ 0. A depth-first search that fills forced cells first; tables here are small.
 */
function consistent(shown: readonly (number | null)[], known: readonly Known[], fixed: ReadonlyMap<number, number>): boolean {
  const value = new Map(fixed);
  const hidden = shown.flatMap((v, i) => (v === null ? [i] : []));
  const search = (): boolean => {
    let next: { cell: number; forced?: number; max: number } | undefined;
    for (const g of known) {
      let rest = g.total;
      const open: number[] = [];
      for (const i of g.cells) {
        const v = shown[i] ?? value.get(i);
        if (v === undefined) open.push(i);
        else rest -= v;
      }
      if (rest < 0 || (open.length === 0 && rest !== 0)) return false;
      if (open.length === 1) next = { cell: open[0], forced: rest, max: rest };
      else if (open.length > 1 && !next) next = { cell: open[0], max: rest };
    }
    const free = hidden.find((i) => !value.has(i));
    if (free === undefined) return true;
    next ??= { cell: free, max: 0 };
    const tries = next.forced !== undefined ? [next.forced] : Array.from({ length: next.max + 1 }, (_, v) => v);
    for (const v of tries) {
      value.set(next.cell, v);
      if (search()) return true;
      value.delete(next.cell);
    }
    return false;
  };
  return search();
}

/** The test's own proof: every hidden cell can take its true value and at least one other, every total kept. */
function expectUnrecoverable(truth: readonly number[], shown: readonly (number | null)[], known: readonly Known[]): void {
  for (const g of known) {
    const n = g.cells.filter((i) => shown[i] === null).length;
    expect(n === 0 || n >= 2, `group ${g.cells.join(',')} has ${n} hidden cell`).toBe(true);
  }
  shown.forEach((v, i) => {
    if (v !== null) return expect(v).toBe(truth[i]);
    expect(consistent(shown, known, new Map([[i, truth[i]]])), `cell ${i} at its true value`).toBe(true);
    const bound = Math.max(...known.filter((g) => g.cells.includes(i)).map((g) => g.total));
    const others = Array.from({ length: bound + 1 }, (_, v) => v).filter((v) => v !== truth[i] && consistent(shown, known, new Map([[i, v]])));
    expect(others.length, `cell ${i} (${truth[i]}) has another consistent value`).toBeGreaterThan(0);
  });
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('parseProtection', () => {
  it('fills in the defaults and keeps a valid setting', () => {
    expect(parseProtection(undefined)).toEqual(DEFAULT_PROTECTION);
    expect(parseProtection({})).toEqual({ threshold: 10, roundTo5: false });
    expect(parseProtection({ threshold: 3, roundTo5: true })).toEqual({ threshold: 3, roundTo5: true });
  });

  it.each([
    [{ threshold: 2 }, 'invalid threshold: 2 (a whole number from 3 to 10)'],
    [{ threshold: 11 }, 'invalid threshold: 11'],
    [{ threshold: 5.5 }, 'invalid threshold: 5.5'],
    [{ threshold: '10' }, 'invalid threshold: "10"'],
    [{ roundTo5: 'yes' }, 'invalid roundTo5: "yes"'],
    [[], 'invalid protection: []'],
  ])('%j throws', (x, message) => expect(() => parseProtection(x)).toThrow(message));
});

describe('primary suppression', () => {
  const counts = [1, 0, 12, 7, 30, 2];

  it('hides counts below 10, keeps zeros, and marks the cells', () => {
    const out = protectRows(spec(), totals(counts), P10);
    expect(out.rows.map((r) => r.value)).toEqual([null, 0, 12, null, 30, null]);
    expect([...out.suppressed].sort()).toEqual(['0:value', '3:value', '5:value']);
    expect(isSuppressed(out.suppressed, 3, 'value')).toBe(true);
    expect(isSuppressed(out.suppressed, 1, 'value')).toBe(false);
    expect(out).toMatchObject({ primary: 3, secondary: 0 });
    expect(out.caption).toBe(`Small numbers protected: counts below 10 shown as ${SUPPRESSED_MARK} (3 cells); zeros shown as they are.`);
  });

  it('hides counts below 3 with threshold 3', () => {
    const out = protectRows(spec(), totals(counts), { threshold: 3, roundTo5: false });
    expect(out.rows.map((r) => r.value)).toEqual([null, 0, 12, 7, 30, null]);
    expect(out).toMatchObject({ primary: 2, secondary: 0 });
  });

  it('copies the rows and leaves the input alone', () => {
    const rows = totals(counts);
    const before = structuredClone(rows);
    const out = protectRows(spec(), rows, P10);
    expect(rows).toEqual(before);
    expect(out.rows[2]).not.toBe(rows[2]);
  });

  it('changes nothing, and says nothing, when no count is small', () => {
    const out = protectRows(spec(), totals([10, 0, 25, 40, 11, 300]), P10);
    expect(out.rows).toEqual(totals([10, 0, 25, 40, 11, 300]));
    expect(out).toMatchObject({ caption: '', primary: 0, secondary: 0 });
  });
});

describe('rates', () => {
  const data: [string, number, number][] = [
    ['Cleveland', 5, 560_000],
    ['Durham', 40, 630_000],
    ['Northumbria', 120, 1_450_000],
    ['Cumbria', 22, 500_000],
    ['Lancashire', 300, 1_500_000],
    ['Merseyside', 15, 1_430_000],
  ];

  it('a hidden numerator hides its rate, interval and significance; population and reference stay', () => {
    const out = protectRows(rateSpec(), rateRows(data), P10);
    expect(out.rows[0]).toMatchObject({ numerator: null, value: null, lower: null, upper: null, significance: null, population: 560_000 });
    expect(out.rows[0].reference).toBeCloseTo((1e5 * 502) / 6_070_000, 10);
    expect(out.rows[1]).toEqual(rateRows(data)[1]);
  });

  it('the England and Wales rate cannot give a hidden count back', () => {
    const out = protectRows(rateSpec(), rateRows(data), P10);
    // The reader's arithmetic: England and Wales count = reference × total population / 100,000.
    const shownRow = out.rows[1];
    const total = Math.round(((shownRow.reference as number) * sum(data.map((d) => d[2]))) / 1e5);
    expect(total).toBe(502);
    const shown = out.rows.map((r) => r.numerator as number | null);
    expectUnrecoverable(
      data.map((d) => d[1]),
      shown,
      [{ cells: all(6), total }],
    );
    // Cleveland (5) is small; Merseyside (15), the smallest other count, is hidden with it.
    expect(shown).toEqual([null, 40, 120, 22, 300, null]);
    expect(out.rows[5]).toMatchObject({ value: null, lower: null, upper: null });
    expect(out).toMatchObject({ primary: 1, secondary: 1 });
    expect(out.caption).toBe('Small numbers protected: counts below 10 shown as [c] (1 cell), and 1 more so they cannot be worked out from totals.');
  });

  it('peer rates with and without the highlighted force would give its count back: one of them is withheld', () => {
    const peers = ['Cleveland', 'Durham', 'Northumbria'];
    const d: [string, number, number][] = [
      ['Cleveland', 4, 560_000],
      ['Durham', 30, 630_000],
      ['Northumbria', 120, 1_450_000],
      ['Cumbria', 50, 500_000],
      ['Lancashire', 300, 1_500_000],
      ['Merseyside', 200, 1_430_000],
    ];
    const s = rateSpec({ highlight: { force: 'Cleveland', peerGroup: { name: 'North East', forces: peers } } });
    const out = protectRows(s, rateRows(d, peers, 'Cleveland'), P10);
    const pop = (names: string[]) => sum(d.filter((r) => names.includes(r[0])).map((r) => r[2]));
    const known: Known[] = [{ cells: all(6), total: Math.round(((out.rows[3].reference as number) * pop(FORCES.slice(0, 6))) / 1e5) }];
    if (out.rows[3].peer_rate !== null) known.push({ cells: [0, 1, 2], total: Math.round(((out.rows[3].peer_rate as number) * pop(peers)) / 1e5) });
    if (out.rows[3].peer_rate_excl !== null) known.push({ cells: [1, 2], total: Math.round(((out.rows[3].peer_rate_excl as number) * pop(peers.slice(1))) / 1e5) });
    expectUnrecoverable(
      d.map((r) => r[1]),
      out.rows.map((r) => r.numerator as number | null),
      known,
    );
    expect(out.rows.every((r) => r.peer_rate_excl === null)).toBe(true);
    expect(isSuppressed(out.suppressed, 0, 'peer_rate_excl')).toBe(true);
    expect(out.caption).toContain('the peer group rate without the highlighted force hidden where it would give one away');
  });
});

describe('secondary suppression', () => {
  it('a share view: total_value is shown, so a second share goes', () => {
    const counts = [3, 50, 20, 40, 12, 0];
    const total = sum(counts);
    const rows = counts.map((c, i) => ({ force: FORCES[i], value: (100 * c) / total, measure_value: c, total_value: total }));
    const out = protectRows(spec({ comparison: { kind: 'share', within: 'all' } }), rows, P10);
    const shown = out.rows.map((r) => r.measure_value as number | null);
    expect(shown).toEqual([null, 50, 20, 40, null, 0]);
    expect(out.rows[4].value).toBeNull();
    expect(out.rows[1].total_value).toBe(125);
    // Each shown share with the shown total gives back only a shown count.
    for (const r of out.rows) if (r.value !== null) expect(((r.value as number) * (r.total_value as number)) / 100).toBeCloseTo(r.measure_value as number, 9);
    expectUnrecoverable(counts, shown, [{ cells: all(6), total: out.rows[0].total_value as number }]);
  });

  it('a share group of one cell cannot be protected by cells: its total is withheld', () => {
    const rows = [
      { force: 'Cleveland', threat: 'Drugs', value: 100, measure_value: 4, total_value: 4 },
      { force: 'Durham', threat: 'Drugs', value: 40, measure_value: 20, total_value: 50 },
      { force: 'Durham', threat: 'Fraud', value: 60, measure_value: 30, total_value: 50 },
    ];
    const s = spec({ series: { by: 'threat' }, comparison: { kind: 'share', within: 'compareBy' } });
    const out = protectRows(s, rows, P10);
    expect(out.rows[0]).toMatchObject({ value: null, measure_value: null, total_value: null });
    expect(out.caption).toContain('a total hidden where it would give one away');
  });

  /** Row, column and grand totals of a force × threat grid, as the test works them out. */
  function gridTotals(grid: number[][]): Known[] {
    const width = grid[0].length;
    const cell = (f: number, t: number) => f * width + t;
    return [
      ...grid.map((line, f) => ({ cells: line.map((_, t) => cell(f, t)), total: sum(line) })),
      ...grid[0].map((_, t) => ({ cells: grid.map((_, f) => cell(f, t)), total: sum(grid.map((line) => line[t])) })),
      { cells: all(grid.length * width), total: sum(grid.flat()) },
    ];
  }

  const threats = ['Drugs', 'Fraud', 'Firearms'];
  const gridRows = (grid: number[][]) => grid.flatMap((line, f) => line.map((value, t) => ({ force: FORCES[f], threat: threats[t], value })));
  const hiddenOf = (rows: Row[]) => rows.flatMap((r, i) => (r.value === null ? [i] : []));

  it('a force × threat table with row, column and grand totals: one small count cascades into a rectangle', () => {
    const grid = [
      [4, 30, 50],
      [25, 40, 60],
      [35, 45, 70],
      [45, 55, 65],
    ];
    const out = protectRows(spec({ series: { by: 'threat' } }), gridRows(grid), P10);
    // 4 → its row's smallest (30) and its column's (25); 30 alone in its column → 40, which also completes 25's row.
    expect(hiddenOf(out.rows)).toEqual([0, 1, 3, 4]);
    expect(out).toMatchObject({ primary: 1, secondary: 3 });
    expectUnrecoverable(grid.flat(), out.rows.map((r) => r.value as number | null), gridTotals(grid));
    expect(out.caption).toBe('Small numbers protected: counts below 10 shown as [c] (1 cell), and 3 more so they cannot be worked out from totals.');
  });

  it('two small counts in different rows and columns: their partners close one rectangle', () => {
    const grid = [
      [4, 30, 50],
      [25, 40, 60],
      [35, 12, 70],
      [45, 55, 6],
    ];
    const out = protectRows(spec({ series: { by: 'threat' } }), gridRows(grid), P10);
    expect(hiddenOf(out.rows)).toEqual([0, 2, 9, 11]);
    expectUnrecoverable(grid.flat(), out.rows.map((r) => r.value as number | null), gridTotals(grid));
  });

  it('the audit frees a cell that two rectangles of small counts pin down between them', () => {
    // Every row and column holds two or three small counts, yet the cell joining the rectangles is rows 0-1 minus
    // columns 0-1: the single-group rule alone would leave it recoverable.
    const grid = [
      [5, 5, 40, 50],
      [5, 5, 5, 60],
      [70, 80, 5, 5],
      [90, 30, 5, 5],
    ];
    const rows = grid.flatMap((line, f) => line.map((value, t) => ({ force: FORCES[f], threat: ['Drugs', 'Fraud', 'Firearms', 'Modern slavery'][t], value })));
    const out = protectRows(spec({ series: { by: 'threat' } }), rows, P10);
    expect(out).toMatchObject({ primary: 9 });
    expect(out.secondary).toBeGreaterThan(0);
    expectUnrecoverable(grid.flat(), out.rows.map((r) => r.value as number | null), gridTotals(grid));
  });

  it("the test's proof would catch a recoverable cell", () => {
    expect(() => expectUnrecoverable([3, 20, 30], [null, 20, 30], [{ cells: [0, 1, 2], total: 53 }])).toThrow();
    // Two hidden cells in every group, yet the cell joining two rectangles (a bridge) is fixed by the totals.
    const grid = [
      [5, 5, 0, 0],
      [5, 5, 5, 0],
      [0, 0, 5, 5],
      [0, 0, 5, 5],
    ];
    const shown = grid.flat().map((v, i) => (i === 0 || i === 1 || i === 4 || i === 5 || i === 6 || i === 10 || i === 11 || i === 14 || i === 15 ? null : v));
    expect(() => expectUnrecoverable(grid.flat(), shown, gridTotals(grid))).toThrow(/cell 6/);
  });

  it('the audit: groups that each hide two cells can still pin one down together', () => {
    // a + b + e, b + c and a + c known: with only a, b, c hidden, three equations fix all three.
    const counts = [4, 20, 30, 60];
    const groups = [{ cells: [0, 1, 3] }, { cells: [1, 2] }, { cells: [0, 2] }];
    const { hidden } = hiddenCells(counts, groups, new Set([0]));
    expect([...hidden].sort()).toEqual([0, 1, 2, 3]);
    const shown = counts.map((c, i) => (hidden.has(i) ? null : c));
    expectUnrecoverable(
      counts,
      shown,
      groups.map((g) => ({ cells: [...g.cells], total: sum(g.cells.map((i) => counts[i])) })),
    );
  });

  it('prefers a non-zero partner, and hides a zero only when the group has nothing else', () => {
    expect([...hiddenCells([3, 0, 40], [{ cells: [0, 1, 2] }], new Set([0])).hidden].sort()).toEqual([0, 2]);
    expect([...hiddenCells([3, 0], [{ cells: [0, 1] }], new Set([0])).hidden].sort()).toEqual([0, 1]);
    // A zero whose other group totals 0 is known to be 0: hiding it would protect nothing.
    expect([...hiddenCells([3, 0, 0], [{ cells: [0, 1] }, { cells: [1, 2] }], new Set([0])).hidden]).toEqual([0]);
  });
});

describe('other comparisons', () => {
  it('change: a small count in either period hides the change', () => {
    const rows = [
      { force: 'Cleveland', value: 16, from_value: 4, to_value: 20 },
      { force: 'Durham', value: 5, from_value: 30, to_value: 35 },
      { force: 'Northumbria', value: -10, from_value: 60, to_value: 50 },
    ];
    const s = spec({ comparison: { kind: 'change', from: '2022/23', to: '2023/24' } });
    const out = protectRows(s, rows, P10);
    expect(out.rows[0]).toMatchObject({ value: null, from_value: null, to_value: 20 });
    // 4 is alone among the first period's counts: the smallest other one (30) goes with it.
    expect(out.rows[1]).toMatchObject({ value: null, from_value: null, to_value: 35 });
    expect(out.rows[2]).toEqual(rows[2]);
  });

  it('index: a hidden base period hides the base and the index of its whole line', () => {
    const rows = [
      { year: '2022/23', force: 'Cleveland', value: 100, measure_value: 8, base_value: 8 },
      { year: '2023/24', force: 'Cleveland', value: 250, measure_value: 20, base_value: 8 },
      { year: '2022/23', force: 'Durham', value: 100, measure_value: 40, base_value: 40 },
      { year: '2023/24', force: 'Durham', value: 125, measure_value: 50, base_value: 40 },
    ];
    const s = spec({ compareBy: { by: 'period' }, series: { by: 'force' }, comparison: { kind: 'index', base: '2022/23' } });
    const out = protectRows(s, rows, P10);
    expect(out.rows[1]).toMatchObject({ value: null, base_value: null });
    expect(out.rows[0]).toMatchObject({ value: null, base_value: null, measure_value: null });
  });

  it('an average is not a count: nothing is hidden, and the caption says why', () => {
    const rows = [
      { force: 'Cleveland', value: 3 },
      { force: 'Durham', value: 250 },
    ];
    const out = protectRows(spec({ measure: { column: 'cash_seized_gbp', aggregate: 'avg' } }), rows, { threshold: 10, roundTo5: true });
    expect(out.rows).toEqual(rows);
    expect(out.suppressed.size).toBe(0);
    expect(out.caption).toBe('Protect small numbers applies to counts; this view shows averages, left as they are.');
  });
});

describe('rounding to 5', () => {
  it('rounds the shown counts (zeros stay), after hiding the small ones', () => {
    const out = protectRows(spec(), totals([12, 13, 27, 28, 0, 4, 7]), { threshold: 10, roundTo5: true });
    expect(out.rows.map((r) => r.value)).toEqual([10, 15, 25, 30, 0, null, null]);
    expect(out.caption).toMatch(/; counts rounded to the nearest 5\.$/);
  });

  it('works rates and intervals out from the rounded counts', () => {
    const data: [string, number, number][] = [
      ['Cleveland', 12, 560_000],
      ['Durham', 43, 630_000],
    ];
    const out = protectRows(rateSpec(), rateRows(data), { threshold: 10, roundTo5: true });
    const { lower, upper } = byarRateInterval(10, 560_000);
    expect(out.rows[0].numerator).toBe(10);
    expect(out.rows[0].value).toBeCloseTo((10 * 1e5) / 560_000, 10);
    expect(out.rows[0].lower).toBeCloseTo(lower, 10);
    expect(out.rows[0].upper).toBeCloseTo(upper, 10);
    expect(out.rows[1].numerator).toBe(45);
    expect(out.caption).toBe('Small numbers protected: counts rounded to the nearest 5 and rates worked out from the rounded counts.');
  });

  it('works shares out from the rounded counts and the rounded total', () => {
    const rows = [
      { force: 'Cleveland', value: 37.5, measure_value: 12, total_value: 32 },
      { force: 'Durham', value: 62.5, measure_value: 20, total_value: 32 },
    ];
    const out = protectRows(spec({ comparison: { kind: 'share', within: 'all' } }), rows, { threshold: 10, roundTo5: true });
    expect(out.rows.map((r) => [r.measure_value, r.total_value, r.value])).toEqual([
      [10, 30, (100 * 10) / 30],
      [20, 30, (100 * 20) / 30],
    ]);
  });
});

it('is deterministic: the same input gives the same result', () => {
  const grid = [4, 30, 50, 25, 40, 60, 35, 12, 70, 45, 55, 6];
  const rows = grid.map((value, i) => ({ force: FORCES[Math.floor(i / 3)], threat: ['Drugs', 'Fraud', 'Firearms'][i % 3], value }));
  const s = spec({ series: { by: 'threat' } });
  const a = protectRows(s, rows, { threshold: 10, roundTo5: true });
  const b = protectRows(s, structuredClone(rows), { threshold: 10, roundTo5: true });
  expect(b).toEqual(a);
  expect([...b.suppressed]).toEqual([...a.suppressed]);
});
