/**
 * The workbook as the app holds it: saved views, peer groups and the description of the data sources; autosaved in
 * the browser after every change, exported and imported as one file (with or without the data as Parquet), and
 * shared as a standalone workbench. Pure operations come from src/workbook; this class adds the effects.
 */
import { errorMessage, type Protection, type ViewSpec } from '../domain';
import type { TableInfo } from '../engine';
import { REFERENCE_TABLES, objectKind, sourceTableOf } from '../query';
import {
  addQuery,
  addView,
  deleteQuery,
  deleteView,
  describeMerge,
  embeddedFileName,
  duplicateView,
  embedParquet,
  embeddedParquet,
  emptyWorkbook,
  moveView,
  neededTables,
  parseWorkbook,
  parseWorkbookFile,
  renameQuery,
  renameView,
  serializeWorkbook,
  updateQuery,
  underLoadedNames,
  withProtection,
  withoutData,
  type Source,
  type Taught,
  type TaughtChange,
  type TaughtMerge,
  type SourceKind,
  type Workbook,
  type WorkbookStore,
} from '../workbook';

/** What the workbook needs from the rest of the app. */
export interface WorkbookDeps {
  store?: WorkbookStore;
  tables(): readonly TableInfo[];
  /** The table's rows as Parquet bytes (written by DuckDB). */
  exportParquet(table: string): Promise<Uint8Array>;
  /** Load Parquet bytes as a table of that name (from the file `embeddedFileName(table)`), replacing one that exists. */
  loadParquet(table: string, bytes: Uint8Array): Promise<void>;
  /**
   * Whether the workbook `from`'s copy of a table may replace the loaded table of that name (e.g. by asking the user);
   * replaced without asking when absent.
   */
  mayReplace?(loaded: TableInfo, from: string): Promise<boolean>;
  /** What the user taught the workbench about these files (and every value mapping): saved with the workbook. */
  taught?(files: readonly string[]): Taught;
  /** Combine a workbook's teaching with the user's and keep it (an opened workbook's wins; an autosaved one fills gaps). */
  adopt?(taught: Taught, prefer: 'theirs' | 'mine'): TaughtMerge;
  notify(kind: 'error' | 'info', text: string): void;
}

// A Map: the extension is the user's text, and `x.constructor` must not find Object's constructor (issue 17).
const KINDS = new Map<string, SourceKind>([['csv', 'csv'], ['tsv', 'csv'], ['txt', 'csv'], ['parquet', 'parquet'], ['json', 'json'], ['ndjson', 'json'], ['jsonl', 'json'], ['arrow', 'arrow'], ['arrows', 'arrow'], ['ipc', 'arrow'], ['feather', 'arrow']]);

/** What a workbook holds, for the notice on opening it: `3 views`, `3 views and 1 saved query`. */
function views(w: Workbook): string {
  const v = `${w.views.length} ${w.views.length === 1 ? 'view' : 'views'}`;
  return w.queries.length ? `${v} and ${w.queries.length} saved ${w.queries.length === 1 ? 'query' : 'queries'}` : v;
}

/** The file a loaded table came from, as the workbook records it. */
export function sourceOf(t: TableInfo): Source | undefined {
  const file = t.source?.file;
  if (!file) return undefined;
  const kind = KINDS.get(file.split('.').pop()?.toLowerCase() ?? '') ?? 'csv';
  return { table: t.name, file: file.split(/[\\/]/).pop() ?? file, size: null, kind };
}

export class WorkbookState {
  workbook = $state.raw<Workbook>(emptyWorkbook('SOC workbook'));
  /** The saved view the builder shows, if any. */
  currentId = $state<string | undefined>();
  /** The saved query last opened in (or saved from) the SQL editor, if any. */
  currentQueryId = $state<string | undefined>();
  /** Why the last autosave did not happen, for the user; null when saves work. */
  saveProblem = $state<string | null>(null);
  private readonly deps: WorkbookDeps;

  constructor(deps: WorkbookDeps) {
    this.deps = deps;
  }

  /** Bring back the autosaved workbook, if there is one. */
  async restore(): Promise<void> {
    try {
      const saved = await this.deps.store?.load();
      if (!saved) return;
      this.workbook = saved;
      // Normally this browser's own store already holds the same teaching; when that was refused or cleared, the
      // autosaved workbook brings it back. The user's own stays where both speak: it is the newer.
      const merge = this.deps.adopt?.(saved, 'mine');
      const said = merge && describeMerge({ ...merge, replaced: [], declined: [] }, 'the saved workbook');
      if (said) this.deps.notify('info', said);
    } catch (e) {
      this.deps.notify('error', errorMessage(e));
    }
  }

