/**
 * The workbench's state: engine status, tables, loads in progress, the SQL
 * being edited and its result, and the messages shown to the user. Components
 * read it and call its methods; only this class talks to the engine.
 */
import type * as arrow from 'apache-arrow';
import {
  CancelledError,
  EngineError,
  LoadError,
  QueryError,
  tableNameFromFile,
  type Engine,
  type EngineStatus,
  type LoadedTable,
  type LoadProgress,
  type QueryResult,
  type SourceFile,
  type TableInfo,
} from '../engine';
import type { ResultChartSpec } from '../charts';
import type { ColumnRole, ViewSpec } from '../domain';
import { ident } from '../query/sql';
import { Builder } from './builder.svelte';
import type { FileStore } from './file-store';
import { memoryPrefs, type Prefs } from './prefs';
import { Presentation } from './presentation.svelte';
import { runView } from './run-view';
import { WorkbookState } from './workbook.svelte';
import { decodeViewLink, encodeViewLink, hasViewLink, type WorkbookStore } from '../workbook';
import { Sharing, type StandalonePayload } from './sharing';
import { errorRange, splitStatements } from '../query/statements';
import type { SchemaInfo } from '../query/schema';
import type { CsvLoadOptions } from '../domain/csv-options';
import { DomainState, isDomainObject } from './domain-state.svelte';
import { browserStore, type KeyValueStore } from './domain-store';
import { ProfileState } from './profile-state.svelte';

/** A message for the user: errors are shown with role="alert". */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** A file being loaded, with its progress. */
export interface LoadTask {
  id: number;
  file: string;
  progress: LoadProgress | null;
}

/** A question the user must answer before a load goes on. */
export interface Conflict {
  file: string;
  table: string;
  answer: (choice: 'replace' | 'keep-both' | 'cancel') => void;
}

/** The SQL the workbench opens with: a real comparison on the samples. */
export const FIRST_QUERY = `-- Synthetic sample data: disruptions by force, latest financial year
SELECT force, region, sum(disruptions)::BIGINT AS disruptions
FROM disruptions_synthetic
WHERE financial_year = (SELECT max(financial_year) FROM disruptions_synthetic)
GROUP BY ALL
ORDER BY disruptions DESC;`;

let nextId = 1;

/** How long a confirmation ("Saved …", "Loaded …") stays on screen. */
export const INFO_NOTICE_MS = 15_000;

/** The one state object of the app. */
export class Workbench {
  status = $state<EngineStatus>({ state: 'starting', message: 'Starting the query engine…' });
  tables = $state.raw<TableInfo[]>([]);
  loads = $state<LoadTask[]>([]);
  notices = $state<Notice[]>([]);
  conflict = $state<Conflict | null>(null);
  sql = $state(FIRST_QUERY);
  result = $state.raw<QueryResult | null>(null);
  resultCaption = $state('');
  running = $state(false);
  sqlError = $state<{ message: string; from?: number; to?: number } | null>(null);
  /** Which tool fills the main pane: the compare builder or the SQL editor. */
  mode = $state<'compare' | 'sql'>('compare');
  /** The compare builder; its queries go through this class like every other. */
  readonly builder: Builder;
  /** Saved views and what travels with them. */
  readonly workbook: WorkbookState;
  /** Exports and sharing: charts, data, SQL scripts, workbook files, the standalone workbench. */
  readonly sharing: Sharing;
  /** Full-screen slides of the saved views. */
  readonly presentation: Presentation;
  /** Whether the SQL result is shown as a chart, and the columns chosen for it. */
  resultView = $state<'grid' | 'chart'>('grid');
  resultChart = $state<ResultChartSpec | null>(null);
  /** Files whose load has finished this session, loaded or refused. */
  filesSettled = $state(0);
  private loadChain: Promise<void> = Promise.resolve();
  private sqlRuns = 0;
  /** Where the user's loaded files are kept for the next session, when the browser allows. */
  private kept: FileStore | undefined;
  /** Roles, normalised views and unmatched values of each table (issue 6). */
  readonly domain: DomainState;
  /** The column profile the user asked for. */
  readonly profile: ProfileState;
  /** The files behind loaded tables, so they can be read again with other load options. */
  private files = new Map<string, SourceFile>();

