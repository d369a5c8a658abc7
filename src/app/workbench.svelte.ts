/**
 * The one state object of the app: the shell that wires the engine to its parts — notices, file loads, the SQL
 * runner, the domain state, the builder, the workbook, sharing and slides — and that components read and call.
 * Only this shell and the parts it makes talk to the engine.
 * Past 300 lines because it is the wiring: each part's work lives in its own module (notices, file-loads, sql-runner,
 * startup, builder, domain-state, workbook); what stays here is the forwarding the components call.
 */
import { EngineError, replaySentence, type Engine, type EngineStatus, type SourceFile, type TableInfo } from '../engine';
import type { ResultChartSpec } from '../charts';
import { errorMessage, leftOutCaption, type ColumnRole, type Protection, type ViewSpec } from '../domain';
import { ident, panelOrder, type SchemaInfo } from '../query';
import { embeddedFileName, encodeViewLink, type WorkbookStore } from '../workbook';
import { Builder } from './builder.svelte';
import { DomainState } from './domain-state.svelte';
import { browserStore, type KeyValueStore } from './browser-storage';
import { FileLoads, type ReloadChoice } from './file-loads.svelte';
import { Notices, guard, type Notice } from './notices.svelte';
import { memoryPrefs, type Prefs } from './prefs';
import { Presentation } from './presentation.svelte';
import { Briefing, briefingDate, coverSources } from './briefing.svelte';
import { Cubes } from './cubes';
import { ProfileState } from './profile-state.svelte';
import { runView } from './run-view';
import { SAMPLE_FILES } from './samples';
import { Sharing } from './sharing';
import type { HistoryStore } from './history-store';
import { SqlHistory } from './sql-history.svelte';
import { SqlRunner, type RunOptions } from './sql-runner.svelte';
import { startWorkbench, type StartOptions } from './startup';
import { keepSnapshot, snapshotToShow, startingSnapshots } from './snapshots';
import { THIS_FILE, snapshotOfDrawn, usableSnapshot, type ViewSnapshot } from './snapshot';
import type { FileStore } from './file-store';
import type { StorageStatus } from './storage-status';
import { WorkbookState } from './workbook.svelte';

export type { StartOptions } from './startup';

/** The one state object of the app. */
export class Workbench {
  status = $state<EngineStatus>({ state: 'starting', message: 'Starting the query engine…' });
  tables = $state.raw<TableInfo[]>([]);
  /** What this browser keeps between sessions, once asked (startup.ts). */
  storage = $state<StorageStatus | null>(null);
  /** Which tool fills the main pane: the compare builder or the SQL editor. */
  mode = $state<'compare' | 'sql'>('compare');
  readonly engine: Engine;
  /** The messages on screen. */
  readonly messages = new Notices();
  /** Files into tables: loads in progress, name clashes, kept files. */
  readonly files: FileLoads;
  /** The SQL tab: its text, result and error. */
  readonly sqlRunner: SqlRunner;
  /** Every statement the user ran in the SQL editor, kept in this browser (issue 20). */
  readonly history: SqlHistory;
  /** Grows each time the SQL editor should take the focus (a statement put back from the history). */
  editorFocus = $state(0);
  /** The compare builder; its queries go through this class like every other. */
  readonly builder: Builder;
  /** Saved views and what travels with them. */
  readonly workbook: WorkbookState;
  /** Exports and sharing: charts, data, SQL scripts, workbook files, the standalone workbench. */
  readonly sharing: Sharing;
  /** Full-screen slides of the saved views. */
  readonly presentation: Presentation;
  readonly briefing: Briefing;
  /** Pre-aggregated cubes of the tables the builder reads (issue 16): redraws and slides read them when they fit. */
  readonly cubes: Cubes;
  /** Roles, normalised views and unmatched values of each table (issue 6). */
  readonly domain: DomainState;
  /** The column profile the user asked for. */
  readonly profile: ProfileState;

