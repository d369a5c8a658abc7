/**
 * Whether a `.json` file is a workbook, from the start of its text: a workbook saved or renamed without its
 * `.workbook.json` ending is still opened as one, not loaded as a data table (issue 17 item 6). The file's own
 * `format` field decides, read at the top level of an object only, so a data file whose rows carry a `format` column
 * stays data. Nothing is trusted here: a file that claims to be a workbook is then validated as one.
 */
import { WORKBOOK_FORMAT } from './workbook';

/** How much of a `.json` file is read to decide: the workbench writes `format` first, and the text is scanned, not parsed. */
export const SNIFF_BYTES = 64 * 1024;

/** Whether `head` (the start of a file) is a JSON object whose top-level `format` is the workbook format. */
export function claimsWorkbook(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return false;
  let depth = 0;
  // At depth 1, a string right after `{` or `,` is a key; its value follows the `:`.
  let expectKey = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return false;
    } else if (c === ',') expectKey = depth === 1;
    else if (c === '"') {
      const key = readString(text, i);
      if (!key) return false; // cut short inside a string
      i = key.end - 1;
      if (depth === 1 && expectKey && key.value === 'format') {
        let j = skipSpace(text, key.end);
        if (text[j] !== ':') return false;
        j = skipSpace(text, j + 1);
        if (text[j] !== '"') return false;
        return readString(text, j)?.value === WORKBOOK_FORMAT;
      }
      expectKey = false;
    }
  }
  return false;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** The JSON string starting at `text[start]` (a `"`), decoded, and the index after its closing quote. */
function readString(text: string, start: number): { value: string; end: number } | undefined {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') {
      try {
        return { value: JSON.parse(text.slice(start, i + 1)) as string, end: i + 1 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
