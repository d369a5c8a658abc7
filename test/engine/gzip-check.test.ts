import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32, gzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, test } from 'vitest';
import { checkedGunzip, crc32 } from '../../src/engine/gzip-check';
import { testdataPath } from '../helpers/testdata';
import { parquetBytes, parquetCases } from '../helpers/fuzz';

const text = new TextEncoder().encode('Kent,3\nEssex,5\n'.repeat(500));

describe('checkedGunzip: GZIP pages checked against their CRC-32', () => {
  test('crc32 is zlib’s', () => {
    expect(crc32(text)).toBe(zlibCrc32(text));
  });

  test('a whole page inflates to its bytes', () => {
    expect(checkedGunzip(gzipSync(text), text.length)).toEqual(text);
  });

  test('a page of two gzip members inflates to both', () => {
    const both = new Uint8Array([...gzipSync(text.subarray(0, 1000)), ...gzipSync(text.subarray(1000))]);
    expect(checkedGunzip(both, text.length)).toEqual(text);
  });

  test('issue 17 fuzz (seed 17, parquet-3): a Parquet file with 8 GZIP bytes zeroed is refused, not read wrongly', async () => {
    const c = await parquetBytes(parquetCases(17, 4)[3], join(mkdtempSync(join(tmpdir(), 'gzip-check-')), 'p3.parquet'), (p) => readFileSync(p));
    expect(c.what).toMatch(/gzip, .* zeroed/);
    const file = c.bytes.buffer.slice(c.bytes.byteOffset, c.bytes.byteOffset + c.bytes.byteLength) as ArrayBuffer;
    // Unchecked, the damaged page decodes without an error (native DuckDB: "Failed to decompress GZIP block").
    expect((await parquetReadObjects({ file, compressors })).length).toBeGreaterThan(0);
    await expect(parquetReadObjects({ file, compressors: { ...compressors, GZIP: checkedGunzip } })).rejects.toThrow(/does not match its checksum/);
  });

  test('parquet-testing’s concatenated_gzip_members.parquet reads as it does unchecked', async () => {
    const bytes = readFileSync(testdataPath('parquet/concatenated_gzip_members.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const checked = await parquetReadObjects({ file, compressors: { ...compressors, GZIP: checkedGunzip } });
    expect(checked).toEqual(await parquetReadObjects({ file, compressors }));
    expect(checked.length).toBeGreaterThan(0);
  });
});
