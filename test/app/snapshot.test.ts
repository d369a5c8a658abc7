/**
 * Snapshots (src/app/snapshot.ts, snapshots.ts): the fingerprint a snapshot is kept with changes when any input does,
 * and a snapshot is drawn only when every input it was drawn from is here unchanged. The shipped first view is
 * checked against the sample files it names, hashed here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRows, encodeRows, hashBytes, inputToken, usableSnapshot, type ViewSnapshot } from '../../src/app/snapshot';
import { SAMPLE_HASHES, inputsOf, keptToken, presentInputs } from '../../src/app/snapshots';
import { SAMPLE_FILES } from '../../src/app/samples';
import type { DomainMemory } from '../../src/app/domain-store';
import type { KeptFile } from '../../src/app/file-store';
import type { TableInfo } from '../../src/engine';
import shipped from '../../samples/first-view.json';

const memory: DomainMemory = { version: 1, roles: Object.create(null), mappings: [] };
const kept = (name: string, bytes: number, savedAt: string, table = name.replace(/\..*$/, '')): KeptFile => ({ table, name, blob: new Blob([new Uint8Array(bytes)]), savedAt });
const table = (name: string, file: string, bytes: number, kind: 'table' | 'view' = 'table'): TableInfo =>
  ({ name, kind, columns: [], rows: 1, source: { table: name, file, format: 'csv', mode: 'table', modeReason: '', bytes, rows: 1, report: [] } }) as TableInfo;

const spec = (table: string, denominator?: string) =>
  ({ ...(shipped.snapshot as unknown as ViewSnapshot).spec, table, ...(denominator ? { denominator: { ...(shipped.snapshot as any).spec.denominator, table: denominator } } : { denominator: undefined }) });

describe('hashBytes', () => {
  it('is the same for the same bytes and differs when one byte or the length changes', () => {
    const a = new TextEncoder().encode('force,year,disruptions\nKent,2023/24,12\n');
    const b = a.slice();
    b[30] ^= 1;
    expect(hashBytes(a)).toBe(hashBytes(a.slice()));
    expect(hashBytes(a)).toMatch(/^[0-9a-f]{14}$/);
    expect(hashBytes(b)).not.toBe(hashBytes(a));
    expect(hashBytes(a.subarray(0, a.length - 1))).not.toBe(hashBytes(a));
  });
});

describe('the inputs a snapshot is kept with', () => {
  const tables = [table('disruptions_synthetic', 'disruptions_synthetic.parquet', SAMPLE_HASHES['disruptions_synthetic.parquet'].bytes), table('seizures', 'seizures.csv', 500), table('seizures_norm', 'seizures.csv', 500, 'view'), table('scratch', 'scratch.csv', 10)];
  const files = [kept('seizures.csv', 500, '2026-12-01T10:00:00.000Z')];
  /** What FileLoads.keptInput answers: the kept copy each table was read from. */
  const readFrom = (list: KeptFile[]) => (table: string) => { const k = list.find((f) => f.table === table); return k && keptToken(k); };

  it('name a sample by its content hash, a kept file by when it was kept, and always the population and the roles', () => {
    const sample = inputsOf(spec('disruptions_synthetic'), tables, readFrom(files), memory)!;
    expect(sample).toContain(inputToken({ file: 'disruptions_synthetic.parquet', bytes: SAMPLE_HASHES['disruptions_synthetic.parquet'].bytes, id: SAMPLE_HASHES['disruptions_synthetic.parquet'].hash }));
    expect(sample).toHaveLength(3);
    // A normalised view is its table's file.
    expect(inputsOf(spec('seizures_norm'), tables, readFrom(files), memory)).toContain(inputToken({ file: 'seizures.csv', bytes: 500, id: '2026-12-01T10:00:00.000Z' }));
  });

  it('cannot be named for a table read from no kept copy, so no snapshot is kept of it', () => {
    expect(inputsOf(spec('scratch'), tables, readFrom(files), memory)).toBeUndefined();
    // Read again with options the kept copy does not carry (FileLoads forgets its input then).
    expect(inputsOf(spec('seizures'), tables, () => undefined, memory)).toBeUndefined();
  });

  it('change when any input changes: the file kept again, its size, the roles and mappings, or the denominator', () => {
    const base = inputsOf(spec('seizures', 'force_population_synthetic'), [...tables, table('force_population_synthetic', 'force_population_synthetic.csv', SAMPLE_HASHES['force_population_synthetic.csv'].bytes)], readFrom(files), memory)!;
    const keys = new Set([JSON.stringify(base)]);
    const again = [kept('seizures.csv', 500, '2026-12-02T09:00:00.000Z')];
    keys.add(JSON.stringify(inputsOf(spec('seizures', 'force_population_synthetic'), [...tables, table('force_population_synthetic', 'force_population_synthetic.csv', SAMPLE_HASHES['force_population_synthetic.csv'].bytes)], readFrom(again), memory)));
    const mapped: DomainMemory = { ...memory, mappings: [{ role: 'force', value: 'Met', canonical: 'Metropolitan Police' } as never] };
    keys.add(JSON.stringify(inputsOf(spec('seizures', 'force_population_synthetic'), [...tables, table('force_population_synthetic', 'force_population_synthetic.csv', SAMPLE_HASHES['force_population_synthetic.csv'].bytes)], readFrom(files), mapped)));
    keys.add(JSON.stringify(inputsOf(spec('seizures'), tables, readFrom(files), memory)));
    expect(keys.size).toBe(4);
  });
});

