/** What the engine holds: its tables and views, their columns and row counts, by name and kind. */
import { CATALOGUE_SQL, ident, objectKind, sourceTableOf } from '../query';
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

/**
 * Row counts of views, kept until the view's definition or a table's rows or columns change. Counting a view runs it:
 * the workbench's own views (normalised, long) expand its force and period macros, which DuckDB-WASM takes a good
 * part of a second to plan, and the table list is described after every load — so counting every view every time
 * made each load slower than the one before. Tables are always counted (cheap: they are in memory).
 */
export class ViewRowCounts {
  private readonly counts = new Map<string, { key: string; rows: number }>();
  get(name: string, key: string): number | undefined {
    const hit = this.counts.get(name.toLowerCase());
    return hit?.key === key ? hit.rows : undefined;
  }
  set(name: string, key: string, rows: number): void {
    this.counts.set(name.toLowerCase(), { key, rows });
  }
  /** After a restart: every view is made again, and counted again. */
  clear(): void {
    this.counts.clear();
  }
}

/** Every table and view in the main schema with columns and row counts; `sourceOf` says which came from a file. */
export async function describeTables(
  instance: Instance,
  sourceOf: (name: string) => LoadedTable | undefined,
  viewCounts: ViewRowCounts = new ViewRowCounts(),
): Promise<TableInfo[]> {
  const t = await runQuery(instance, CATALOGUE_SQL);
  const byName = new Map<string, TableInfo>();
  const definitions = new Map<string, string>();
  for (const row of t) {
    const name = String(row.name);
    let info = byName.get(name);
    if (!info) {
      info = { name, kind: String(row.kind).includes('VIEW') ? 'view' : 'table', columns: [], rows: -1, source: sourceOf(name) };
      byName.set(name, info);
      if (info.kind === 'view') definitions.set(name, String(row.definition ?? ''));
    }
    info.columns.push({ name: String(row.col), type: String(row.type) });
  }
  const count = async (name: string) => {
    const n = await runQuery(instance, `SELECT count(*)::DOUBLE AS n FROM ${ident(name)}`).catch(() => null);
    return n ? Number(n.getChild('n')?.get(0)) : -1;
  };
  const tables = [...byName.values()].filter((i) => i.kind === 'table');
  for (const info of tables) info.rows = await count(info.name);
  // A view's rows can change only with its definition or the tables beneath it: for the workbench's own views, the one
  // table each is made from; for any other view, every table.
  const names = [...byName.keys()];
  const stateOf = (list: TableInfo[]) => JSON.stringify(list.map((i) => [i.name, i.rows, i.columns]));
  const tablesState = stateOf(tables);
  const beneath = (view: string) => {
    if (!['normalised', 'long'].includes(objectKind(view, names))) return tablesState;
    const base = sourceTableOf(view, names).toLowerCase();
    return stateOf(tables.filter((i) => i.name.toLowerCase() === base));
  };
  for (const info of byName.values()) {
    if (info.kind !== 'view') continue;
    // A lazily-read CSV would be read whole from disk to count it.
    if (info.source?.mode === 'file-handle' && info.source.format === 'csv') continue;
    const key = `${definitions.get(info.name)}\n${beneath(info.name)}`;
    const known = viewCounts.get(info.name, key);
    info.rows = known ?? (await count(info.name));
    if (known === undefined && info.rows >= 0) viewCounts.set(info.name, key, info.rows);
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