  /** The user's teaching changed: save it with the workbook. */
  taughtChanged(): void {
    this.change(() => this.withSources(this.workbook));
  }

  /** Save the current view under a name; returns its id. */
  saveView(name: string, spec: ViewSpec): string | undefined {
    let id: string | undefined;
    const saved = this.change(() => {
      const r = addView(this.withSources(this.workbook), name.trim() || 'Untitled view', spec);
      id = r.id;
      return r.workbook;
    });
    if (saved) this.currentId = id;
    return saved ? id : undefined;
  }

  /** Replace a saved view's spec with the builder's current one. */
  updateView(id: string, spec: ViewSpec): void {
    this.change(() => ({ ...this.withSources(this.workbook), views: this.workbook.views.map((v) => (v.id === id ? { ...v, spec } : v)) }));
  }

  rename(id: string, name: string): void {
    this.change(() => renameView(this.workbook, id, name));
  }

  duplicate(id: string): void {
    this.change(() => duplicateView(this.workbook, id).workbook);
  }

  /** Move a view one place up (-1) or down (+1). */
  move(id: string, by: -1 | 1): void {
    const i = this.workbook.views.findIndex((v) => v.id === id);
    this.change(() => moveView(this.workbook, id, i + by));
  }

  delete(id: string): void {
    if (this.currentId === id) this.currentId = undefined;
    this.change(() => deleteView(this.workbook, id));
  }

  /** Save SQL under a name, as a new saved query; returns its id (undefined when refused, and told). */
  saveQuery(name: string, sql: string): string | undefined {
    let id: string | undefined;
    const saved = this.change(() => {
      const r = addQuery(this.withSources(this.workbook), name.trim(), sql);
      id = r.id;
      return r.workbook;
    });
    if (saved) this.currentQueryId = id;
    return saved ? id : undefined;
  }

  /** Replace a saved query's SQL. */
  updateQuery(id: string, sql: string): boolean {
    return this.change(() => updateQuery(this.workbook, id, sql));
  }

  renameQuery(id: string, name: string): void {
    this.change(() => renameQuery(this.workbook, id, name.trim()));
  }

  deleteQuery(id: string): void {
    if (this.currentQueryId === id) this.currentQueryId = undefined;
    this.change(() => deleteQuery(this.workbook, id));
  }

  /** Keep the user's peer groups with the workbook. */
  setPeerGroups(groups: Workbook['peerGroups']): void {
    this.change(() => ({ ...this.workbook, peerGroups: groups.map((g) => ({ name: g.name, forces: [...g.forces] })) }));
  }

  /** Protect small numbers in the workbook's views (or stop, with `undefined`); saved with the workbook. */
  setProtection(p: Protection | undefined): boolean {
    return this.change(() => withProtection(this.workbook, p));
  }

  /** The workbook file's text: with the views' tables embedded as Parquet when `withData`. */
  async fileText(withData: boolean): Promise<string> {
    let w = withoutData(this.withSources(this.workbook));
    if (withData) {
      // A view of the domain layer's (x_long_norm) is embedded as its user table (x), from which it is made again; the
      // built-in reference tables travel with the workbench itself.
      const names = this.deps.tables().map((t) => t.name);
      const tables = [...new Set(neededTables(w).map(({ table }) => sourceTableOf(table, names)))].filter((t) => objectKind(t, names) === 'user');
      for (const table of tables) {
        if (!w.sources.some((s) => s.table === table)) w = { ...w, sources: [...w.sources, { table, file: `${table}.parquet`, size: null, kind: 'parquet' }] };
        w = embedParquet(w, table, await this.deps.exportParquet(table));
      }
    }
    return serializeWorkbook(w);
  }