describe('usableSnapshot', () => {
  const snapshot = shipped.snapshot as unknown as ViewSnapshot;

  it('draws the shipped first view in a browser that has nothing kept, and not once any of its inputs differs', () => {
    const present = presentInputs([], memory);
    expect(usableSnapshot(snapshot, present)?.spec.table).toBe('disruptions_synthetic');
    for (const token of snapshot.inputs) {
      const changed = new Set(present);
      changed.delete(token);
      changed.add(`${token}x`);
      expect(usableSnapshot(snapshot, changed), token).toBeUndefined();
    }
    const taught: DomainMemory = { ...memory, mappings: [{ role: 'force', value: 'x', canonical: 'Kent' } as never] };
    expect(usableSnapshot(snapshot, presentInputs([], taught))).toBeUndefined();
  });

  it('refuses a damaged, older or empty record', () => {
    const present = presentInputs([], memory);
    expect(usableSnapshot(undefined, present)).toBeUndefined();
    expect(usableSnapshot({ ...snapshot, version: 0 }, present)).toBeUndefined();
    expect(usableSnapshot({ ...snapshot, inputs: [] }, present)).toBeUndefined();
    expect(usableSnapshot({ ...snapshot, rows: 'x' }, present)).toBeUndefined();
    expect(usableSnapshot({ ...snapshot, spec: { table: 1 } }, present)).toBeUndefined();
  });

  it('keeps dates, NaN and infinities through JSON', () => {
    const rows = [{ d: new Date('2024-03-31T00:00:00.000Z'), n: Number.NaN, i: Number.POSITIVE_INFINITY, s: 'Kent', z: null, b: true }];
    const back = decodeRows(JSON.parse(JSON.stringify(encodeRows(rows))));
    expect(back[0].d).toEqual(rows[0].d);
    expect(back[0].n).toBeNaN();
    expect(back[0].i).toBe(Number.POSITIVE_INFINITY);
    expect({ ...back[0], d: 0, n: 0 }).toEqual({ ...rows[0], d: 0, n: 0 });
    expect(Object.getPrototypeOf(back[0])).toBeNull();
  });
});

describe('the shipped first view (samples/first-view.json)', () => {
  it('names every bundled sample with its size and content hash, read here from the files (run scripts/make-first-view.ts when a sample changes)', () => {
    expect(Object.keys(SAMPLE_HASHES).sort()).toEqual([...SAMPLE_FILES].sort());
    for (const file of SAMPLE_FILES) {
      const bytes = readFileSync(new URL(`../../samples/${file}`, import.meta.url));
      expect(SAMPLE_HASHES[file], file).toEqual({ bytes: bytes.length, hash: hashBytes(bytes) });
    }
  });

  it('is a view of the samples with its 43 forces', () => {
    const s = shipped.snapshot as unknown as ViewSnapshot;
    expect(s.origin).toBe('shipped');
    expect(s.rows).toHaveLength(43);
    expect(s.inputs.some((t) => t.startsWith('disruptions_synthetic.parquet'))).toBe(true);
  });
});
