/** Arrow IPC into the engine, with a check that every row arrived (insertArrowTable can lose rows silently). */
import * as arrow from 'apache-arrow';
import { LoadError } from './errors';
import { errorMessage } from '../domain';
import { race, type Instance } from './instance';
import { checkAborted, countRows, type Loaded, type LoadOptions, type SourceFile } from './load-common';
import { readBytes } from './read-bytes';

/** Load an Arrow IPC file or stream into a table. */
export async function loadArrow(instance: Instance, { name, blob }: SourceFile, opts: LoadOptions): Promise<Loaded> {
  const bytes = await readBytes(blob, name, opts.onProgress, opts.signal);
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw new LoadError(name, `this Arrow IPC file cannot be read (${errorMessage(e)})`, {
      hint: 'if it is compressed (LZ4/ZSTD buffers), write it uncompressed, or convert it to Parquet',
      cause: e,
    });
  }
  if (table.schema.fields.length === 0) throw new LoadError(name, 'this Arrow file has no columns');
  checkAborted(name, opts.signal);
  await race(instance.conn.insertArrowTable(table, { name: opts.table, create: true }), instance.dead);
  const rows = await countRows(instance, opts.table);
  if (rows !== table.numRows)
    throw new LoadError(name, `only ${rows} of ${table.numRows} rows could be loaded from this Arrow file`, {
      hint: 'convert it to Parquet and load that instead',
    });
  return { mode: 'table', modeReason: 'Arrow IPC loaded as a table', rows, report: [] };
}