  /** Tables and views the data panel lists, the user's first, reference tables last (query/own-objects.ts decides). */
  panelTables: TableInfo[] = $derived(panelOrder(this.tables));

  /** The live schema, for SQL autocomplete. */
  schema: SchemaInfo = $derived({
    tables: this.tables.map((t) => ({ name: t.name, kind: t.kind, columns: t.columns })),
  });

  constructor(engine: Engine, prefs: Prefs = memoryPrefs(), store?: WorkbookStore, domainStore: KeyValueStore = browserStore(), historyStore?: Promise<HistoryStore> | HistoryStore) {
    this.engine = engine;
    this.kv = domainStore;
    const notify = this.notify;
    const run = async (sql: string) => (await engine.query(sql)).table;
    this.domain = new DomainState(run, domainStore);
    this.profile = new ProfileState(run, () => void engine.cancel());
    this.files = new FileLoads({ engine, tables: () => this.tables, refresh: () => this.refresh(), notify, openWorkbook: (file, opts) => this.openWorkbookFile(file, opts), opened: (table) => this.builder.open(table) });
    this.history = new SqlHistory(historyStore);
    this.sqlRunner = new SqlRunner({
      query: (sql, signal) => engine.query(sql, { signal, source: 'sql' }),
      notify,
      schemaChanged: () => this.refresh(),
      ran: (sql, at, ms, outcome) => void this.history.record(sql, at, ms, outcome),
    });
    this.cubes = new Cubes((sql) => engine.query(sql, { source: 'view' }));
    this.builder = new Builder({
      query: (sql) => engine.query(sql, { source: 'view' }),
      cubes: this.cubes,
      tables: () => this.tables,
      roles: async (table) => this.rolesOf(table),
      prepared: (table) => this.domain.prepared(table),
      prefs,
      onPeerGroups: (groups) => this.workbook.setPeerGroups(groups),
      protection: () => this.workbook.workbook.protection,
      drawn: () => this.keepSnapshotSoon(),
    });
    this.workbook = new WorkbookState({
      store,
      tables: () => this.tables,
      exportParquet: (table) => engine.exportParquet(`SELECT * FROM ${ident(table)}`),
      loadParquet: async (table, bytes) => {
        await engine.loadFile({ name: embeddedFileName(table), blob: new Blob([bytes as BlobPart]) }, { table, replace: true });
      },
      // A sample, or a copy an earlier workbook brought, is the workbook's to replace; anything else is the user's.
      mayReplace: async (t, from) =>
        SAMPLE_FILES.includes(t.source?.file ?? '') || t.source?.file === embeddedFileName(t.name) || this.files.mayReplaceWithWorkbookData(from, t.name),
      taught: (files) => this.domain.taught(files),
      // The tables loaded are normalised again in the domain's queue: the refresh after an import waits for it.
      adopt: (taught, prefer) => this.domain.adopt(taught, prefer).merge,
      notify,
    });
    this.domain.onTaught = () => this.workbook.taughtChanged();
    this.sharing = new Sharing({
      engine,
      builder: this.builder,
      workbook: this.workbook,
      tables: () => this.tables,
      result: () => this.result,
      notify,
      firstViewSnapshot: () => this.firstViewSnapshot(),
    });
    // A slide and a briefing page say what the builder says of rows left out (totals, regions, other bodies).
    const drawSaved = (spec: ViewSpec) => this.drawSaved(spec);
    this.presentation = new Presentation(drawSaved);
    this.briefing = new Briefing(drawSaved);
    engine.onstatus((s) => {
      this.status = s;
      if (s.state === 'restarting' || s.state === 'failed') this.notify('error', s.message);
      else if (s.state === 'ready' && s.message.includes('restarted')) void this.recovered(s.message);
    });
  }

