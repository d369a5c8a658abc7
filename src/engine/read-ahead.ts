/**
 * Large reads for files the user opened as file handles. DuckDB-WASM reads a registered `File` through its JS
 * runtime's `readFile`, one `FileReaderSync` call per DuckDB read, and DuckDB's reads of a Parquet file are small
 * (1.5–1.7 KiB on average in the bench): a GROUP BY over 10M rows made 9,596 calls at ≈ 0.7 ms each, 85% of the
 * query. The cost is per call, not per byte, so the engine's worker serves those reads from whole blocks read once
 * and kept in a cache bounded in bytes (bench/README.md, "Parquet through a file handle").
 *
 * A file the user opened does not change while it is open (Chromium refuses to read a `File` whose file changed on
 * disk), so blocks are kept across queries. They are keyed by the `File` object itself, never by its name: a file
 * replaced under the same name is a new object, and the old one's blocks are dropped when DuckDB is told to drop
 * or re-register that name, or when a read finds a different object under the name.
 */

/** Sizes the read-ahead works in. */
export interface ReadAheadOptions {
  /** Bytes read from the file at once; a read at least this long goes straight to the file, uncached. */
  blockBytes: number;
  /** The most bytes of blocks kept, over all files; the least recently used go first. */
  cacheBytes: number;
  /**
   * The most blocks read in one call when misses run in order: each miss that follows the previous one's last
   * block doubles the read (1, 2, 4, … blocks), so a scan costs few calls and a jump costs one block.
   */
  aheadBlocks: number;
}

/** The chosen sizes (bench/README.md, "Where the file-handle time goes": block sizes of 1–32 MiB measured). */
export const READ_AHEAD: ReadAheadOptions = { blockBytes: 8 * 1024 * 1024, cacheBytes: 128 * 1024 * 1024, aheadBlocks: 4 };

/** Counters since the last reset, for the benchmark and tests. */
export interface ReadAheadStats {
  /** DuckDB's reads of registered files that went through the read-ahead. */
  reads: number;
  /** Reads answered from blocks already cached. */
  hits: number;
  /** Blocks read from files. */
  blockReads: number;
  /** Calls that read blocks from files (one call reads several blocks when misses run in order). */
  blockCalls: number;
  /** Reads of at least a block, read straight from the file. */
  directReads: number;
  /** Bytes read from files (blocks and direct reads). */
  bytesFromFiles: number;
  /** Bytes of blocks held now, and the most held at once. */
  cachedBytes: number;
  peakCachedBytes: number;
}

/** What the installed read-ahead exposes on the worker's global as `__socReadAhead` (for the bench and tests). */
export interface ReadAheadControl {
  stats(): ReadAheadStats;
  resetStats(): void;
  /** Forget every cached block. */
  clear(): void;
  /** Change the sizes (the cache is emptied: its blocks have the old size); `blockBytes: 0` turns read-ahead off. */
  configure(options: Partial<ReadAheadOptions>): void;
}

/** The parts of DuckDB-WASM's browser runtime the read-ahead uses (`globalThis.DUCKDB_RUNTIME`). */
export interface RuntimeLike {
  _files?: Map<string, BlobLike>;
  getFileInfo(mod: ModuleLike, fileId: number): { fileName: string; dataProtocol: number } | null;
  readFile(mod: ModuleLike, fileId: number, buffer: number, bytes: number, location: number): number;
}

/** A `File` as the read-ahead uses it. */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): unknown;
}

/** The wasm module as every runtime call receives it. */
export interface ModuleLike {
  HEAPU8: Uint8Array;
}

/** Where the read-ahead finds the runtime, the reader and the worker's messages: the worker's global, or a fake. */
export interface ReadAheadScope {
  DUCKDB_RUNTIME?: RuntimeLike;
  FileReaderSync?: new () => { readAsArrayBuffer(blob: unknown): ArrayBuffer };
  addEventListener?(type: 'message', listener: (event: { data: unknown }) => void): void;
  __socReadAhead?: ReadAheadControl;
}

