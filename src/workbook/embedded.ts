/**
 * Data embedded in a workbook file: each table as Parquet (compressed, typed, read by DuckDB-WASM 1.28.0 and native
 * DuckDB alike), base64 in the JSON. Base64 costs a third more than the bytes, but keeps the file one JSON document
 * that any tool can open, and Parquet is already compressed, so a binary container would save little.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { WorkbookError } from './errors';
import { LIMITS } from './limits';
import type { Workbook } from './workbook';

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1" opens and closes every Parquet file

function isParquet(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  return MAGIC.every((b, i) => bytes[i] === b && bytes[bytes.length - 4 + i] === b);
}

/** The workbook with a table's Parquet bytes embedded (replacing any earlier copy); the table must be a source. */
export function embedParquet(w: Workbook, table: string, parquet: Uint8Array): Workbook {
  if (!w.sources.some((s) => s.table === table)) throw new RangeError(`${JSON.stringify(table)} is not a source of the workbook; add it to sources first`);
  if (!isParquet(parquet)) throw new RangeError(`the bytes for ${JSON.stringify(table)} are not a Parquet file (no PAR1 markers)`);
  if (parquet.length > LIMITS.tableBytes) {
    throw new RangeError(`${table} is ${parquet.length} bytes as Parquet, more than the ${LIMITS.tableBytes} a workbook embeds; share the file separately`);
  }
  const entry = { table, format: 'parquet' as const, encoding: 'base64' as const, bytes: parquet.length, base64: bytesToBase64(parquet) };
  return { ...w, data: [...(w.data ?? []).filter((d) => d.table !== table), entry] };
}

/** The file name an embedded table is loaded from: what the workbench keys that table's role corrections by. */
export function embeddedFileName(table: string): string {
  return `${table}.parquet`;
}

/** The workbook without embedded data (for autosave and "export without data"). */
export function withoutData(w: Workbook): Workbook {
  const { data: _data, ...rest } = w;
  void _data;
  return rest;
}

/** The embedded Parquet bytes of a table, or undefined when it is not embedded; WorkbookError if they are damaged. */
export function embeddedParquet(w: Workbook, table: string): Uint8Array | undefined {
  const i = (w.data ?? []).findIndex((d) => d.table === table);
  if (i < 0) return undefined;
  const d = w.data![i];
  const bytes = base64ToBytes(d.base64);
  const at = `data[${i}].base64`;
  if (!bytes) throw new WorkbookError(at, 'is not base64', 'the embedded data are damaged; export the workbook again');
  if (bytes.length !== d.bytes) throw new WorkbookError(at, `decodes to ${bytes.length} bytes, expected ${d.bytes}`, 'the embedded data are damaged; export the workbook again');
  if (!isParquet(bytes)) throw new WorkbookError(at, 'is not a Parquet file (no PAR1 markers)', 'the embedded data are damaged; export the workbook again');
  return bytes;
}

/** Decoded bytes of all embedded data, for showing the size before saving. */
export function embeddedBytes(w: Workbook): number {
  return (w.data ?? []).reduce((a, d) => a + d.bytes, 0);
}
