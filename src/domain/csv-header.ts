/**
 * The header of a CSV table as published tables write it: cells over several lines, footnote markers glued on, a
 * group heading in the row above an empty cell, a unit row ("Numbers") under it.
 */
import { NUMBER, isMissingMarker, oneLine, splitFootnote } from './cells';
import { nonEmpty, type Row } from './csv-rows';

/** A column name as the header row gives it. */
export interface HeaderName {
  written: string;
  value: string;
  note?: string;
  /** Taken from the row above: the header cell itself is empty (a group heading over a merged cell). */
  fromAbove?: boolean;
}

/**
 * Column names from the header row: each cell on one line, footnote markers split off. An empty cell under a heading
 * in the row just above (a two-row header whose heading was merged down, "Total recorded crime" over "") takes it.
 */
export function headerNames(head: Row[], headerIndex: number): HeaderName[] {
  const header = head[headerIndex];
  let k = headerIndex - 1;
  while (k >= 0 && head[k].empty) k--;
  const above = k >= 0 && nonEmpty(head[k]) >= 2 ? head[k] : undefined;
  return header.cells.map((cell, j) => {
    const fromAbove = oneLine(cell) === '' && !!above && oneLine(above.cells[j] ?? '') !== '';
    const written = oneLine(fromAbove ? above!.cells[j] : cell);
    const split = splitFootnote(written, { header: true });
    return { written, value: split.value, ...(split.note ? { note: split.note } : {}), ...(fromAbove ? { fromAbove } : {}) };
  });
}

/**
 * The row just below the header when it only names units ("Numbers", "Rate per 1,000 population"): its first cell
 * empty, a few text cells, no number. It is read as part of the header. -1 when there is none.
 */
export function unitRowIndex(head: Row[], headerIndex: number): number {
  let i = headerIndex + 1;
  while (i < head.length && head[i].empty) i++;
  const r = head[i];
  if (!r || (r.cells[0] ?? '').trim() !== '') return -1;
  const filled = r.cells.map((c) => c.trim()).filter(Boolean);
  const few = filled.length >= 1 && filled.length <= Math.max(1, Math.floor(head[headerIndex].cells.length / 4));
  const words = filled.every((c) => !isMissingMarker(c) && !NUMBER.test(c.replace(/\s*%$/, '')) && /\p{L}/u.test(c));
  return few && words ? i : -1;
}
