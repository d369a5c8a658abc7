// Virtualisation and sorting arithmetic for ResultsGrid: pure, no DOM, no Arrow.

/** Half-open range of row positions [start, end) to render. */
export interface RowRange {
  start: number;
  end: number;
}

/** Rows that intersect the viewport, plus `overscan` rows either side, clamped to [0, rowCount). */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan: number,
): RowRange {
  if (!(rowHeight > 0)) throw new RangeError(`rowHeight must be positive, got ${rowHeight}`);
  if (rowCount <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(rowCount, Math.max(0, first - overscan));
  const end = Math.min(rowCount, Math.max(start, last + overscan));
  return { start, end };
}

/**
 * Tallest spacer we create, in px. Browsers cap element heights (Firefox near 17.9M px, Chrome
 * near 33.5M), below what 1M rows need, so taller content is scrolled through a scaled spacer.
 */
export const MAX_SPACER_HEIGHT = 15_000_000;

/** How the spacer's scroll position maps onto the rows' content offset. */
export interface ScrollGeometry {
  /** Height of all rows, px. */
  contentHeight: number;
  /** Height given to the spacer element, px. */
  spacerHeight: number;
  /** Content px per scrolled px (1 unless the content is taller than the spacer may be). */
  ratio: number;
}

/** The spacer for `rowCount` rows, scaled so that scrolling to its end shows the last row. */
export function scrollGeometry(
  rowCount: number,
  rowHeight: number,
  viewportHeight: number,
  maxHeight = MAX_SPACER_HEIGHT,
): ScrollGeometry {
  const contentHeight = Math.max(0, rowCount) * rowHeight;
  if (contentHeight <= maxHeight) return { contentHeight, spacerHeight: contentHeight, ratio: 1 };
  const viewport = Math.min(Math.max(0, viewportHeight), maxHeight / 2);
  return { contentHeight, spacerHeight: maxHeight, ratio: (contentHeight - viewport) / (maxHeight - viewport) };
}

/** Content offset (px from the first row) shown at the top of the viewport for a scroll position. */
export function contentOffset(scrollTop: number, geometry: ScrollGeometry): number {
  return Math.min(Math.max(0, scrollTop) * geometry.ratio, geometry.contentHeight);
}

/** The scroll position that shows content offset `offset` at the top of the viewport. */
export function scrollTopFor(offset: number, geometry: ScrollGeometry): number {
  return Math.min(Math.max(0, offset), geometry.contentHeight) / geometry.ratio;
}

/** Top of row `index` inside the spacer, so that it sits where the scaled scroll puts it. */
export function rowTop(index: number, rowHeight: number, scrollTop: number, geometry: ScrollGeometry): number {
  return index * rowHeight - contentOffset(scrollTop, geometry) + Math.max(0, scrollTop);
}

/** Sort direction of a column; a third click clears the sort. */
export type SortDirection = 'asc' | 'desc';

/** The sorted column and direction, or null for the result's own order. */
export type SortState = { column: number; direction: SortDirection } | null;

/** The sort after clicking `column`'s header: asc → desc → none; another column starts at asc. */
export function nextSort(current: SortState, column: number): SortState {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}

/**
 * Row indices ordered by `keys` (one per row), nulls last in both directions, ties in row order.
 * `compare` sees only non-null keys.
 */
export function sortPermutation<K>(
  keys: ArrayLike<K | null | undefined>,
  compare: (a: K, b: K) => number,
  direction: SortDirection,
): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  let filled = 0;
  let nullsFrom = n;
  // Non-null rows fill from the front, null rows from the back (reversed below to keep row order).
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k === null || k === undefined) order[--nullsFrom] = i;
    else order[filled++] = i;
  }
  order.subarray(nullsFrom).reverse();
  const sign = direction === 'asc' ? 1 : -1;
  order.subarray(0, filled).sort((a, b) => sign * compare(keys[a] as K, keys[b] as K) || a - b);
  return order;
}

/**
 * Each key replaced by its rank among the distinct keys (nulls stay null; keys that compare equal
 * share a rank). Sorting ranks compares numbers, which is far cheaper than collating a million
 * strings that mostly repeat.
 */
export function rankKeys<K>(keys: ArrayLike<K | null | undefined>, compare: (a: K, b: K) => number): (number | null)[] {
  const ranks = new Map<K, number>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k !== null && k !== undefined) ranks.set(k, 0);
  }
  const distinct = [...ranks.keys()].sort(compare);
  let rank = 0;
  distinct.forEach((k, i) => {
    if (i > 0 && compare(distinct[i - 1], k) !== 0) rank++;
    ranks.set(k, rank);
  });
  return Array.from(keys, (k) => (k === null || k === undefined ? null : ranks.get(k)!));
}
