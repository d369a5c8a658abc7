/**
 * The workbook: saved views and saved SQL queries, plus what the user taught the workbench about their data (role corrections, value
 * mappings, peer groups) and which files the data came from. Plain JSON; every change returns a new workbook
 * (immutable updates, as CodeMirror's state does), so undo and autosave can compare by reference.
 */
import { parseProtection, type Protection, type RoleKind, type ViewSpec } from '../domain';
import { checkQuerySql, checkSpecText, checkText, LIMITS } from './limits';

/** The `format` field of every workbook file. */
export const WORKBOOK_FORMAT = 'soc-workbench-workbook';
/** The workbook version this workbench writes; older files are migrated up to it. */
export const WORKBOOK_VERSION = 3;

/** A saved view: a stable id, the name shown in the list and on its slide, and the view spec. */
export interface WorkbookView {
  id: string;
  name: string;
  spec: ViewSpec;
}

/** A saved SQL query: a stable id, the name shown in the list, and the SQL text (one or more statements). */
export interface SavedQuery {
  id: string;
  name: string;
  sql: string;
}

/** The user's correction of a recognised column role, for a column of a file. */
export interface RoleCorrection {
  file: string;
  column: string;
  role: RoleKind;
}

/** What a value mapping maps to: a force, a SOC region or a threat type. */
export type MappingRole = 'force' | 'region' | 'threat';

/**
 * A value the domain did not know, mapped by the user to a canonical force, region or threat type by its id
 * ("Met Pol HQ" → `metropolitan`). Like the workbench's own mappings it applies wherever the value occurs in a
 * column of that role, in every table.
 */
export interface ValueMapping {
  role: MappingRole;
  value: string;
  to: string;
}

/** A named set of forces (canonical names) to compare a force against. */
export interface NamedPeerGroup {
  name: string;
  forces: string[];
}

/** How a source file is read: the format decides the reader in the app and in an exported SQL script. */
export type SourceKind = 'csv' | 'parquet' | 'json' | 'arrow';

/** A file a table was loaded from; `size` in bytes, null when unknown. */
export interface Source {
  table: string;
  file: string;
  size: number | null;
  kind: SourceKind;
}

/** One table's data embedded in the workbook file: Parquet bytes as base64 (see docs/workbook-format.md). */
export interface EmbeddedTable {
  table: string;
  format: 'parquet';
  encoding: 'base64';
  /** Decoded size in bytes, checked on import. */
  bytes: number;
  base64: string;
}

/** A workbook as the app holds it and as the file carries it. */
export interface Workbook {
  format: typeof WORKBOOK_FORMAT;
  version: typeof WORKBOOK_VERSION;
  title: string;
  views: WorkbookView[];
  queries: SavedQuery[];
  roleCorrections: RoleCorrection[];
  valueMappings: ValueMapping[];
  peerGroups: NamedPeerGroup[];
  sources: Source[];
  /** Protect small numbers in every chart, table and export of the views; absent = off. */
  protection?: Protection;
  data?: EmbeddedTable[];
}

/** A new, empty workbook. */
export function emptyWorkbook(title = 'Untitled workbook'): Workbook {
  checkText('title', title, LIMITS.titleChars);
  return { format: WORKBOOK_FORMAT, version: WORKBOOK_VERSION, title, views: [], queries: [], roleCorrections: [], valueMappings: [], peerGroups: [], sources: [] };
}

function indexOfView(w: Workbook, id: string): number {
  const i = w.views.findIndex((v) => v.id === id);
  if (i < 0) throw new RangeError(`no view with id ${JSON.stringify(id)} (the workbook has ${w.views.map((v) => v.id).join(', ') || 'no views'})`);
  return i;
}

/** An id not used by any view of the workbook: `v1`, `v2`, … */
export function nextViewId(w: Workbook): string {
  const used = new Set(w.views.map((v) => v.id));
  for (let n = w.views.length + 1; ; n++) if (!used.has(`v${n}`)) return `v${n}`;
}

function checkRoom(w: Workbook): void {
  if (w.views.length >= LIMITS.views) throw new RangeError(`a workbook holds at most ${LIMITS.views} views; delete one first`);
}

/** The workbook with a view appended (or inserted at `at`); returns the workbook and the new view's id. */
export function addView(w: Workbook, name: string, spec: ViewSpec, at = w.views.length): { workbook: Workbook; id: string } {
  checkRoom(w);
  checkText('name', name, LIMITS.nameChars);
  // The same checks as on import, here where the view comes in: otherwise the next save would be refused instead.
  checkSpecText('spec', spec);
  const id = nextViewId(w);
  const views = [...w.views];
  views.splice(Math.max(0, Math.min(at, views.length)), 0, { id, name, spec });
  return { workbook: { ...w, views }, id };
}

/** The workbook with one view renamed. */
export function renameView(w: Workbook, id: string, name: string): Workbook {
  const i = indexOfView(w, id);
  checkText('name', name, LIMITS.nameChars);
  return { ...w, views: w.views.map((v, j) => (j === i ? { ...v, name } : v)) };
}

