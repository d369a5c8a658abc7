import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
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
});
