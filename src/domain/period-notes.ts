/**
 * Footnote markers that official tables glue onto period headers and labels (`10/11*`, `15/16**`, `2016/17~`,
 * `2019 [note 3]`, `30 September 20191`, `Apr '11 to Mar '125, 6`). A period is read without its marker, and the
 * marker is kept as a note. The patterns are valid in JS and in DuckDB's RE2 (src/query/period-sql.ts uses them).
 */

/** Trailing symbol and bracketed markers, after lower-casing: `*`, `**`, `~`, `^`, `†`, `¹`, `[note 3]`, `[r]`, `(p)`. */
export const PERIOD_NOTE_PATTERN =
  String.raw`(?:\s*(?:[*~^#†‡§¹²³⁰⁴⁵⁶⁷⁸⁹]+|\[(?:notes?\s*)?[0-9a-z][0-9a-z ,]*\]|\((?:notes?\s*[0-9][0-9, ]*|r|p|e|revised|provisional)\)))+$`;

/**
 * Footnote numbers glued onto a trailing 4-digit year (`20191`, `201910,11`) or an apostrophe year (`'083`): group 1 is
 * the label, group 2 the note. A year starts the text or follows a space, "/", "-" or "'", so no text that is a period
 * as it stands matches (fractional seconds "…:00.123456" do not), and the glued number can be dropped before parsing.
 */
export const GLUED_NOTE_PATTERN = String.raw`^(.*(?:^|[ /'-])[0-9]{4}|.*'[0-9]{2})([0-9]{1,2}(?:, ?[0-9]{1,2})*)$`;

const NOTE = new RegExp(PERIOD_NOTE_PATTERN, 'i');
const GLUED = new RegExp(GLUED_NOTE_PATTERN);

/** `text` without its trailing symbol or bracketed markers, and the markers (trimmed), if any. */
export function splitPeriodNote(text: string): { text: string; note?: string } {
  const m = NOTE.exec(text);
  if (!m || m.index === 0) return { text };
  return { text: text.slice(0, m.index).trimEnd(), note: m[0].trim() };
}

/** `text` split into a label ending in a year and the footnote number glued after it, or undefined. */
export function splitGluedNote(text: string): { text: string; note: string } | undefined {
  const m = GLUED.exec(text);
  return m ? { text: m[1], note: m[2] } : undefined;
}
