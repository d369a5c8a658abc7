/**
 * Cells as published tables write them: shorthand for "no number here" (`..`, `[x]`, `No data`), and footnote
 * markers glued to labels, period headers and numbers (`Greater Manchester10,11`, `Humberside [note 4]`, `10/11*`,
 * `17~`, `Home Office^`). Markers are split off and kept as notes, never thrown away; a label loses trailing digits
 * only when what remains is a force, region or total label, so "Total 43 forces", "E23000001" and "Q1 2020" survive.
 */
import { matchForce } from './forces';
import { isRegionLike, isTotalLabel } from './roles';

/** Spellings of "no number here" (ONS: [x] not available, [c] confidential, [z] not applicable; `+` "see note"). */
export const MISSING_MARKERS: readonly string[] = [
  '-', '–', '—', '..', '...', 'n/a', 'na', 'x', '*', ':', '~', '+', '[x]', '[c]', '[z]', '[low]', '[u]', '[w]', 'no data',
];
const MISSING = new Set(MISSING_MARKERS);

/** True for a cell that is a missing-value marker (case-insensitive, surrounding spaces ignored). */
export function isMissingMarker(cell: string): boolean {
  return MISSING.has(cell.trim().replace(/\s+/g, ' ').toLowerCase());
}

/** A number as a cell writes it: optional sign and currency, "," grouping, decimals (groups: currency, ",", decimals, currency, decimals). */
export const NUMBER = /^[+-]?([£$€])?[+-]?(?:\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?([£$€])?[+-]?(\.\d+)$/;

/** A cell with its footnote marker split off. */
export interface SplitCell {
  value: string;
  /** The marker as written ("10,11", "[note 4]", "*"), when there was one. */
  note?: string;
}

// "[note 4]", "[Note 4, 5]", "[4]", "[r]": bracketed notes, never a whole cell (then it is shorthand such as "[x]").
const BRACKET_NOTE = /\s*\[(?:notes?\s*)?[\w ,.-]{1,20}\]$/i;
// "*", "**", "~", "^", "†", "‡", "¹²": symbols printed as footnote references.
const SYMBOL_NOTE = /\s*(?:\*+|~+|\^+|[†‡]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$/;
// "Greater Manchester10,11", "London10", "(excluding fraud4)": digits glued to a word, then nothing or ")".
const GLUED_DIGITS = /^(.*[A-Za-z])([1-9]\d?(?:,[1-9]\d?)*)(\)?)$/;
// In a header of several words, a glued number after a lowercase word of four or more letters is a footnote
// ("Stalking and harassment5"); a one-word name with a number ("text1", "bitwidth0") is an identifier.
const HEADER_GLUED = /\s.*[a-z]{4}$/;
// In a header, a list of small numbers after a space is a list of footnotes ("Residential burglary (households) 7,8,10").
const HEADER_LIST = /^(.*\S)\s+(\d{1,2}(?:,\d{1,2})+)$/;

const hasContent = (s: string) => /[\p{L}\p{N}]/u.test(s);

/** True when a label is one the domain knows: a force, a region, or an aggregate ("England and Wales", "Total"). */
export function isKnownLabel(text: string): boolean {
  return matchForce(text) !== undefined || isRegionLike(text) || isTotalLabel(text);
}

/**
 * A label or period with its footnote marker split off. Bracketed notes and trailing footnote symbols always go (a
 * leading "*", as in "*Total Tactics", marks a total row in Home Office tables and stays); glued digits
 * go only when the rest is a known label, or, in a header (`header: true`), when they follow a lowercase word.
 */
export function splitFootnote(cell: string, options: { header?: boolean } = {}): SplitCell {
  const text = cell.trim();
  if (text === '' || isMissingMarker(text)) return { value: cell };
  const notes: string[] = [];
  let value = text;
  for (let again = true; again; ) {
    again = false;
    for (const re of [BRACKET_NOTE, SYMBOL_NOTE]) {
      const m = re.exec(value);
      if (m && hasContent(value.slice(0, m.index))) {
        notes.unshift(m[0].trim());
        value = value.slice(0, m.index).trimEnd();
        again = true;
      }
    }
  }
  const list = options.header ? HEADER_LIST.exec(value) : null;
  const glued = GLUED_DIGITS.exec(value);
  if (list && hasContent(list[1])) {
    notes.unshift(list[2]);
    value = list[1];
  } else if (glued) {
    const [, rest, digits, paren] = glued;
    const known = paren === '' && isKnownLabel(rest);
    if (known || (options.header && HEADER_GLUED.test(rest))) {
      notes.unshift(digits);
      value = `${rest}${paren}`;
    }
  }
  return notes.length ? { value, note: notes.join(' ') } : { value: cell };
}

/** A number cell with a trailing footnote marker split off: "1,234*" → "1,234" and "*"; "56 [note 2]" → "56". */
export function splitNumberFootnote(cell: string): SplitCell {
  const text = cell.trim();
  for (const re of [BRACKET_NOTE, SYMBOL_NOTE]) {
    const m = re.exec(text);
    if (m && /\d/.test(text.slice(0, m.index))) return { value: text.slice(0, m.index).trimEnd(), note: m[0].trim() };
  }
  return { value: cell };
}

/** A header cell as one line: line breaks inside it (Alt+Enter in Excel) and runs of spaces become one space. */
export function oneLine(cell: string): string {
  return cell.replace(/\s+/g, ' ').trim();
}

/** The RE2 (and JS) pattern of a trailing footnote marker on a number, for SQL that strips what splitNumberFootnote does. */
export const NUMBER_FOOTNOTE_PATTERN = String.raw`\s*(?:\[(?:[Nn]otes?\s*)?[\w ,.-]{1,20}\]|\*+|~+|\^+|[†‡]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$`;