/** The workbook with a copy of a view placed right after it ("<name> (copy)" unless a name is given). */
export function duplicateView(w: Workbook, id: string, name?: string): { workbook: Workbook; id: string } {
  const i = indexOfView(w, id);
  const source = w.views[i];
  const copyName = name ?? `${source.name} (copy)`.slice(0, LIMITS.nameChars);
  // structuredClone: the copy must not share nested arrays (filters) with the original.
  return addView(w, copyName, structuredClone(source.spec), i + 1);
}

/** The workbook with a view moved to position `to` (clamped to the list). */
export function moveView(w: Workbook, id: string, to: number): Workbook {
  const i = indexOfView(w, id);
  const views = [...w.views];
  const [view] = views.splice(i, 1);
  views.splice(Math.max(0, Math.min(Math.trunc(to), views.length)), 0, view);
  return { ...w, views };
}

/** The workbook without a view. */
export function deleteView(w: Workbook, id: string): Workbook {
  const i = indexOfView(w, id);
  return { ...w, views: w.views.filter((_, j) => j !== i) };
}

function indexOfQuery(w: Workbook, id: string): number {
  const i = w.queries.findIndex((q) => q.id === id);
  if (i < 0) throw new RangeError(`no saved query with id ${JSON.stringify(id)} (the workbook has ${w.queries.map((q) => q.id).join(', ') || 'no saved queries'})`);
  return i;
}

/** An id not used by any saved query of the workbook: `q1`, `q2`, … */
export function nextQueryId(w: Workbook): string {
  const used = new Set(w.queries.map((q) => q.id));
  for (let n = w.queries.length + 1; ; n++) if (!used.has(`q${n}`)) return `q${n}`;
}

/** The workbook with a query saved at the end of its list; returns the workbook and the new query's id. */
export function addQuery(w: Workbook, name: string, sql: string): { workbook: Workbook; id: string } {
  if (w.queries.length >= LIMITS.queries) throw new RangeError(`a workbook holds at most ${LIMITS.queries} saved queries; delete one first`);
  checkText('name', name, LIMITS.nameChars);
  checkQuerySql('sql', sql);
  const id = nextQueryId(w);
  return { workbook: { ...w, queries: [...w.queries, { id, name, sql }] }, id };
}

/**
 * A name for a query about to be saved: its first `--` comment line when it starts with one (as the queries the
 * workbench writes do), else `Query n`; one line, plain text, short enough for the list.
 */
export function queryNameFrom(sql: string, n: number): string {
  const comment = /^\s*--[ \t]*(.*)/.exec(sql)?.[1] ?? '';
  const name = comment.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, ' ').replace(/<(?=\s*[A-Za-z!/?])/g, '‹').replace(/\s+/g, ' ').trim();
  return name ? name.slice(0, LIMITS.nameChars).trim() : `Query ${n}`;
}

/** The workbook with one saved query renamed. */
export function renameQuery(w: Workbook, id: string, name: string): Workbook {
  const i = indexOfQuery(w, id);
  checkText('name', name, LIMITS.nameChars);
  return { ...w, queries: w.queries.map((q, j) => (j === i ? { ...q, name } : q)) };
}

/** The workbook with one saved query's SQL replaced. */
export function updateQuery(w: Workbook, id: string, sql: string): Workbook {
  const i = indexOfQuery(w, id);
  checkQuerySql('sql', sql);
  return { ...w, queries: w.queries.map((q, j) => (j === i ? { ...q, sql } : q)) };
}

/** The workbook without a saved query. */
export function deleteQuery(w: Workbook, id: string): Workbook {
  const i = indexOfQuery(w, id);
  return { ...w, queries: w.queries.filter((_, j) => j !== i) };
}

/** The workbook with a new title. */
export function retitle(w: Workbook, title: string): Workbook {
  checkText('title', title, LIMITS.titleChars);
  return { ...w, title };
}

/** The workbook with small-number protection set (checked: threshold 3 to 10), or switched off (`undefined`). */
export function withProtection(w: Workbook, p: Protection | undefined): Workbook {
  if (p === undefined) {
    const { protection: _off, ...rest } = w;
    void _off;
    return rest;
  }
  return { ...w, protection: parseProtection(p) };
}

/** A table the views need, with the file it came from when the workbook records one. */
export interface NeededTable {
  table: string;
  file?: string;
  kind?: SourceKind;
}

/** The tables the views read (and population lookups), with their files, in first-use order: what to ask for on import. */
export function neededTables(w: Workbook): NeededTable[] {
  const seen = new Map<string, NeededTable>();
  for (const v of w.views) {
    for (const table of [v.spec.table, v.spec.denominator?.table]) {
      if (table === undefined || seen.has(table)) continue;
      const s = w.sources.find((x) => x.table === table);
      seen.set(table, s ? { table, file: s.file, kind: s.kind } : { table });
    }
  }
  return [...seen.values()];
}

/** A file name for the exported workbook: the title made safe for every file system. */
export function workbookFileName(w: Workbook): string {
  return safeFileName(w.title, 'workbook.json', 'workbook');
}

/** A file name safe on every file system, made from a title: accents folded, other symbols spaced, 80 characters. */
export function safeFileName(title: string, extension: string, fallback = 'soc-workbench'): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 _.-]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${stem || fallback}.${extension}`;
}
