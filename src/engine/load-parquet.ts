/**
 * Parquet into the engine: copied in still compressed and read as a view when DuckDB 0.9.1 reads it right, read
 * lazily from disk when too large to copy, and decoded by hyparquet in JavaScript when it uses a codec, encoding
 * or type 0.9.1 cannot read, or reads wrongly without an error. Every column is read once at load, so a file
 * DuckDB cannot decode fails now, with its name, not at the first query.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { checkedGunzip } from './gzip-check';
import { ident, str } from '../query';
import { parquetFooter } from './detect';
import { LoadError } from './errors';
import { errorMessage } from '../domain';
import { runQuery, race, type Instance } from './instance';
import { rowsToTable } from './json-table';
import { checkAborted, countRows, formatMB, registeredName, type Loaded, type LoadOptions, type SourceFile } from './load-common';
import { readBytes } from './read-bytes';

// LZ4, LZ4_RAW and BROTLI are not in DuckDB 0.9.1. GZIP is, but it reads pages made of
// several gzip members wrongly and without an error (parquet-testing's
// concatenated_gzip_members.parquet gives wrong sums), so GZIP is decoded in JS too.
const NOT_TRUSTED_IN_DUCKDB_0_9 = new Set(['LZ4', 'LZ4_RAW', 'BROTLI', 'GZIP']);
// DuckDB 0.9.1 decodes DELTA_BINARY_PACKED pages of bit width 0 wrongly, again with no error
// (parquet-testing's delta_binary_packed.parquet: values off by 2^63); the delta encodings are decoded in JS.
const DELTA_ENCODINGS = new Set(['DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY']);
// DuckDB 0.9.1 reads FLOAT16 columns as raw BLOBs: numbers the user cannot see or sum.
const JS_LOGICAL_TYPES = new Set(['FLOAT16']);

/** Load a Parquet file (see the module's comment for which way). */
export async function loadParquet(instance: Instance, { name, blob }: SourceFile, opts: LoadOptions): Promise<Loaded> {
  const tail = new Uint8Array(await blob.slice(Math.max(0, blob.size - 4)).arrayBuffer());
  const footer = parquetFooter(tail);
  if (footer === 'PARE')
    throw new LoadError(name, 'this Parquet file is encrypted and cannot be read without its key', {
      hint: 'ask for an unencrypted export',
    });
  if (footer === 'none' || blob.size < 12)
    throw new LoadError(name, 'this Parquet file is truncated or damaged (no Parquet footer at the end)', {
      hint: 'copy the file again in full, or export it again',
    });

  if (blob.size > opts.bufferLimitBytes) {
    const registeredAs = registeredName(name);
    await race(instance.db.registerFileHandle(registeredAs, blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true), instance.dead);
    await runQuery(instance, `CREATE VIEW ${ident(opts.table)} AS SELECT * FROM read_parquet(${str(registeredAs)})`);
    return {
      mode: 'file-handle',
      modeReason: `larger than ${formatMB(opts.bufferLimitBytes)}, so it is read from disk on each query (slower; "Load into a table" copies it in)`,
      rows: await countRows(instance, opts.table),
      report: [],
      registeredAs,
    };
  }

  const bytes = await readBytes(blob, name, opts.onProgress, opts.signal);
  let codecs: Set<string>;
  let encodings: Set<string>;
  let logicalTypes: Set<string>;
  try {
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const chunks = meta.row_groups.flatMap((rg) => rg.columns.map((c) => c.meta_data));
    codecs = new Set(chunks.map((m) => String(m?.codec ?? 'UNCOMPRESSED')));
    encodings = new Set(chunks.flatMap((m) => (m?.encodings ?? []).map(String)));
    logicalTypes = new Set(meta.schema.map((el) => String(el.logical_type?.type ?? '')).filter(Boolean));
  } catch (e) {
    // hyparquet's own TypeErrors say nothing a user can act on; its Errors do ("invalid footer …").
    const detail = e instanceof TypeError ? '' : ` (${errorMessage(e)})`;
    throw new LoadError(name, `this Parquet file is damaged: its metadata cannot be read${detail}`, {
      hint: 'export it again; if it came from a tool, check that tool can read it',
      cause: e,
    });
  }
  const untrusted = [
    ...[...codecs].filter((c) => NOT_TRUSTED_IN_DUCKDB_0_9.has(c)),
    ...[...encodings].filter((e) => DELTA_ENCODINGS.has(e)),
    ...[...logicalTypes].filter((t) => JS_LOGICAL_TYPES.has(t)).map((t) => `${t} columns`),
  ];
  if (untrusted.length > 0) return loadParquetInJs(instance, name, bytes, untrusted, opts);

  const registeredAs = registeredName(name);
  await race(instance.db.registerFileBuffer(registeredAs, bytes), instance.dead);
  opts.onProgress?.({ file: name, phase: 'checking', bytesRead: blob.size, bytesTotal: blob.size });
  await runQuery(instance, `CREATE VIEW ${ident(opts.table)} AS SELECT * FROM read_parquet(${str(registeredAs)})`);
  // Read every column once now: a file DuckDB cannot decode fails here, with its name, not later.
  await runQuery(instance, `SELECT count(*) AS n, max(hash(COLUMNS(*))) FROM ${ident(opts.table)}`);
  return {
    mode: 'parquet-buffer',
    modeReason: 'copied into the engine still compressed, and read as a view (fast, small)',
    rows: await countRows(instance, opts.table),
    report: [`Compression: ${[...codecs].join(', ')}.`],
    registeredAs,
  };
}

async function loadParquetInJs(instance: Instance, name: string, bytes: Uint8Array, features: string[], opts: LoadOptions): Promise<Loaded> {
  let rows: Record<string, unknown>[];
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows = (await parquetReadObjects({ file, compressors: { ...compressors, GZIP: checkedGunzip } })) as Record<string, unknown>[];
  } catch (e) {
    if (/does not match its checksum/.test(errorMessage(e)))
      throw new LoadError(name, 'this Parquet file is damaged: a GZIP-compressed page does not match its checksum', { hint: 'copy the file again in full, or export it again', cause: e });
    throw new LoadError(name, `this Parquet file uses ${features.join(', ')}, which this engine cannot read reliably, and the JavaScript reader failed too (${errorMessage(e)})`, {
      hint: 'export it with Snappy or ZSTD compression and the default (non-delta) encodings',
      cause: e,
    });
  }
  checkAborted(name, opts.signal);
  const notes: string[] = [];
  const table = rowsToTable(rows, notes);
  await race(instance.conn.insertArrowTable(table, { name: opts.table, create: true }), instance.dead);
  return {
    mode: 'table',
    modeReason: `uses ${features.join(', ')}, which DuckDB 0.9.1 cannot read reliably: decoded in JavaScript and loaded as a table`,
    rows: await countRows(instance, opts.table),
    report: [`Decoded ${features.join(', ')} pages in JavaScript.`, ...notes],
  };
}