  /** Table name → column roles with the user's corrections applied. */
  get roles(): Record<string, ColumnRole[]> {
    return this.domain.roles;
  }

  /** Tables and views the data panel lists: the domain's lookup tables and `_norm` views are left out (details link them). */
  panelTables: TableInfo[] = $derived(
    this.tables.filter((t) => !/^soc_(force|region|threat)_map$/i.test(t.name) && !(/_norm$/i.test(t.name) && isDomainObject(t.name, this.tables.map((x) => x.name)))),
  );

  /** The live schema, for SQL autocomplete. */
  schema: SchemaInfo = $derived({
    tables: this.tables.map((t) => ({ name: t.name, kind: t.kind, columns: t.columns })),
  });

  readonly engine: Engine;

  constructor(engine: Engine, prefs: Prefs = memoryPrefs(), store?: WorkbookStore, domainStore: KeyValueStore = browserStore()) {
    this.engine = engine;
    const run = async (sql: string) => (await engine.query(sql)).table;
    this.domain = new DomainState(run, domainStore);
    this.profile = new ProfileState(run, () => void engine.cancel());
    this.builder = new Builder({
      query: (sql) => this.engine.query(sql),
      tables: () => this.tables,
      roles: async (table) => this.rolesOf(table),
      prepared: (table) => this.domain.prepared(table),
      prefs,
      onPeerGroups: (groups) => this.workbook.setPeerGroups(groups),
    });
    this.workbook = new WorkbookState({
      store,
      tables: () => this.tables,
      exportParquet: (table) => this.engine.exportParquet(`SELECT * FROM ${ident(table)}`),
      loadParquet: async (table, bytes) => {
        await this.engine.loadFile({ name: `${table}.parquet`, blob: new Blob([bytes as BlobPart]) }, { table, replace: true });
      },
      notify: (kind, text) => this.notify(kind, text),
    });
    this.sharing = new Sharing({
      engine,
      builder: this.builder,
      workbook: this.workbook,
      tables: () => this.tables,
      result: () => this.result,
      notify: (kind, text) => this.notify(kind, text),
    });
    this.presentation = new Presentation(async (spec) => runView(spec, this.builder.schema(), (sql) => this.engine.query(sql)));
    engine.onstatus((s) => {
      this.status = s;
      if (s.state === 'restarting' || s.state === 'failed') this.notify('error', s.message);
      else if (s.state === 'ready' && s.message.includes('restarted')) {
        this.notify('info', s.message);
        this.domain.reset();
        void this.refresh();
      }
    });
  }

  /**
   * Start the engine, load the samples and the files kept from last time, bring back the workbook (or open the one
   * embedded in a standalone file), and show the view a link carries or the first comparison.
   */
  async start(samples: () => Promise<SourceFile[]>, opts: StartOptions = {}): Promise<void> {
    try {
      await this.engine.start();
    } catch {
      return; // the status line already says what happened and what to do
    }
    try {
      for (const s of await samples()) this.files.set((await this.engine.loadFile(s, { replace: true })).table, s);
    } catch (e) {
      this.notify('error', `The sample data could not be loaded: ${message(e)}`);
    }
    this.kept = await opts.kept?.catch(() => undefined);
    await this.restoreKept();
    // The first result comes before recognition, which takes a second or two over the samples.
    await this.refresh({ domain: false });
    await this.workbook.restore();
    let embedded: Awaited<ReturnType<WorkbookState['import']>> | undefined;
    let present = false;
    try {
      const payload = opts.embedded?.() as StandalonePayload | undefined;
      if (payload !== undefined) {
        present = payload.open === 'present';
        embedded = await this.workbook.import(payload.workbook, 'this file');
        await this.refresh();
      }
    } catch (e) {
      this.notify('error', `The workbook inside this file could not be opened: ${message(e)}`);
    }
    if (this.tables.some((t) => t.name === 'disruptions_synthetic')) await this.runSql(this.sql);
    // The first chart needs the columns' roles, not the normalised views and reports, which wait until it is drawn.
    let opened = false;
    const openBuilder = async () => {
      this.domain.onRoles = undefined;
      opened = true;
      this.builder.adoptPeerGroups(this.workbook.workbook.peerGroups);
      await this.openFirstView(opts.hash, embedded?.workbook.views[0]?.spec);
    };
    this.domain.onRoles = openBuilder;
    await this.refresh();
    if (!opened) await openBuilder();
    if (embedded && present && this.workbook.workbook.views.length) this.present(0);
  }

