/** What the engine holds: its tables and views, their columns and row counts, by name and kind. */
import { ident } from '../query';
import { runQuery, type Instance } from './instance';
import type { LoadedTable } from './load-common';

/** One table or view and its columns, as the data panel shows them. */
export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: { name: string; type: string }[];
  /** Row count, or -1 when counting would mean reading a whole file from disk. */
  rows: number;
  source?: LoadedTable;
}

/** Every table and view in the main schema with columns and row counts; `sourceOf` says which came from a file. */
export async function describeTables(instance: Instance, sourceOf: (name: string) => LoadedTable | undefined): Promise<TableInfo[]> {
  const t = await runQuery(
    instance,
    `SELECT t.table_name AS name, t.table_type AS kind, c.column_name AS col, c.data_type AS type
     FROM information_schema.tables t JOIN information_schema.columns c
       ON c.table_schema = t.table_schema AND c.table_name = t.table_name
     WHERE t.table_schema = 'main' ORDER BY t.table_name, c.ordinal_position`,
  );
  const byName = new Map<string, TableInfo>();
  for (const row of t) {
    const name = String(row.name);
    let info = byName.get(name);
    if (!info) {
      info = { name, kind: String(row.kind).includes('VIEW') ? 'view' : 'table', columns: [], rows: -1, source: sourceOf(name) };
      byName.set(name, info);
    }
    info.columns.push({ name: String(row.col), type: String(row.type) });
  }
  for (const info of byName.values()) {
    // A lazily-read CSV would be read whole from disk to count it.
    if (info.source?.mode === 'file-handle' && info.source.format === 'csv') continue;
    const n = await runQuery(instance, `SELECT count(*)::DOUBLE AS n FROM ${ident(info.name)}`).catch(() => null);
    info.rows = n ? Number(n.getChild('n')?.get(0)) : -1;
  }
  return [...byName.values()];
}

/** The names of every table and view in the main schema. */
export async function tableNames(instance: Instance): Promise<string[]> {
  const t = await runQuery(instance, `SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'main'`);
  return t.toArray().map((r) => String(r.n));
}

/** Whether `name` (any case) is a table or a view, or undefined when there is none. */
export async function kindOf(instance: Instance, name: string): Promise<'table' | 'view' | undefined> {
  const t = await runQuery(instance, `SELECT table_name AS n, table_type AS k FROM information_schema.tables WHERE table_schema = 'main'`);
  const row = t.toArray().find((r) => String(r.n).toLowerCase() === name.toLowerCase());
  return row ? (String(row.k).includes('VIEW') ? 'view' : 'table') : undefined;
}

/** Rename a table or view. */
export async function renameObject(instance: Instance, from: string, to: string): Promise<void> {
  const kind = await kindOf(instance, from);
  await runQuery(instance, `ALTER ${kind === 'view' ? 'VIEW' : 'TABLE'} ${ident(from)} RENAME TO ${ident(to)}`);
}

/** Drop a table or view if there is one of that name. */
export async function dropObject(instance: Instance, name: string): Promise<void> {
  const kind = await kindOf(instance, name);
  if (kind) await runQuery(instance, `DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} ${ident(name)}`);
}
