import { describe, expect, it } from 'vitest';
import { installReadAhead, readAheadPrelude, type BlobLike, type ModuleLike, type ReadAheadScope, type RuntimeLike } from '../../src/engine/read-ahead';

/** A file of `size` bytes whose byte i is `(i * 7 + seed) & 255`, and a reader that records each slice it reads. */
function fakeFile(size: number, seed = 0): BlobLike & { bytes: Uint8Array } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + seed) & 255;
  return { size, bytes, slice: (start: number, end: number) => ({ bytes: bytes.subarray(start, Math.min(end, size)) }) };
}

/** DuckDB's runtime as the read-ahead sees it: file ids → names → files, and a readFile of its own (DuckDB's reads). */
function fakeWorker(blockBytes: number, cacheBytes: number, aheadBlocks = 1) {
  const reads: [number, number][] = [];
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const names = new Map<number, { fileName: string; dataProtocol: number }>();
  const duckdbReads: number[] = [];
  const runtime: RuntimeLike = {
    _files: new Map(),
    getFileInfo: (_mod, id) => names.get(id) ?? null,
    readFile: (mod, id, buffer, bytes, location) => {
      duckdbReads.push(id);
      const file = runtime._files!.get(names.get(id)!.fileName) as ReturnType<typeof fakeFile>;
      const part = file.bytes.subarray(location, location + bytes);
      mod.HEAPU8.set(part, buffer);
      return part.length;
    },
  };
  const scope: ReadAheadScope = {
    FileReaderSync: class {
      readAsArrayBuffer(slice: unknown): ArrayBuffer {
        const b = (slice as { bytes: Uint8Array }).bytes;
        reads.push([b.byteOffset, b.byteOffset + b.length]);
        return b.slice().buffer;
      }
    },
    addEventListener: (_type, l) => listeners.push(l),
  };
  const control = installReadAhead({ blockBytes, cacheBytes, aheadBlocks }, scope);
  // DuckDB assigns its runtime when it instantiates the wasm, after the read-ahead was installed.
  scope.DUCKDB_RUNTIME = runtime;
  const mod: ModuleLike = { HEAPU8: new Uint8Array(1 << 16) };
  return {
    control,
    reads,
    duckdbReads,
    register(id: number, fileName: string, file: BlobLike, dataProtocol = 2) {
      names.set(id, { fileName, dataProtocol });
      runtime._files!.set(fileName, file);
    },
    /** Read through `globalThis.DUCKDB_RUNTIME.readFile`, as the wasm does; the bytes that landed in the heap. */
    read(id: number, location: number, bytes: number, buffer = 100) {
      mod.HEAPU8.fill(0);
      const n = scope.DUCKDB_RUNTIME!.readFile(mod, id, buffer, bytes, location);
      return { n, got: mod.HEAPU8.slice(buffer, buffer + n) };
    },
    post(data: unknown) {
      for (const l of listeners) l({ data });
    },
  };
}