  /**
   * Open a workbook file (or an embedded one): validate it, load its embedded tables, and replace the current
   * workbook. Returns the tables its views still need (not loaded, not embedded), for the caller to ask for by name.
   */
  async import(input: string | Uint8Array | unknown, from: string): Promise<{ workbook: Workbook; missing: { table: string; file?: string }[] }> {
    const w = typeof input === 'string' || input instanceof Uint8Array ? parseWorkbookFile(input) : parseWorkbook(input);
    // The teaching first, so the tables below are recognised with it; embedded tables come from `<table>.parquet`,
    // so their file's corrections are kept under that name too.
    const alsoAs = new Map<string, string[]>();
    for (const d of w.data ?? []) {
      const file = w.sources.find((s) => s.table === d.table)?.file;
      if (file && file !== embeddedFileName(d.table)) alsoAs.set(file, [...(alsoAs.get(file) ?? []), embeddedFileName(d.table)]);
    }
    const merge = this.deps.adopt?.(underLoadedNames(w, alsoAs), 'theirs');
    // Told once per correction the workbook holds, not again for the name it is also kept under.
    const alias = new Set([...alsoAs.values()].flat());
    const once = (cs: TaughtChange[]) => cs.filter((c) => !(c.file !== undefined && alias.has(c.file)));
    const said = merge && describeMerge({ ...merge, added: once(merge.added), replaced: once(merge.replaced), declined: once(merge.declined) }, 'the workbook');
    if (said) this.deps.notify('info', said);
    const keptMine: string[] = [];
    for (const d of w.data ?? []) {
      const bytes = embeddedParquet(w, d.table);
      if (!bytes) continue;
      // A loaded table of that name may be the user's own work: it is replaced only if they say so (issue 17 item 8).
      const loaded = this.deps.tables().find((t) => t.name.toLowerCase() === d.table.toLowerCase());
      if (loaded && this.deps.mayReplace && !(await this.deps.mayReplace(loaded, from))) {
        keptMine.push(loaded.name);
        continue;
      }
      await this.deps.loadParquet(d.table, bytes);
    }
    if (keptMine.length) {
      const these = keptMine.length === 1 ? `your table ${keptMine[0]}` : `your tables ${keptMine.join(', ')}`;
      this.deps.notify('error', `Kept ${these}: the workbook's views draw from ${keptMine.length === 1 ? 'it' : 'them'}, not from the copy in ${from}. Open the workbook again and choose Replace to see its own numbers.`);
    }
    // The tables just loaded from the file are not in the table list until the caller refreshes it.
    const have = new Set([...this.deps.tables().map((t) => t.name), ...(w.data ?? []).map((d) => d.table)].map((n) => n.toLowerCase()));
    // A view the domain layer makes (x_norm, x_long_norm) is there once its table is: it is made again from it.
    const base = (t: string) => t.toLowerCase().replace(/(?:_long)?(?:_norm)?$/, '');
    const missing = neededTables(w).filter((n) => !have.has(n.table.toLowerCase()) && !have.has(base(n.table)) && !REFERENCE_TABLES.some((r) => r.toLowerCase() === n.table.toLowerCase()));
    this.workbook = withoutData(w);
    this.currentId = undefined;
    this.currentQueryId = undefined;
    await this.autosave();
    this.deps.notify(
      missing.length ? 'error' : 'info',
      missing.length
        ? `Opened workbook "${w.title}" from ${from} (${views(w)}). It needs ${missing.map((m) => (m.file ? `${m.table} (open ${m.file})` : m.table)).join(', ')}: open ${missing.length === 1 ? 'that file' : 'those files'} and its views will draw.`
        : `Opened workbook "${w.title}" from ${from}: ${views(w)}${w.data?.length ? `, ${w.data.length} tables from the file` : ''}.`,
    );
    return { workbook: w, missing };
  }

  /**
   * The workbook with its sources described from the tables now loaded (kept for tables no longer loaded), and with
   * what the user taught the workbench about those files: what a colleague needs to see the same numbers.
   */
  private withSources(w: Workbook): Workbook {
    const now = this.deps.tables().map(sourceOf).filter((s): s is Source => !!s);
    const kept = w.sources.filter((s) => !now.some((n) => n.table === s.table));
    const sources = [...kept, ...now];
    const taught = this.deps.taught?.(sources.map((s) => s.file));
    return { ...w, sources, ...(taught ? { roleCorrections: taught.roleCorrections, valueMappings: taught.valueMappings } : {}) };
  }

  /** Apply a pure change and autosave; a refused change (a limit, a bad name) is told to the user. */
  private change(f: () => Workbook): boolean {
    try {
      this.workbook = f();
    } catch (e) {
      this.deps.notify('error', errorMessage(e));
      return false;
    }
    void this.autosave();
    return true;
  }

  private async autosave(): Promise<void> {
    if (!this.deps.store) return;
    try {
      await this.deps.store.save(withoutData(this.workbook));
      this.saveProblem = null;
    } catch (e) {
      const text = errorMessage(e);
      if (this.saveProblem !== text) this.deps.notify('error', text);
      this.saveProblem = text;
    }
  }
}
