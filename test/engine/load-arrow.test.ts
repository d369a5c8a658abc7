import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { inconsistentColumn } from '../../src/engine/load-arrow';
import { testdataPath } from '../helpers/testdata';

describe('inconsistentColumn: offsets that point outside their values', () => {
  const dir = testdataPath('arrow');
  const readable = readdirSync(dir).filter((f) => /^generated_(?!.*(bigendian|lz4|zstd))/.test(f));

  test.each(readable)('%s: every column consistent', (f) => {
    expect(inconsistentColumn(tableFromIPC(readFileSync(join(dir, f))))).toBeUndefined();
  });

  test('a big-endian file, which apache-arrow reads as little-endian without a word, is caught at its first text column', () => {
    const t = tableFromIPC(readFileSync(join(dir, 'generated_primitive_bigendian.arrow_file')));
    // The test's own reading: the first Binary/Utf8 column whose last offset is beyond its bytes.
    const first = t.schema.fields.find((f) => t.getChild(f.name)!.data.some((d) => d.valueOffsets && Number(d.valueOffsets.at(-1)) > (d.values?.length ?? 0)));
    expect(first).toBeDefined();
    expect(inconsistentColumn(t)).toBe(first!.name);
  });

  test('issue 17 fuzz (seed 17, arrow-0): a text column whose offsets buffer is padded is consistent', () => {
    // 3,479 rows: 3,480 offsets, padded by apache-arrow to 3,488 with zeros after the last one.
    const force = vectorFromArray(Array.from({ length: 3479 }, (_, i) => `Kent ${i}`), new Utf8());
    const t = tableFromIPC(tableToIPC(new Table({ force }), 'stream'));
    expect(t.getChild('force')!.data[0].valueOffsets.length).toBeGreaterThan(3480);
    expect(inconsistentColumn(t)).toBeUndefined();
  });
});
