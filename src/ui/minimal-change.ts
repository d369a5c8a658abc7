/** The smallest single replacement that turns one text into another. */
import type { ChangeSpec } from '@codemirror/state';

/**
 * Replace only what differs between `from` and `to` (their common start and end stay), so an editor keeps its
 * cursor, marks and undo history meaningful when a whole new text arrives (e.g. "Show SQL").
 */
export function minimalChange(from: string, to: string): ChangeSpec | null {
  if (from === to) return null;
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  // Never split a surrogate pair.
  if (start > 0 && /[\uD800-\uDBFF]/.test(from[start - 1])) start--;
  if (end > 0 && /[\uDC00-\uDFFF]/.test(from[from.length - end])) end--;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}