  /** The view a link carries when its tables are loaded; else a given one; else the first comparison. */
  private async openFirstView(hash: string | undefined, fallback: ViewSpec | undefined): Promise<void> {
    if (hash && hasViewLink(hash)) {
      try {
        const spec = await decodeViewLink(hash);
        const missing = [spec.table, spec.denominator?.table].filter((t): t is string => !!t && !this.tables.some((x) => x.name.toLowerCase() === t.toLowerCase()));
        if (missing.length === 0) return await this.builder.show(spec);
        this.notify('error', `This link shows a view of ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not loaded here. Open the file${missing.length === 1 ? '' : 's'} for ${missing.join(' and ')}, then open the link again.`);
      } catch (e) {
        this.notify('error', message(e));
      }
    }
    if (fallback) {
      try {
        return await this.builder.show(fallback);
      } catch (e) {
        this.notify('error', message(e));
      }
    }
    await this.builder.open();
  }

  /** The address for the builder's view (`#view=…`), or undefined when there is no view. */
  async linkFor(spec: ViewSpec | null): Promise<string | undefined> {
    return spec ? encodeViewLink(spec) : undefined;
  }

  /** Save the builder's view into the workbook, named after its chart title. */
  saveView(): void {
    const spec = this.builder.spec;
    if (!spec) return;
    const name = spec.chart.title || (this.builder.chart?.options.title as string | undefined) || 'Untitled view';
    if (this.workbook.saveView(name, spec)) this.notify('info', `Saved "${name}" in the workbook.`);
  }

  /** Open a saved view in the builder. */
  async openView(id: string): Promise<void> {
    const v = this.workbook.workbook.views.find((x) => x.id === id);
    if (!v) return;
    this.workbook.currentId = id;
    this.mode = 'compare';
    try {
      await this.builder.show(v.spec);
    } catch (e) {
      this.notify('error', `${v.name}: ${message(e)}`);
    }
  }

  /** Tell the user something (an info notice). */
  say(text: string): void {
    this.notify('info', text);
  }

  /** Present the saved views full screen, from view `from`. */
  present(from: number): void {
    this.presentation.start(this.workbook.workbook.views.map((v) => ({ name: v.name, spec: v.spec })), from);
  }

  /** Open the SQL behind the builder's view in the SQL editor and run it there. */
  async showSql(): Promise<void> {
    const compiled = this.builder.compiled;
    if (!compiled) return;
    this.sql = `-- ${this.builder.chart?.options.title ?? 'The compare view'}\n${compiled.sql};`;
    this.mode = 'sql';
    await this.runSql(this.sql);
  }

  /** The recognised role of each column of a table, with the user's corrections (from the domain state). */
  rolesOf(table: string): ColumnRole[] {
    return this.domain.roles[table] ?? [];
  }


  /**
   * Load files the user picked or dropped, one after another, asking about
   * name clashes. A second drop waits for the first, so its clash check sees
   * the tables the first one made.
   */
  loadFiles(files: Iterable<SourceFile>): Promise<void> {
    const list = [...files];
    this.loadChain = this.loadChain.then(() => this.loadInOrder(list));
    return this.loadChain;
  }

  private async loadInOrder(files: SourceFile[]): Promise<void> {
    for (const file of files) {
      if (isWorkbookFile(file.name)) {
        await this.openWorkbookFile(file);
        continue;
      }
      const table = tableNameFromFile(file.name);
      let replace = false;
      if (this.tables.some((t) => t.name.toLowerCase() === table.toLowerCase())) {
        const choice = await this.ask(file.name, table);
        if (choice === 'cancel') {
          this.filesSettled++;
          continue;
        }
        replace = choice === 'replace';
      }
      const task: LoadTask = { id: nextId++, file: file.name, progress: null };
      let opened: string | undefined;
      this.loads.push(task);
      try {
        const loaded = await this.engine.loadFile(file, {
          replace,
          onProgress: (p) => {
            const t = this.loads.find((l) => l.id === task.id);
            if (t) t.progress = p;
          },
        });
        this.files.set(loaded.table, file);
        this.notify('info', describeLoad(loaded));
        await this.keep(loaded.table, file);
        opened = loaded.table;
      } catch (e) {
        if (e instanceof CancelledError) this.notify('info', `${file.name}: loading cancelled; nothing was added.`);
        else this.notify('error', loadFailure(file.name, e));
      } finally {
        this.loads = this.loads.filter((l) => l.id !== task.id);
      }
      await this.refresh();
      // The comparison follows the file just loaded: that is what the user came to see.
      if (opened) await this.builder.open(opened);
      this.filesSettled++;
    }
  }

