import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeText, detectFormat, guessEncoding, notUtf8At, parquetFooter } from '../../src/engine/detect';
import { testdataPath } from '../helpers/testdata';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  it.each([
    ['a.csv', text('a,b\n1,2'), 'csv'],
    ['a.TSV', text('a\tb'), 'csv'],
    ['a.parquet', text('PAR1xxxx'), 'parquet'],
    ['renamed.csv', text('PAR1....'), 'parquet'],
    ['a.json', text('[{}]'), 'json'],
    ['a.geojson', text('{}'), 'json'],
    ['a.ndjson', text('{}\n{}'), 'ndjson'],
    ['a.jsonl', text('{}'), 'ndjson'],
    ['a.arrow', text('ARROW1\0\0'), 'arrow'],
    ['whatever.bin', text('ARROW1\0\0'), 'arrow'],
    ['a.xlsx', bytes(0x50, 0x4b, 3, 4), 'xlsx'],
    ['a.XLSM', bytes(0x50, 0x4b, 3, 4), 'xlsx'],
    ['tables.ods', bytes(0x50, 0x4b, 3, 4), 'ods'],
    ['old.xls', bytes(0xd0, 0xcf, 0x11, 0xe0), 'xls'],
    ['archive.zip', bytes(0x50, 0x4b, 3, 4), undefined],
    ['notes.docx', text('x'), undefined],
  ])('%s → %s', (name, head, expected) => expect(detectFormat(name, head)).toBe(expected));
});

describe('parquetFooter', () => {
  it('tells readable, encrypted and truncated files apart', () => {
    expect(parquetFooter(text('xxPAR1'))).toBe('PAR1');
    expect(parquetFooter(text('xxPARE'))).toBe('PARE');
    expect(parquetFooter(text('xxPAR'))).toBe('none');
    const enc = readFileSync(testdataPath('parquet/uniform_encryption.parquet.encrypted'));
    expect(parquetFooter(new Uint8Array(enc))).toBe('PARE');
  });
});

describe('guessEncoding', () => {
  it.each([
    ['UTF-8 with BOM', bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8-bom'],
    ['UTF-16 LE BOM', bytes(0xff, 0xfe, 0x61, 0), 'utf-16le'],
    ['UTF-16 BE BOM', bytes(0xfe, 0xff, 0, 0x61), 'utf-16be'],
    ['UTF-16 LE without BOM', new Uint8Array([...'a,b\r\n1,2'].flatMap((c) => [c.charCodeAt(0), 0])), 'utf-16le'],
    ['plain ASCII', text('a,b\n1,2'), 'utf-8'],
    ['UTF-8 £', text('£1,234'), 'utf-8'],
    ['Windows-1252 £', bytes(0xa3, 0x31, 0x2c, 0x32), 'windows-1252'],
  ])('%s', (_, b, expected) => expect(guessEncoding(b)).toEqual({ encoding: expected }));

  it('calls bytes with NUL and control characters binary, with the offset', () => {
    expect(guessEncoding(bytes(0x61, 0x62, 0x00, 0x01, 0x02, 0x03, 0x63))).toEqual({ binary: true, offset: 2 });
    // One stray NUL inside a value is still text (DuckDB's own nullbyte.csv case).
    expect(guessEncoding(new Uint8Array(readFileSync(testdataPath('csv/duckdb/nullbyte.csv'))))).toEqual({ encoding: 'utf-8' });
    // A PNG header is not CSV.
    expect('binary' in guessEncoding(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toBe(true);
  });

  it('reads the real Latin-1, UTF-16 and BOM test files', () => {
    for (const [file, enc] of [
      ['csv/duckdb/latin1.csv', 'windows-1252'],
      ['csv/duckdb/utf16_le_bom.csv', 'utf-16le'],
      ['csv/duckdb/utf8_bom_crlf.csv', 'utf-8-bom'],
    ] as const) {
      expect(guessEncoding(new Uint8Array(readFileSync(testdataPath(file))))).toEqual({ encoding: enc });
    }
  });
});

describe('decodeText', () => {
  it('decodes Windows-1252 £ and accents', () => {
    expect(decodeText(bytes(0xa3, 0x35, 0x20, 0x43, 0x61, 0x66, 0xe9), 'windows-1252')).toBe('£5 Café');
  });
  it('drops BOMs', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8-bom')).toBe('a');
    expect(decodeText(bytes(0xff, 0xfe, 0x61, 0), 'utf-16le')).toBe('a');
  });
});

// Issue 17 item 7: a UTF-8 byte-order mark followed by Windows-1252 text (what some exporters write) reached DuckDB as
// UTF-8 and failed with "Invalid unicode (byte sequence mismatch)", naming no fix.
describe('a UTF-8 BOM on text that is not UTF-8', () => {
  const BOM = [0xef, 0xbb, 0xbf];
  // "force,note\nEssex,£5 café\n" as Windows-1252 writes it: £ is 0xA3, é is 0xE9.
  const cp1252 = bytes(...BOM, ...text('force,note\nEssex,'), 0xa3, ...text('5 caf'), 0xe9, 0x0a);

  it('is read as Windows-1252, and the guess says why', () => {
    const guess = guessEncoding(cp1252);
    expect(guess).toMatchObject({ encoding: 'windows-1252' });
    expect('note' in guess && guess.note).toMatch(/starts with a UTF-8 byte-order mark.*not UTF-8.*Windows-1252/);
    // The mark is not text: Windows-1252 would read its bytes as "ï»¿" at the front of the first column name.
    expect(decodeText(cp1252, 'windows-1252')).toBe('force,note\nEssex,£5 café\n');
  });

  it('a BOM on real UTF-8 stays UTF-8 with a BOM, with no note', () => {
    expect(guessEncoding(bytes(...BOM, ...text('force,note\nEssex,£5 café\n')))).toEqual({ encoding: 'utf-8-bom' });
  });

  it('notUtf8At gives the line and byte of the first sequence that is not UTF-8, or nothing', () => {
    const rows = text('force,note\n' + 'Kent,plain\n'.repeat(8000));
    const mixed = new Uint8Array([...BOM, ...rows, ...text('Essex,'), 0xa3, ...text('5\n')]);
    expect(notUtf8At(mixed)).toEqual({ line: 8002, byte: 0xa3 });
    expect(notUtf8At(new Uint8Array([...BOM, ...rows]))).toBeUndefined();
    expect(notUtf8At(text('£ é 🚓 \uFFFD'))).toBeUndefined();
    // A multi-byte character cut short, and a lone continuation byte.
    expect(notUtf8At(bytes(0x61, 0x0a, 0x62, 0xc2, 0x0a))).toEqual({ line: 2, byte: 0xc2 });
    expect(notUtf8At(bytes(0x0a, 0x0a, 0x80))).toEqual({ line: 3, byte: 0x80 });
  });
});