/**
 * Install the read-ahead into the engine's worker, before DuckDB's script runs (DuckDB assigns
 * `globalThis.DUCKDB_RUNTIME` only when it instantiates the wasm, so the assignment is trapped). Serialised with
 * `toString()` into the worker script (bundle-files.ts, bundle-inline.ts): it must use nothing from outside its
 * body. `scope` is the worker's global there; tests pass a fake runtime, file and heap.
 */
export function installReadAhead(options: ReadAheadOptions, scope: ReadAheadScope = globalThis as unknown as ReadAheadScope): ReadAheadControl {
  const BROWSER_FILEREADER = 2;
  const opts = { blockBytes: options.blockBytes, cacheBytes: options.cacheBytes, aheadBlocks: options.aheadBlocks };
  interface Block {
    file: BlobLike;
    index: number;
    bytes: Uint8Array;
  }
  /** Blocks by file object, then by block index; `lru` holds the same blocks, least recently used first. */
  const files = new Map<BlobLike, Map<number, Block>>();
  const lru = new Set<Block>();
  /** The file object last seen under each registered name. */
  const names = new Map<string, BlobLike>();
  /** Per file: the last block the latest miss read, and how many blocks that read took. */
  const runs = new Map<BlobLike, { last: number; count: number }>();
  const fresh = (): ReadAheadStats => ({ reads: 0, hits: 0, blockReads: 0, blockCalls: 0, directReads: 0, bytesFromFiles: 0, cachedBytes: 0, peakCachedBytes: 0 });
  let stats = fresh();
  let cached = 0;

  const remove = (block: Block): void => {
    lru.delete(block);
    const blocks = files.get(block.file);
    blocks?.delete(block.index);
    if (blocks?.size === 0) files.delete(block.file);
    cached -= block.bytes.length;
  };
  const dropFile = (file: BlobLike | undefined): void => {
    if (file) runs.delete(file);
    for (const block of [...(file ? (files.get(file)?.values() ?? []) : [])]) remove(block);
  };
  const dropName = (name: string, runtime: RuntimeLike | undefined): void => {
    dropFile(names.get(name));
    dropFile(runtime?._files?.get(name));
    names.delete(name);
  };
  const clear = (): void => {
    files.clear();
    lru.clear();
    names.clear();
    runs.clear();
    cached = 0;
  };
  const readBytes = (file: BlobLike, start: number, end: number): Uint8Array => {
    const Reader = scope.FileReaderSync;
    if (!Reader) throw new Error('FileReaderSync is not available here');
    stats.bytesFromFiles += end - start;
    return new Uint8Array(new Reader().readAsArrayBuffer(file.slice(start, end)));
  };
  const keep = (file: BlobLike, index: number, bytes: Uint8Array): void => {
    let blocks = files.get(file);
    if (!blocks) files.set(file, (blocks = new Map()));
    const entry = { file, index, bytes };
    blocks.set(index, entry);
    lru.add(entry);
    cached += bytes.length;
    stats.blockReads++;
    stats.peakCachedBytes = Math.max(stats.peakCachedBytes, cached);
  };
  const block = (file: BlobLike, index: number): Uint8Array => {
    const blocks = files.get(file);
    const hit = blocks?.get(index);
    if (hit) {
      lru.delete(hit);
      lru.add(hit);
      return hit.bytes;
    }
    // A miss right after the previous miss's blocks continues a scan: read twice as far, up to aheadBlocks, and
    // never over a block already held or past the end of the file.
    const run = runs.get(file);
    const lastIndex = Math.max(0, Math.ceil(file.size / opts.blockBytes) - 1);
    let count = run && run.last === index - 1 ? Math.min(Math.max(1, opts.aheadBlocks), run.count * 2) : 1;
    count = Math.min(count, lastIndex - index + 1);
    for (let i = 1; i < count; i++)
      if (blocks?.has(index + i)) {
        count = i;
        break;
      }
    runs.set(file, { last: index + count - 1, count });
    const start = index * opts.blockBytes;
    const read = readBytes(file, start, Math.min(file.size, start + count * opts.blockBytes));
    stats.blockCalls++;
    const first = count === 1 ? read : read.slice(0, opts.blockBytes);
    keep(file, index, first);
    for (let i = 1; i < count; i++) keep(file, index + i, read.slice(i * opts.blockBytes, (i + 1) * opts.blockBytes));
    for (const oldest of lru) {
      if (cached <= opts.cacheBytes) break;
      remove(oldest);
    }
    return first;
  };

  /** Copy `file[location, location + bytes)` (clipped at its end) to `heap[buffer…]`; the bytes copied. */
  const serve = (file: BlobLike, heap: Uint8Array, buffer: number, bytes: number, location: number): number => {
    const end = Math.min(file.size, location + bytes);
    if (location >= end) return 0;
    stats.reads++;
    if (end - location >= opts.blockBytes) {
      heap.set(readBytes(file, location, end), buffer);
      stats.directReads++;
      return end - location;
    }
    const readsBefore = stats.blockReads;
    for (let pos = location; pos < end; ) {
      const index = Math.floor(pos / opts.blockBytes);
      const bytesOf = block(file, index);
      const offset = pos - index * opts.blockBytes;
      const n = Math.min(end - pos, bytesOf.length - offset);
      heap.set(bytesOf.subarray(offset, offset + n), buffer + (pos - location));
      pos += n;
    }
    if (stats.blockReads === readsBefore) stats.hits++;
    return end - location;
  };

  const wrap = (runtime: RuntimeLike): void => {
    const marked = runtime as RuntimeLike & { __socReadAhead?: boolean };
    if (marked.__socReadAhead) return;
    marked.__socReadAhead = true;
    const read = runtime.readFile;
    runtime.readFile = function (mod, fileId, buffer, bytes, location) {
      if (opts.blockBytes <= 0 || bytes <= 0) return read.call(runtime, mod, fileId, buffer, bytes, location);
      const info = runtime.getFileInfo(mod, fileId);
      const file = info?.dataProtocol === BROWSER_FILEREADER ? runtime._files?.get(info.fileName) : undefined;
      if (!info || !file) return read.call(runtime, mod, fileId, buffer, bytes, location);
      const seen = names.get(info.fileName);
      if (seen !== file) {
        dropFile(seen);
        names.set(info.fileName, file);
      }
      try {
        return serve(file, mod.HEAPU8, buffer, bytes, location);
      } catch {
        // A file that cannot be read (changed or deleted on disk): DuckDB's own read fails the same way and reports it.
        dropFile(file);
        return read.call(runtime, mod, fileId, buffer, bytes, location);
      }
    };
  };

  let runtime = scope.DUCKDB_RUNTIME;
  if (runtime) wrap(runtime);
  else
    Object.defineProperty(scope, 'DUCKDB_RUNTIME', {
      configurable: true,
      enumerable: true,
      get: () => runtime,
      set: (value: RuntimeLike) => {
        runtime = value;
        if (value) wrap(value);
      },
    });

  // DuckDB's worker messages that unregister a name: its blocks go now, not when the cache fills.
  scope.addEventListener?.('message', (event) => {
    const msg = event.data as { type?: unknown; data?: unknown } | null;
    if (msg?.type === 'DROP_FILES') clear();
    else if (msg?.type === 'DROP_FILE' && typeof msg.data === 'string') dropName(msg.data, runtime);
    else if (msg?.type === 'REGISTER_FILE_HANDLE' && Array.isArray(msg.data) && typeof msg.data[0] === 'string') dropName(msg.data[0], runtime);
  });

  const control: ReadAheadControl = {
    stats: () => ({ ...stats, cachedBytes: cached }),
    resetStats: () => {
      stats = fresh();
      stats.peakCachedBytes = cached;
    },
    clear,
    configure: (next) => {
      clear();
      if (next.blockBytes !== undefined) opts.blockBytes = next.blockBytes;
      if (next.cacheBytes !== undefined) opts.cacheBytes = next.cacheBytes;
      if (next.aheadBlocks !== undefined) opts.aheadBlocks = next.aheadBlocks;
    },
  };
  scope.__socReadAhead = control;
  return control;
}

/** The worker-script line that installs the read-ahead with these sizes. */
export function readAheadPrelude(options: ReadAheadOptions = READ_AHEAD): string {
  return `(${installReadAhead.toString()})(${JSON.stringify(options)});\n`;
}