  /** Open a workbook file the user picked or dropped (its embedded tables load with it). */
  private async openWorkbookFile(file: SourceFile): Promise<void> {
    try {
      const { workbook } = await this.workbook.import(new Uint8Array(await file.blob.arrayBuffer()), file.name);
      await this.refresh();
      this.builder.adoptPeerGroups(workbook.peerGroups);
      if (workbook.views[0]) await this.openView(workbook.views[0].id);
    } catch (e) {
      this.notify('error', `Could not open ${file.name}: ${message(e)}`);
    } finally {
      this.filesSettled++;
    }
  }

  /** Load again the files kept from the last session, under the names their tables had. */
  private async restoreKept(): Promise<void> {
    let files: Awaited<ReturnType<FileStore['list']>> = [];
    try {
      files = (await this.kept?.list()) ?? [];
    } catch (e) {
      this.notify('error', `The files kept from last time could not be read: ${message(e)}. Open them again.`);
    }
    const restored: string[] = [];
    for (const f of files) {
      try {
        await this.engine.loadFile({ name: f.name, blob: f.blob }, { table: f.table, replace: true });
        this.files.set(f.table, { name: f.name, blob: f.blob });
        restored.push(f.table);
      } catch (e) {
        this.notify('error', `${loadFailure(f.name, e)} (kept from last time; open it again if you still need it).`);
      }
    }
    if (restored.length) this.notify('info', `Restored ${restored.length === 1 ? 'a table' : `${restored.length} tables`} from files kept in this browser: ${restored.join(', ')}. Drop a table to forget its file.`);
  }

  /** Keep a loaded file for next time; a refusal is said, never fatal. */
  private async keep(table: string, file: SourceFile): Promise<void> {
    try {
      await this.kept?.put(table, file);
    } catch (e) {
      this.notify('info', message(e));
    }
  }

  /** Read a loaded CSV again with the load options the user chose. */
  async reload(table: string, csv: CsvLoadOptions): Promise<void> {
    const file = this.files.get(table);
    if (!file) return this.notify('error', `${table} was not loaded from a file this session, so it cannot be read again.`);
    try {
      const loaded = await this.engine.loadFile(file, { table, replace: true, csv });
      this.notify('info', describeLoad(loaded));
    } catch (e) {
      this.notify('error', loadFailure(file.name, e));
    }
    await this.refresh();
  }

  /** Make the long view of a wide table and show it. */
  async makeLong(table: string): Promise<void> {
    try {
      const view = await this.domain.makeLong(table);
      await this.refresh();
      await this.preview(view);
    } catch (e) {
      this.notify('error', `Could not make the long view of ${table}: ${message(e)}`);
    }
  }

  /** Run SQL text: every statement in order; the last result is shown. */
  async runSql(text: string, offset = 0): Promise<void> {
    const statements = splitStatements(text);
    if (statements.length === 0) return;
    // Runs may overlap (the first query at start and one the user starts at once): running lasts until the last ends.
    this.sqlRuns++;
    this.running = true;
    this.sqlError = null;
    let changedSchema = false;
    try {
      for (const st of statements) {
        try {
          const r = await this.engine.query(st.sql);
          this.result = r;
          this.resultCaption = statements.length > 1 ? `Result of statement ${statements.indexOf(st) + 1} of ${statements.length}` : '';
          if (/^\s*(create|drop|alter|insert|update|delete|copy|attach|detach)\b/i.test(st.sql)) changedSchema = true;
        } catch (e) {
          if (e instanceof CancelledError) {
            this.notify('info', 'Query cancelled.');
            return;
          }
          const msg = message(e);
          const range = e instanceof QueryError ? errorRange(msg, st.sql) : undefined;
          this.sqlError = range ? { message: msg, from: offset + st.from + range.from, to: offset + st.from + range.to } : { message: msg };
          if (!(e instanceof QueryError)) this.notify('error', msg);
          return;
        }
      }
    } finally {
      this.running = --this.sqlRuns > 0;
      if (changedSchema) await this.refresh();
    }
  }

