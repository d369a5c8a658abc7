/** What a fuzz case is: the bytes the app is given, what they are, and how the reference reader gets the same data. */

/** The families of input the fuzz suite generates. */
export type Family = 'csv' | 'json' | 'arrow' | 'parquet' | 'workbook' | 'link';

/** One generated input. */
export interface FuzzCase {
  /** `family-index`, stable for a seed: `SOCWB_FUZZ_CASE=csv-7` runs this case alone. */
  id: string;
  family: Family;
  /** The seed this case was made from (derived from the run's seed, its family and its index). */
  seed: number;
  /** The file name the app sees (for a link: a label). */
  name: string;
  /** What was generated, in a line, for the failure report. */
  what: string;
  /** The file's bytes (for a link: the address hash, as UTF-8). */
  bytes: Uint8Array;
  /**
   * How native DuckDB reads the same data: a table function over the path of `nativeBytes ?? bytes` written to a
   * temporary file. Absent when native DuckDB has no reader for the format (Arrow IPC).
   */
  native?: (path: string) => string;
  /** The same text for native DuckDB when the app's bytes are in an encoding native does not read (UTF-16, 1252). */
  nativeBytes?: Uint8Array;
  /** Was the CSV written with a dialect native must follow (its column count is then compared too)? */
  columns?: number;
  /** A whole, valid file of a kind the app reads, with at least one row and column: it must load, not be refused. */
  intact?: boolean;
}

/** A SQL string literal (native DuckDB's paths and options). */
export function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Text in one of the encodings the app decodes. Windows-1252 is written only for text inside Latin-1. */
export function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le'): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    case 'windows-1252':
      return Uint8Array.from(text, (ch) => {
        const c = ch.charCodeAt(0);
        if (c > 0xff || (c >= 0x80 && c < 0xa0)) throw new RangeError(`U+${c.toString(16)} is not written as Windows-1252 here`);
        return c;
      });
    case 'utf-16le': {
      const out = new Uint8Array(2 + text.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 + 2 * i] = c & 0xff;
        out[3 + 2 * i] = c >> 8;
      }
      return out;
    }
  }
}
