import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnValues } from '../../src/arrow';
import { compareKeys, sortKey } from '../../src/ui/format';
import {
  MAX_SPACER_HEIGHT,
  contentOffset,
  nextSort,
  rankKeys,
  rowTop,
  scrollGeometry,
  scrollTopFor,
  sortPermutation,
  visibleRange,
  type SortState,
} from '../../src/ui/grid-window';

describe('visibleRange', () => {
  it.each([
    // scrollTop, viewport, rowHeight, rowCount, overscan → start, end
    [0, 280, 28, 1000, 0, 0, 10],
    [0, 280, 28, 1000, 5, 0, 15],
    [280, 280, 28, 1000, 5, 5, 25],
    [14, 280, 28, 1000, 0, 0, 11],
    [27720, 280, 28, 1000, 5, 985, 1000],
    [1e9, 280, 28, 1000, 5, 1000, 1000],
    [-40, 280, 28, 1000, 2, 0, 12],
    [0, 0, 28, 1000, 3, 0, 3],
    [0, 280, 28, 4, 5, 0, 4],
    [0, 280, 28, 0, 5, 0, 0],
  ])('top %d, viewport %d, row %d, %d rows, overscan %d → [%d, %d)', (top, vh, rh, n, over, start, end) => {
    expect(visibleRange(top, vh, rh, n, over)).toEqual({ start, end });
  });

  it('materialises a bounded number of rows anywhere in a million', () => {
    for (const top of [0, 1234567.5, 13_999_000, 27_999_720]) {
      const { start, end } = visibleRange(top, 600, 28, 1_000_000, 6);
      expect(end - start).toBeLessThanOrEqual(Math.ceil(600 / 28) + 1 + 12);
      expect(start).toBeLessThanOrEqual(Math.floor(top / 28));
    }
  });

  it('rejects a row height that is not positive', () => {
    expect(() => visibleRange(0, 100, 0, 10, 0)).toThrow(new RangeError('rowHeight must be positive, got 0'));
  });
});

describe('scroll geometry', () => {
  it('is 1:1 while the rows fit in a spacer', () => {
    const g = scrollGeometry(1000, 28, 500);
    expect(g).toEqual({ contentHeight: 28000, spacerHeight: 28000, ratio: 1 });
    expect(contentOffset(560, g)).toBe(560);
    expect(rowTop(20, 28, 560, g)).toBe(560);
    expect(scrollTopFor(560, g)).toBe(560);
  });

  it('scales a million rows into a spacer browsers accept, and reaches the last row', () => {
    const rows = 1_000_000;
    const viewport = 600;
    const g = scrollGeometry(rows, 28, viewport);
    expect(g.spacerHeight).toBe(MAX_SPACER_HEIGHT);
    expect(g.ratio).toBeGreaterThan(1);

    const maxScroll = g.spacerHeight - viewport;
    const offset = contentOffset(maxScroll, g);
    expect(offset).toBeCloseTo(g.contentHeight - viewport, 3);
    expect(visibleRange(offset, viewport, 28, rows, 0).end).toBe(rows);

    // The row at the top of the view is drawn at the top of the viewport, inside the spacer.
    const top = 5_000_000;
    const first = Math.floor(contentOffset(top, g) / 28);
    const y = rowTop(first, 28, top, g);
    expect(y).toBeLessThanOrEqual(top);
    expect(y).toBeGreaterThan(top - 28);
    expect(rowTop(rows - 1, 28, maxScroll, g) + 28).toBeCloseTo(g.spacerHeight, 3);
  });

  it('scrollTopFor inverts contentOffset', () => {
    const g = scrollGeometry(10_000_000, 28, 400);
    for (const offset of [0, 28, 123_456_789, g.contentHeight]) {
      expect(contentOffset(scrollTopFor(offset, g), g)).toBeCloseTo(offset, 3);
    }
    expect(scrollTopFor(-5, g)).toBe(0);
  });
});

describe('nextSort', () => {
  it('cycles asc → desc → none, and restarts on another column', () => {
    let s: SortState = null;
    const seen: SortState[] = [];
    for (let i = 0; i < 3; i++) seen.push((s = nextSort(s, 2)));
    expect(seen).toEqual([{ column: 2, direction: 'asc' }, { column: 2, direction: 'desc' }, null]);
    expect(nextSort({ column: 1, direction: 'desc' }, 0)).toEqual({ column: 0, direction: 'asc' });
  });
});