  // What components and browser tests read: kept here so the parts can change behind them.
  /** The notices on screen. */
  get notices(): Notice[] { return this.messages.list; }
  /** Files being loaded, with progress. */
  get loads() { return this.files.loads; }
  /** The name-clash question on screen, if any. */
  get conflict() { return this.files.conflict; }
  /** Files whose load has finished this session, loaded or refused. */
  get filesSettled(): number { return this.files.settled; }
  /** Workbooks opened this session, with their sheets that are not tables. */
  get workbooks() { return this.files.workbooks; }
  get sql(): string { return this.sqlRunner.sql; }
  set sql(text: string) { this.sqlRunner.sql = text; }
  get result() { return this.sqlRunner.result; }
  get resultCaption(): string { return this.sqlRunner.resultCaption; }
  get running(): boolean { return this.sqlRunner.running; }
  get cancelling(): boolean { return this.sqlRunner.cancelling; }
  get sqlError() { return this.sqlRunner.error; }
  /** Whether the SQL result is shown as a grid or a chart, and the columns chosen for the chart. */
  get resultView(): 'grid' | 'chart' { return this.sqlRunner.view; }
  set resultView(v: 'grid' | 'chart') { this.sqlRunner.view = v; }
  get resultChart(): ResultChartSpec | null { return this.sqlRunner.chart; }
  set resultChart(c: ResultChartSpec | null) { this.sqlRunner.chart = c; }

  /** Table name → column roles with the user's corrections applied. */
  get roles(): Record<string, ColumnRole[]> {
    return this.domain.roles;
  }

  /** Where the last view's snapshot is kept, beside the domain's memory (localStorage). */
  private readonly kv: KeyValueStore;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Draw a snapshot while the engine starts (snapshots.ts): of the view the address names, else the last view, else
   * the samples' first; only when all it was drawn from is here now. Returns the last session's view (to go on with,
   * live), whether or not it was drawn.
   */
  async showStartingSnapshot(kept: Promise<FileStore> | undefined, linked?: Promise<ViewSpec | undefined>): Promise<ViewSpec | undefined> {
    const [found, spec] = await Promise.all([startingSnapshots(this.kv, kept, this.domain.memory), linked]);
    const snapshot = snapshotToShow(found, spec);
    if (snapshot) this.builder.showSnapshot(snapshot);
    return found.lastSpec;
  }

  /** Draw a saved view as a slide, a briefing page or a snapshot does: with what the builder says of rows left out. */
  private drawSaved(spec: ViewSpec) {
    const left = leftOutCaption(spec, this.builder.shapes.find((s) => s.name === spec.table)?.leftOut);
    const protection = this.workbook.workbook.protection;
    const cube = this.cubes.for(spec.table);
    return runView(spec, this.builder.schema(), (sql) => this.engine.query(sql, { source: 'view' }), {
      ...(left ? { leftOut: [left] } : {}),
      ...(protection ? { protection } : {}),
      ...(cube ? { cube, onCubeLost: (c) => this.cubes.lost(c) } : {}),
    });
  }

  /** A snapshot of the workbook's first saved view, drawn now, for a standalone workbench (standalone.ts). */
  private async firstViewSnapshot(): Promise<ViewSnapshot | undefined> {
    const view = this.workbook.workbook.views[0];
    if (!view) return undefined;
    const drawn = await this.drawSaved(view.spec);
    const b = this.builder;
    const leftOut = leftOutCaption(view.spec, b.shapes.find((s) => s.name === view.spec.table)?.leftOut);
    const filters = b.spec?.table === view.spec.table ? b.filters : [];
    const snapshot = snapshotOfDrawn({ ...drawn, leftOut, protection: drawn.protection, shapes: b.shapes, filters });
    return { ...snapshot, origin: 'file', inputs: [THIS_FILE] };
  }

  /** Draw the snapshot a standalone workbench carries while the engine starts (it is of the data in the same file). */
  showEmbeddedSnapshot(raw: unknown): void {
    const s = usableSnapshot(raw, new Set([THIS_FILE]));
    if (s) this.builder.showSnapshot(s);
  }