describe('installReadAhead', () => {
  it('serves a read that spans blocks from two whole-block reads, byte for byte', () => {
    const w = fakeWorker(1000, 10_000);
    const file = fakeFile(3500);
    w.register(1, 'a.parquet', file);
    const { n, got } = w.read(1, 900, 300);
    expect(n).toBe(300);
    expect(got).toEqual(file.bytes.subarray(900, 1200));
    expect(w.reads).toEqual([
      [0, 1000],
      [1000, 2000],
    ]);
    expect(w.duckdbReads).toEqual([]);
  });

  it('reads the last block short and clips a read past the end of the file', () => {
    const w = fakeWorker(1000, 10_000);
    const file = fakeFile(3500);
    w.register(1, 'a.parquet', file);
    const { n, got } = w.read(1, 3400, 400);
    expect(n).toBe(100);
    expect(got).toEqual(file.bytes.subarray(3400, 3500));
    expect(w.reads).toEqual([[3000, 3500]]);
    expect(w.read(1, 3500, 10).n).toBe(0);
    expect(w.control.stats().cachedBytes).toBe(500);
  });

  it('answers later reads of the same blocks from the cache, across queries', () => {
    const w = fakeWorker(1000, 10_000);
    w.register(1, 'a.parquet', fakeFile(3500));
    for (let at = 0; at < 3000; at += 150) w.read(1, at, 100);
    w.read(1, 10, 20);
    expect(w.reads).toHaveLength(3);
    expect(w.control.stats()).toMatchObject({ blockReads: 3, reads: 21, hits: 18 });
  });

  it('reads further ahead while misses run in order, up to aheadBlocks, stopping at a held block and the end', () => {
    const w = fakeWorker(1000, 100_000, 4);
    const file = fakeFile(20_500);
    w.register(1, 'a.parquet', file);
    w.read(1, 20_400, 10); // the footer first: block 20, alone
    w.read(1, 5000, 10); // a jump: block 5, alone
    for (let at = 6000; at < 20_500; at += 500) expect(w.read(1, at, 10).got).toEqual(file.bytes.subarray(at, at + 10));
    expect(w.reads).toEqual([
      [20_000, 20_500],
      [5000, 6000],
      [6000, 8000], // blocks 6–7
      [8000, 12_000], // 8–11
      [12_000, 16_000], // 12–15, no more than 4
      [16_000, 20_000], // 16–19: block 20 is held
    ]);
    expect(w.control.stats()).toMatchObject({ blockCalls: 6, blockReads: 16, cachedBytes: 15_500 });
  });

  it('reads a request of a block or more straight from the file, without caching it', () => {
    const w = fakeWorker(1000, 10_000);
    const file = fakeFile(3500);
    w.register(1, 'a.parquet', file);
    const { got } = w.read(1, 200, 2000);
    expect(got).toEqual(file.bytes.subarray(200, 2200));
    expect(w.reads).toEqual([[200, 2200]]);
    expect(w.control.stats()).toMatchObject({ directReads: 1, cachedBytes: 0 });
  });

  it('evicts the least recently used blocks once the cache holds more bytes than its limit', () => {
    const w = fakeWorker(1000, 2500);
    w.register(1, 'a.parquet', fakeFile(5000));
    w.read(1, 0, 10); // block 0
    w.read(1, 1000, 10); // block 1
    w.read(1, 0, 10); // block 0 used again: block 1 is now the oldest
    w.read(1, 2000, 10); // block 2: 3000 bytes > 2500, block 1 goes
    expect(w.control.stats()).toMatchObject({ cachedBytes: 2000, peakCachedBytes: 3000 });
    w.reads.length = 0;
    w.read(1, 0, 10);
    w.read(1, 2000, 10);
    expect(w.reads).toEqual([]);
    w.read(1, 1000, 10);
    expect(w.reads).toEqual([[1000, 2000]]);
  });

  it('never serves a replaced file’s bytes: blocks are keyed by the file object, not its name', () => {
    const w = fakeWorker(1000, 10_000);
    w.register(1, 'a.parquet', fakeFile(3000, 1));
    w.read(1, 0, 100);
    const replacement = fakeFile(3000, 2);
    w.register(1, 'a.parquet', replacement);
    expect(w.read(1, 0, 100).got).toEqual(replacement.bytes.subarray(0, 100));
    // The old file's block went when the read found a new object under the name.
    expect(w.control.stats().cachedBytes).toBe(1000);
  });

  it("drops a file's blocks when DuckDB is told to drop or re-register its name", () => {
    const w = fakeWorker(1000, 10_000);
    w.register(1, 'a.parquet', fakeFile(3000));
    w.register(2, 'b.parquet', fakeFile(3000));
    w.read(1, 0, 10);
    w.read(1, 1000, 10);
    w.read(2, 0, 10);
    w.post({ messageId: 7, type: 'DROP_FILE', data: 'a.parquet' });
    expect(w.control.stats().cachedBytes).toBe(1000);
    w.post({ messageId: 8, type: 'REGISTER_FILE_HANDLE', data: ['b.parquet', fakeFile(10), 2, true] });
    expect(w.control.stats().cachedBytes).toBe(0);
    w.read(1, 0, 10);
    w.post({ messageId: 9, type: 'DROP_FILES' });
    expect(w.control.stats().cachedBytes).toBe(0);
  });

  it('leaves other protocols and a turned-off read-ahead to DuckDB', () => {
    const w = fakeWorker(1000, 10_000);
    w.register(1, 'in-memory.parquet', fakeFile(3000), 0);
    w.register(2, 'a.parquet', fakeFile(3000));
    w.read(1, 0, 10);
    w.control.configure({ blockBytes: 0 });
    w.read(2, 0, 10);
    expect(w.duckdbReads).toEqual([1, 2]);
    expect(w.reads).toEqual([]);
  });

  it('serialises to a worker-script line that runs on its own', () => {
    const line = readAheadPrelude({ blockBytes: 1000, cacheBytes: 5000, aheadBlocks: 2 });
    const scope: ReadAheadScope = {};
    new Function('globalThis', line)(scope);
    expect(scope.__socReadAhead?.stats().cachedBytes).toBe(0);
    expect(line).toContain('{"blockBytes":1000,"cacheBytes":5000,"aheadBlocks":2}');
  });
});