describe('sortPermutation', () => {
  const byKeys = (keys: readonly unknown[], direction: 'asc' | 'desc') =>
    Array.from(sortPermutation(keys, compareKeys, direction), (i) => keys[i]);

  it.each([
    ['numbers', [3, null, -1, 2.5, null, 0], [-1, 0, 2.5, 3, null, null], [3, 2.5, 0, -1, null, null]],
    [
      'mixed magnitudes, bigint and number',
      [2n ** 60n, 1e-9, -(2n ** 60n), 5, null, 1e300, -1e300],
      [-1e300, -(2n ** 60n), 1e-9, 5, 2n ** 60n, 1e300, null],
      [1e300, 2n ** 60n, 5, 1e-9, -(2n ** 60n), -1e300, null],
    ],
    ['strings', ['b', null, 'A', 'a', ''], ['', 'a', 'A', 'b', null], ['b', 'A', 'a', '', null]],
  ])('%s: nulls last both ways', (_, keys, asc, desc) => {
    expect(byKeys(keys, 'asc')).toEqual(asc);
    expect(byKeys(keys, 'desc')).toEqual(desc);
  });

  it('keeps row order for ties and among nulls', () => {
    const keys = [1, null, 1, 0, null, 1];
    expect(Array.from(sortPermutation(keys, compareKeys, 'asc'))).toEqual([3, 0, 2, 5, 1, 4]);
    expect(Array.from(sortPermutation(keys, compareKeys, 'desc'))).toEqual([0, 2, 5, 3, 1, 4]);
  });

  it('returns a Uint32Array permutation of every row', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => (i % 97 === 0 ? null : Math.sin(i) * 1e6));
    const order = sortPermutation(keys, compareKeys, 'asc');
    expect(order).toBeInstanceOf(Uint32Array);
    expect(new Set(order).size).toBe(keys.length);
    for (let i = 1; i < order.length; i++) expect(compareKeys(keys[order[i - 1]], keys[order[i]])).toBeLessThanOrEqual(0);
  });

  it('sorts a HUGEINT column by value through sortKey', () => {
    const values = [2n ** 100n, null, -3n, 10n, -(2n ** 100n)];
    const words = new Uint32Array(values.length * 4);
    const view = new DataView(words.buffer);
    const nullBitmap = new Uint8Array([0b11101]);
    values.forEach((v, i) => {
      const u = BigInt.asUintN(128, v ?? 0n);
      view.setBigUint64(i * 16, BigInt.asUintN(64, u), true);
      view.setBigUint64(i * 16 + 8, u >> 64n, true);
    });
    const type = new arrow.Decimal(0, 38, 128);
    const vector = arrow.makeVector(arrow.makeData({ type, length: values.length, nullCount: 1, nullBitmap, data: words }));
    const keys = columnValues(vector).map((v) => sortKey(v, type));
    expect(Array.from(sortPermutation(keys, compareKeys, 'asc'))).toEqual([4, 2, 3, 0, 1]);
    expect(Array.from(sortPermutation(keys, compareKeys, 'desc'))).toEqual([0, 3, 2, 4, 1]);
  });
});

describe('rankKeys', () => {
  it('ranks distinct keys in collation order, nulls kept', () => {
    expect(rankKeys(['b', null, 'a', 'B', 'a', ''], compareKeys)).toEqual([2, null, 1, 3, 1, 0]);
  });

  it('gives keys that compare equal one rank, so ties keep row order', () => {
    const composed = '\u00e9';
    const decomposed = 'e\u0301';
    expect(rankKeys([decomposed, 'z', composed], compareKeys)).toEqual([0, 1, 0]);
  });

  it('sorts like the keys themselves', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 13 === 0 ? null : `item ${(i * 7919) % 211}`));
    const direct = sortPermutation(keys, compareKeys, 'desc');
    const ranked = sortPermutation(rankKeys(keys, compareKeys), compareKeys, 'desc');
    expect(Array.from(ranked)).toEqual(Array.from(direct));
  });
});
