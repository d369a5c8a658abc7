/**
 * What a file is and how its text is encoded, decided from its name and its
 * first bytes. Pure, so every rule is unit-tested in node.
 */

/** The formats the engine can load. */
export type FileFormat = 'csv' | 'parquet' | 'json' | 'ndjson' | 'arrow' | 'xlsx' | 'ods' | 'xls';

const PAR1 = [0x50, 0x41, 0x52, 0x31];
const PARE = [0x50, 0x41, 0x52, 0x45];
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** Parquet footer magic: `PAR1` for a readable file, `PARE` for an encrypted footer, else neither. */
export function parquetFooter(tail: Uint8Array): 'PAR1' | 'PARE' | 'none' {
  if (tail.length < 4) return 'none';
  const at = tail.length - 4;
  if (startsWith(tail, PAR1, at)) return 'PAR1';
  if (startsWith(tail, PARE, at)) return 'PARE';
  return 'none';
}

/**
 * The format of a file from its first bytes and its name. Magic numbers win
 * over the extension (a Parquet file renamed `.csv` is still Parquet); text
 * formats are told apart by extension, then by the first non-blank character.
 */
export function detectFormat(fileName: string, head: Uint8Array): FileFormat | undefined {
  if (startsWith(head, PAR1) || startsWith(head, PARE)) return 'parquet';
  if (startsWith(head, ARROW1)) return 'arrow';
  // An Arrow IPC stream starts with a continuation marker 0xFFFFFFFF.
  if (startsWith(head, [0xff, 0xff, 0xff, 0xff]) && /\.(arrow|arrows|ipc|stream|feather)$/i.test(fileName)) return 'arrow';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  // Workbooks by extension: a zip or OLE2 file named otherwise is not guessed at (the reader checks the bytes).
  if (ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  if (ext === 'ods') return 'ods';
  if (ext === 'xls') return 'xls';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (['arrow', 'arrows', 'ipc', 'feather', 'stream'].includes(ext)) return 'arrow';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'json' || ext === 'geojson') return 'json';
  if (['csv', 'tsv', 'tab', 'txt', 'psv'].includes(ext)) return 'csv';
  return undefined;
}

/** True for a workbook file (.xlsx, .xlsm, .ods, .xls), which loads as one table per data sheet. */
export function isSpreadsheetFile(fileName: string): boolean {
  return /\.(xlsx|xlsm|ods|xls)$/i.test(fileName);
}

/** The text encodings the CSV and JSON readers accept. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Why bytes are not text we can read, or the encoding they are in (with a note for the load report when it is a surprise). */
export type EncodingGuess = { encoding: TextEncoding; note?: string } | { binary: true; offset: number };

/**
 * Guess the encoding of text bytes: BOMs first, then UTF-16 without a BOM
 * (every other byte NUL), then a strict UTF-8 decode; anything else that has
 * no NUL or stray control bytes is read as Windows-1252, which is what Excel
 * writes for "CSV" on a UK Windows machine.
 */
export function guessEncoding(bytes: Uint8Array): EncodingGuess {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    // Some exporters put a UTF-8 mark on Windows-1252 text; DuckDB then stops at the first "£" (issue 17 item 7).
    const sample = trimPartialUtf8(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)), bytes.length);
    if (isUtf8(sample.subarray(3))) return { encoding: 'utf-8-bom' };
    return {
      encoding: 'windows-1252',
      note: 'It starts with a UTF-8 byte-order mark, but its text is not UTF-8: read as Windows-1252 (as Excel writes it); if letters look wrong, choose the encoding in Load options… → Encoding.',
    };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be' };
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const half = sample.length / 2;
  if (half >= 2 && oddNul > half * 0.8 && evenNul === 0) return { encoding: 'utf-16le' };
  if (half >= 2 && evenNul > half * 0.8 && oddNul === 0) return { encoding: 'utf-16be' };
  const firstBad = firstBinaryByte(sample);
  if (firstBad !== -1) return { binary: true, offset: firstBad };
  return isUtf8(trimPartialUtf8(sample, bytes.length)) ? { encoding: 'utf-8' } : { encoding: 'windows-1252' };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where text read as UTF-8 first stops being UTF-8: the line (1-based) and the byte that starts the bad sequence; undefined
 * when all of it is UTF-8. DuckDB's own line number for this is counted from a buffer, not the file, so it is not given.
 */
export function notUtf8At(bytes: Uint8Array): { line: number; byte: number } | undefined {
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    // Lead byte → continuation count and the allowed range of the first continuation (no overlongs, no surrogates).
    const [n, lo, hi] = b >= 0xc2 && b <= 0xdf ? [1, 0x80, 0xbf] : b === 0xe0 ? [2, 0xa0, 0xbf] : b === 0xed ? [2, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [2, 0x80, 0xbf] : b === 0xf0 ? [3, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [3, 0x80, 0xbf] : b === 0xf4 ? [3, 0x80, 0x8f] : [0, 0, 0];
    let ok = n > 0 && i + n < bytes.length && bytes[i + 1] >= lo && bytes[i + 1] <= hi;
    for (let k = 2; ok && k <= n; k++) ok = bytes[i + k] >= 0x80 && bytes[i + k] <= 0xbf;
    if (!ok) return { line, byte: b };
    i += n + 1;
  }
  return undefined;
}

// NUL and C0 controls other than tab, LF, FF, CR, and the ESC/SUB that old exports carry.
// A stray one inside a value happens in real exports (DuckDB reads them); binary files have many.
function firstBinaryByte(sample: Uint8Array): number {
  let first = -1;
  let count = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a && b !== 0x1b) {
      if (first === -1) first = i;
      count++;
    }
  }
  return count > Math.max(2, sample.length * 0.01) ? first : -1;
}

// A 64 KiB sample may end inside a multi-byte UTF-8 character; cut it back to a boundary.
function trimPartialUtf8(sample: Uint8Array, total: number): Uint8Array {
  if (sample.length === total) return sample;
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back];
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) end -= back;
    break;
  }
  return sample.subarray(0, end);
}

/** Decode bytes in a guessed encoding to a JS string, dropping any BOM. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return new TextDecoder('utf-8').decode(bytes);
    case 'utf-8-bom':
      return new TextDecoder('utf-8').decode(bytes.subarray(3));
    case 'utf-16le':
      return new TextDecoder('utf-16le').decode(startsWith(bytes, [0xff, 0xfe]) ? bytes.subarray(2) : bytes);
    case 'utf-16be':
      return new TextDecoder('utf-16be').decode(startsWith(bytes, [0xfe, 0xff]) ? bytes.subarray(2) : bytes);
    case 'windows-1252':
      // A UTF-8 mark on Windows-1252 text is not text: read as Windows-1252 it would be "ï»¿" before the first column name.
      return new TextDecoder('windows-1252').decode(startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes);
  }
}

/** A human name for an encoding, for load reports. */
export function encodingLabel(encoding: TextEncoding): string {
  return {
    'utf-8': 'UTF-8',
    'utf-8-bom': 'UTF-8 (with BOM)',
    'utf-16le': 'UTF-16 LE',
    'utf-16be': 'UTF-16 BE',
    'windows-1252': 'Windows-1252',
  }[encoding];
}
