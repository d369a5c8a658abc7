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
    // apache-arrow's own words for a file cut short are a JavaScript TypeError ("Cannot read properties of null
    // (reading 'fieldsLength')"): say what it means instead (fuzz seed 17, arrow-1).
    if (e instanceof TypeError || e instanceof RangeError)
      throw new LoadError(name, 'this Arrow IPC file is truncated or damaged: its schema or record batches cannot be read', {
        hint: 'copy the file again in full, or write it again',
        cause: e,
      });
    throw new LoadError(name, `this Arrow IPC file cannot be read (${errorMessage(e)})`, {
      hint: 'if it is compressed (LZ4/ZSTD buffers), write it uncompressed, or convert it to Parquet',
      cause: e,
    });
  }
  if (table.schema.fields.length === 0) throw new LoadError(name, 'this Arrow file has no columns');
  const broken = inconsistentColumn(table);
  if (broken)
    throw new LoadError(name, `this Arrow IPC file cannot be read: the values of column "${broken}" point outside the file`, {
      hint: 'it may be written big-endian (which the workbench cannot read) or damaged: write it again little-endian, or convert it to Parquet',
    });
  checkAborted(name, opts.signal);
  await race(instance.conn.insertArrowTable(table, { name: opts.table, create: true }), instance.dead);
  const rows = await countRows(instance, opts.table);
  if (rows !== table.numRows)
    throw new LoadError(name, `only ${rows} of ${table.numRows} rows could be loaded from this Arrow file`, {
      hint: 'convert it to Parquet and load that instead',
    });
  return { mode: 'table', modeReason: 'Arrow IPC loaded as a table', rows, report: [] };
}

/**
 * The first column whose variable-length values (text, bytes, lists) have offsets that do not run in order inside
 * their buffer, or undefined. apache-arrow reads a big-endian file as if it were little-endian without a word, and its
 * byte-swapped offsets ask the engine to copy gigabytes (seen: the load never ends).
 */
export function inconsistentColumn(table: arrow.Table): string | undefined {
  const bad = (d: arrow.Data): boolean => {
    const o = d.valueOffsets as ArrayLike<number | bigint> | undefined;
    if (o && o.length > 0) {
      const limit = d.values ? d.values.length : d.children[0]?.length ?? 0;
      let previous = Number(o[0]);
      if (previous < 0) return true;
      // Only the rows' own length + 1 offsets: the buffer is padded (apache-arrow writes it to a multiple of 64
      // bytes), and the zeros after the last offset are not a step backwards (fuzz seed 17, arrow-0).
      const end = Math.min(o.length, d.length + 1);
      for (let i = 1; i < end; i++) {
        const next = Number(o[i]);
        if (next < previous) return true;
        previous = next;
      }
      if (previous > limit) return true;
    }
    return d.children.some(bad);
  };
  return table.schema.fields.find((f) => table.getChild(f.name)?.data.some(bad))?.name;
}