  /** Cancel the running query or load. */
  cancel(): void {
    void this.engine.cancel();
  }

  /** Show the first rows of a table in the grid. */
  async preview(table: string): Promise<void> {
    const sql = `SELECT * FROM ${ident(table)} LIMIT 1000`;
    this.sql = sql;
    this.mode = 'sql';
    await this.runSql(sql);
  }

  /** Drop a table or view. */
  async drop(table: string): Promise<void> {
    await this.guard(() => this.engine.drop(table));
    await this.kept?.remove(table).catch(() => {});
    await this.refresh();
  }

  /** Rename a table or view. */
  async rename(table: string, to: string): Promise<void> {
    if (!to || to === table) return;
    await this.guard(() => this.engine.rename(table, to));
    await this.kept?.rename(table, to).catch(() => {});
    const file = this.files.get(table);
    if (file) {
      this.files.delete(table);
      this.files.set(to, file);
    }
    await this.refresh();
  }

  /** Copy a lazily-read file into a table. */
  async materialise(table: string): Promise<void> {
    await this.guard(() => this.engine.materialise(table));
    await this.refresh();
  }

  /** Forget a notice. */
  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** Re-read tables and columns from the engine. */
  async refresh(opts: { domain?: boolean } = {}): Promise<void> {
    try {
      this.tables = await this.engine.describe();
      // Recognition makes views (<table>_norm, and <table>_long of a wide table, normalised in a second round).
      // The list is read again after every sync, even one that made nothing: another refresh may have overwritten it
      // with a list read before this sync's views were made.
      for (let round = 0; round < 2 && opts.domain !== false; round++) {
        const changed = await this.domain.sync(this.tables);
        this.tables = await this.engine.describe();
        if (!changed) break;
      }
      await this.builder.tablesChanged();
    } catch (e) {
      if (!(e instanceof EngineError)) this.notify('error', `Could not list tables: ${message(e)}`);
    }
  }

  private ask(file: string, table: string): Promise<'replace' | 'keep-both' | 'cancel'> {
    return new Promise((resolve) => {
      this.conflict = {
        file,
        table,
        answer: (choice) => {
          this.conflict = null;
          resolve(choice);
        },
      };
    });
  }

  private async guard(f: () => Promise<unknown>): Promise<void> {
    try {
      await f();
    } catch (e) {
      this.notify('error', message(e));
    }
  }

  private notify(kind: Notice['kind'], text: string): void {
    const id = nextId++;
    this.notices = [...this.notices.slice(-4), { id, kind, text }];
    // Confirmations fade on their own; errors stay until the user has read and closed them.
    if (kind === 'info') setTimeout(() => this.dismiss(id), INFO_NOTICE_MS);
  }
}

/** What start() may be given besides the samples. */
export interface StartOptions {
  /** Where loaded files are kept between sessions. */
  kept?: Promise<FileStore | undefined>;
  /** Reads the workbook embedded in a standalone file, if any (validated on import; may throw if damaged). */
  embedded?: () => unknown;
  /** The page address's hash, which may carry a view. */
  hash?: string;
}

/** Workbook files are opened as workbooks, not loaded as tables. */
export function isWorkbookFile(name: string): boolean {
  return /\.workbook\.json$/i.test(name) || /\.socwb$/i.test(name);
}

function plainValue(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function loadFailure(file: string, e: unknown): string {
  if (e instanceof LoadError) return `Could not load ${e.message}`;
  if (e instanceof EngineError) return `Could not load ${file}: ${e.message}`;
  return `Could not load ${file}: ${message(e)}`;
}

function describeLoad(l: LoadedTable): string {
  const rows = l.rows >= 0 ? `${l.rows.toLocaleString('en-GB')} rows` : 'rows counted when queried';
  return `Loaded ${l.file} as ${l.table} (${rows}; ${l.modeReason}). ${l.report.join(' ')}`.trim();
}

export type { arrow };