  /** Keep the builder's view for the next session, once redraws settle (its filter lists come just after a draw). */
  private keepSnapshotSoon(): void {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.keepSnapshotNow(), 500);
  }

  /** Keep the builder's live view now as the next session's snapshot (tests and the shipped first view call it). */
  async keepSnapshotNow(): Promise<void> {
    clearTimeout(this.snapshotTimer);
    keepSnapshot(this.kv, this.builder.snapshotOf(), this.tables, (t) => this.files.keptInput(t), this.domain.memory);
  }

  /** Start everything (startup.ts says in what order). */
  start(samples: () => Promise<SourceFile[]>, opts: StartOptions = {}): Promise<void> {
    return startWorkbench(this, samples, opts);
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

  /** Protect small numbers in the workbook's views, or stop (`undefined`); the builder's view is drawn again. */
  setProtection(p: Protection | undefined): void {
    if (this.workbook.setProtection(p)) this.builder.redraw();
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
      this.notify('error', `${v.name}: ${errorMessage(e)}`);
    }
  }

  /** Tell the user something (an info notice). */
  say(text: string): void {
    this.notify('info', text);
  }

  /** Tell the user something; errors stay until closed. */
  readonly notify = (kind: Notice['kind'], text: string): void => this.messages.notify(kind, text);

  /** Forget a notice. */
  dismiss(id: number): void {
    this.messages.dismiss(id);
  }

  /** Present the saved views full screen, from view `from`. */
  present(from: number): void {
    this.presentation.start(this.workbook.workbook.views.map((v) => ({ name: v.name, spec: v.spec })), from);
  }

  /** Lay the saved views out for printing: a title page, then a view a page. */
  printBriefing(): void {
    const w = this.workbook.workbook;
    const specs = w.views.map((v) => v.spec);
    void this.briefing.start({ title: w.title, date: briefingDate(new Date()), sources: coverSources(specs, this.sharing.sources()) }, w.views);
  }

  /** Open the SQL behind the builder's view in the SQL editor and run it there. */
  async showSql(): Promise<void> {
    const compiled = this.builder.compiled;
    if (!compiled) return;
    this.sql = `-- ${this.builder.chart?.options.title ?? 'The compare view'}\n${compiled.sql};`;
    this.mode = 'sql';
    await this.runSql(this.sql, 0, { record: true });
  }

  /** The recognised role of each column of a table, with the user's corrections (from the domain state). */
  rolesOf(table: string): ColumnRole[] {
    return this.domain.roles[table] ?? [];
  }

  /** Load files the user picked or dropped (file-loads.svelte.ts). */
  loadFiles(files: Iterable<SourceFile>): Promise<void> {
    return this.files.load(files);
  }

  /** Open files the user chose as workbooks ("Open a workbook file"): each opens as one or is refused, never loaded as data. */
  openWorkbookFiles(files: Iterable<SourceFile>): Promise<void> {
    return this.files.load(files, { as: 'workbook' });
  }

  /** Open a workbook file the user picked or dropped (its embedded tables load with it). */
  private async openWorkbookFile(file: SourceFile, opts: { unclaimed?: boolean } = {}): Promise<void> {
    try {
      const { workbook } = await this.workbook.import(new Uint8Array(await file.blob.arrayBuffer()), file.name);
      await this.refresh();
      this.builder.adoptPeerGroups(workbook.peerGroups);
      if (workbook.views[0]) await this.openView(workbook.views[0].id);
    } catch (e) {
      // Chosen as a workbook but not saying it is one: most likely a data file picked in the wrong place.
      const what = opts.unclaimed ? `${file.name} is not a SOC Workbench workbook (${errorMessage(e)}). Nothing was loaded; to read it as a data table, use Open files` : errorMessage(e);
      this.notify('error', `Could not open ${file.name}: ${what}`);
    }
  }

  /** Read a loaded table's file again with the load options the user chose (CSV or sheet). */
  reload(table: string, choice: ReloadChoice): Promise<void> {
    return this.files.reload(table, choice);
  }

  /** Load a workbook's sheet that was listed as not data (contents, notes, …) as a table anyway. */
  loadSheetAnyway(workbook: string, sheet: string): Promise<void> {
    return this.files.loadSheetAnyway(workbook, sheet);
  }

  /** Make the long view of a wide table and show it. */
  async makeLong(table: string): Promise<void> {
    try {
      const view = await this.domain.makeLong(table);
      await this.refresh();
      await this.preview(view);
    } catch (e) {
      this.notify('error', `Could not make the long view of ${table}: ${errorMessage(e)}`);
    }
  }

  /** Run SQL text: every statement in order; the last result is shown. `record` keeps them in the history. */
  runSql(text: string, offset = 0, options: RunOptions = {}): Promise<void> {
    return this.sqlRunner.run(text, offset, options);
  }

  /** Open a saved query in the SQL editor: its text in place of the editor's (one undo brings that back), not run. */
  openQuery(id: string): void {
    const q = this.workbook.workbook.queries.find((x) => x.id === id);
    if (!q) return;
    this.recall(q.sql);
    this.workbook.currentQueryId = id;
  }

  /** Save the SQL editor's text as a new saved query in the workbook. */
  saveQuery(name: string): void {
    const sql = this.sql;
    if (this.workbook.saveQuery(name, sql)) this.notify('info', `Saved the query "${name.trim()}" in the workbook.`);
  }

  /** Put the SQL editor's text in place of the open saved query's. */
  updateQuery(id: string): void {
    const q = this.workbook.workbook.queries.find((x) => x.id === id);
    if (q && this.workbook.updateQuery(id, this.sql)) this.notify('info', `Saved the changes to "${q.name}".`);
  }

  /** Put a statement from the history back in the editor (replacing its text; one undo brings that back). */
  recall(sql: string): void {
    // The editor no longer holds the saved query that was open: "Save changes" must not write this over it.
    this.workbook.currentQueryId = undefined;
    this.sql = sql;
    this.mode = 'sql';
    this.editorFocus++;
  }

  /** Cancel the running load (or whatever the engine is running). */
  cancel(): void {
    void this.engine.cancel();
  }

  /** Cancel the user's SQL: the statement running, or waiting behind the workbench's own queries. */
  cancelSql(): void {
    this.sqlRunner.cancel();
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
    await guard(this.notify, () => this.engine.drop(table));
    await this.files.dropped(table);
    await this.refresh();
  }

  /** Rename a table or view. */
  async rename(table: string, to: string): Promise<void> {
    if (!to || to === table) return;
    await guard(this.notify, () => this.engine.rename(table, to));
    await this.files.renamed(table, to);
    await this.refresh();
  }

  /** Copy a lazily-read file into a table. */
  async materialise(table: string): Promise<void> {
    await guard(this.notify, () => this.engine.materialise(table));
    await this.refresh();
  }

  /** Re-read tables and columns from the engine. */
  /**
   * After a restart: the engine has its files again; the workbench makes its lookups and views again, then what the
   * user made with SQL is made again (after the views, which a user's view may read), and the tables are listed.
   */
  private async recovered(restartSentence: string): Promise<void> {
    this.domain.reset();
    await this.refresh();
    let replayed = '';
    try {
      const report = await this.engine.replay();
      replayed = replaySentence(report);
      if (report.ran > 0) await this.refresh();
    } catch (e) {
      replayed = `What you made with SQL could not be made again: ${errorMessage(e)}.`;
    }
    this.notify('info', [restartSentence, replayed].filter(Boolean).join(' '));
  }

  /** The status line's Cancel: stop whatever the engine is busy with (the user's SQL, a load, the workbench's own work). */
  cancelBusy(): void {
    this.cancelSql();
    void this.engine.cancel();
  }

  /** The status line's "Stop the engine", offered when Cancel cannot interrupt the running step. */
  stopEngine(): void {
    this.engine.stopAndRestart();
  }

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
      if (!(e instanceof EngineError)) this.notify('error', `Could not list tables: ${errorMessage(e)}`);
    }
  }
}
