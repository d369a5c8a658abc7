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
import { ident } from '../query/sql';
import { errorRange, splitStatements } from '../query/statements';
import type { SchemaInfo } from '../query/schema';
import type { CsvLoadOptions } from '../domain/csv-options';
import type { ColumnRole } from '../domain/roles';
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
  /** Files whose load has finished this session, loaded or refused. */
  filesSettled = $state(0);
  private loadChain: Promise<void> = Promise.resolve();
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

  constructor(engine: Engine, store: KeyValueStore = browserStore()) {
    this.engine = engine;
    const run = async (sql: string) => (await engine.query(sql)).table;
    this.domain = new DomainState(run, store);
    this.profile = new ProfileState(run, () => void engine.cancel());
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

  /** Start the engine, load the samples and run the first query. */
  async start(samples: () => Promise<SourceFile[]>): Promise<void> {
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
    // The first result comes before recognition, which takes a second or two over the samples.
    await this.refresh({ domain: false });
    if (this.tables.some((t) => t.name === 'disruptions_synthetic')) await this.runSql(this.sql);
    await this.refresh();
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
      } catch (e) {
        if (e instanceof CancelledError) this.notify('info', `${file.name}: loading cancelled; nothing was added.`);
        else this.notify('error', loadFailure(file.name, e));
      } finally {
        this.loads = this.loads.filter((l) => l.id !== task.id);
      }
      await this.refresh();
      this.filesSettled++;
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
      this.running = false;
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
    await this.runSql(sql);
  }

  /** Drop a table or view. */
  async drop(table: string): Promise<void> {
    await this.guard(() => this.engine.drop(table));
    await this.refresh();
  }

  /** Rename a table or view. */
  async rename(table: string, to: string): Promise<void> {
    if (!to || to === table) return;
    await this.guard(() => this.engine.rename(table, to));
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
      // Recognition makes views (<table>_norm); list them too.
      if (opts.domain !== false && (await this.domain.sync(this.tables))) this.tables = await this.engine.describe();
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
    this.notices = [...this.notices.slice(-4), { id: nextId++, kind, text }];
  }
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
