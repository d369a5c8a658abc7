/**
 * The engine's public face: start DuckDB-WASM, load files, run queries (one
 * at a time, cancellable), describe the schema, drop and rename (catalogue.ts).
 * When the worker dies, or stops answering while idle (watchdog.ts), the engine
 * starts a fresh one, loads again the files it still holds and runs again what the
 * user changed with SQL (recovery.ts, replay-log.ts), so a crash costs the user a
 * message, not their work. A worker busy with a long step is never killed: the
 * status says so, with Cancel, and "Stop the engine" when Cancel cannot interrupt it.
 * Past 300 lines because the queue, cancellation and restart share the live instance and its files.
 */
import type * as arrow from 'apache-arrow';
import { ident, str, statementEffect } from '../query';
import { errorMessage, type CsvLoadOptions } from '../domain';
import type { EngineBundle } from './bundle';
import { ViewRowCounts, describeTables, dropObject, renameObject, tableNames, type TableInfo } from './catalogue';
import { CancelledError, EngineError, LoadError, QueryError, explainEngineCrash, isEngineDownloadFailure, isFatalEngineMessage, isGarbledMessage, GARBLED_DETAIL, isWasmCrashMessage } from './errors';
import { runQuery, startInstance, type Instance } from './instance';
import { loadFile, type LoadedTable, type SourceFile } from './load-file';
import { planWorkbook, workbookOf, type WorkbookPlan } from './load-spreadsheet';
import type { SheetRef } from './load-common';
import type { LoadProgress } from './read-bytes';
import { tableNameFromFile, uniqueName } from './table-names';
import { Watchdog } from './watchdog';
import { ReplayLog, describeEntry, type ReplayEntry } from './replay-log';
import { filesToSetAside, recoverySentence, replaySteps, type HeldFile, type RecoveryReport, type ReplayReport, type RestartCause } from './recovery';

export type { TableInfo } from './catalogue';

/** What loading a workbook gave: its tables, and its sheets that are not tables (cover, contents, notes). */
export interface LoadedWorkbook {
  file: string;
  tables: LoadedTable[];
  notLoaded: WorkbookPlan['notLoaded'];
  description: string[];
  warnings: string[];
  parseMs: number;
}

/** Where the engine is in its life; `busy` when a step has kept it from answering for a while (it is not dead). */
export type EngineState = 'starting' | 'ready' | 'busy' | 'restarting' | 'failed';

/** A change of state, with a sentence for the user and what they can do about it. */
export interface EngineStatus {
  state: EngineState;
  message: string;
  /** While busy: Cancel stops the step; once Cancel has not taken effect, only stopping the engine will. */
  action?: 'cancel' | 'stop';
}

/** How long Cancel may take before the user is offered to stop the engine (issue 17: 2 s). */
export const CANCEL_GRACE_MS = 2_000;

/**
 * Who asked for a query: `sql` the user in the SQL tab (a change is run again after a restart), `view` the user
 * through a chart or an export, `workbench` the app's own bookkeeping (recognition, the table list, lookups).
 */
export type QuerySource = 'sql' | 'view' | 'workbench';

/** The label of the workbench's own work (QuerySource `workbench`): the one kind of work taken for dead when silent long. */
const OWN_WORK = "the workbench's own work";

/** What is running now: for the status line, for Cancel, and to know whom to blame for a crash. */
interface Running {
  cancelled: boolean;
  /** In words: "your query", "loading kent.csv", "the workbench's own work". */
  what: string;
  startedAt: number;
  /**
   * The user asked for it and sees it running (a query, a chart, a load): it may keep the worker silent as long as it
   * runs. The workbench's own work is short; silent for long, the worker is taken for dead (a call after a wasm heap
   * exhaustion hangs without an error, DESIGN.md §7).
   */
  asked: boolean;
}

/** A query's result and what it cost. */
export interface QueryResult {
  sql: string;
  table: arrow.Table;
  elapsedMs: number;
}

/** Settings with defaults suited to a 2-core laptop with a managed browser. */
export interface EngineOptions {
  bundle: EngineBundle;
  /** Files larger than this are read lazily from disk instead of copied in. */
  bufferLimitBytes?: number;
  startTimeoutMs?: number;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
}

/** About 1 GB: from `navigator.deviceMemory` (which Chrome caps at 8 GB) an eighth of the machine. */
export function defaultBufferLimit(): number {
  const gb = (globalThis.navigator as Navigator & { deviceMemory?: number })?.deviceMemory ?? 8;
  return Math.min(1024, Math.max(256, gb * 128)) * 1024 * 1024;
}

/** The query engine. One per page. */
export class Engine {
  private instance: Instance | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private running: Running | null = null;
  private readonly sources = new Map<string, HeldFile>();
  /** What the user changed with SQL, to run again after a restart. */
  private readonly log = new ReplayLog();
  /** The log step being run again, if any: a crash then is that step's. */
  private replaying: ReplayEntry | null = null;
  private state: EngineState = 'starting';
  private readonly viewCounts = new ViewRowCounts();
  private readonly listeners = new Set<(s: EngineStatus) => void>();
  private readonly watchdog: Watchdog;
  private restarting: Promise<void> | null = null;
  readonly options: Required<EngineOptions>;
  version = '';

  constructor(options: EngineOptions) {
    this.options = {
      bufferLimitBytes: defaultBufferLimit(),
      startTimeoutMs: 30_000,
      heartbeatMs: 2_000,
      heartbeatTimeoutMs: 4_000,
      ...options,
    };
    this.watchdog = new Watchdog(
      this.options,
      () => this.running !== null,
      (dead, reason) => this.restartAfter(dead, reason),
      (silentMs) => this.stillBusy(silentMs),
    );
  }

  /** Start the engine; resolves when it can run queries. */
  async start(): Promise<void> {
    this.emit({ state: 'starting', message: 'Starting the query engine…' });
    try {
      this.instance = await startInstance(this.options.bundle, this.options.startTimeoutMs);
    } catch (e) {
      const err = e instanceof EngineError ? e : new EngineError('start', errorMessage(e), e);
      this.emit({ state: 'failed', message: startFailureAdvice(err) });
      throw err;
    }
    this.version = this.instance.version;
    this.watchdog.watch(this.instance);
    this.emit({ state: 'ready', message: `Query engine ready (DuckDB ${this.version}).` });
  }

  /** Be told about start-up, crashes and restarts. Returns an unsubscribe function. */
  onstatus(listener: (s: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Run one SQL statement; rejects with QueryError (DuckDB's message) or CancelledError. `signal` cancels this query
   * alone, whether it is running or still waiting behind the workbench's own queries (a user's Cancel must not stop
   * those, nor miss a query that has not started yet). `source` says who asked (QuerySource): a statement from the SQL
   * tab that changes something is kept to be run again after a restart, and a crash in a query the user asked for
   * is the query's, not its tables'.
   */
  query(sql: string, opts: { signal?: AbortSignal; source?: QuerySource } = {}): Promise<QueryResult> {
    const started = { yes: false };
    const task = this.enqueueQuery(sql, opts, started);
    const { signal } = opts;
    if (!signal) return task;
    // A query still waiting is told at once (it is dropped when its turn comes); a running one ends when the engine
    // stops it, so the app never says "cancelled" while the engine is still busy with it.
    return new Promise<QueryResult>((resolve, reject) => {
      const waiting = () => {
        if (!started.yes) reject(new CancelledError());
      };
      if (signal.aborted) waiting();
      signal.addEventListener('abort', waiting, { once: true });
      task.then(resolve, reject).finally(() => signal.removeEventListener('abort', waiting));
    });
  }

  private enqueueQuery(sql: string, opts: { signal?: AbortSignal; source?: QuerySource }, started: { yes: boolean }): Promise<QueryResult> {
    const { signal, source = 'workbench' } = opts;
    const user = source !== 'workbench';
    const what = source === 'sql' ? 'your query' : source === 'view' ? 'your chart' : OWN_WORK;
    return this.enqueue(what, async (instance, token) => {
      if (signal?.aborted) throw new CancelledError();
      started.yes = true;
      const onAbort = () => {
        if (this.running === token) void this.cancel();
      };
      signal?.addEventListener('abort', onAbort);
      const t0 = performance.now();
      try {
        const table = await runQuery(instance, sql);
        if (token.cancelled) throw new CancelledError();
        if (source === 'sql') this.log.ran(sql);
        return { sql, table, elapsedMs: performance.now() - t0 };
      } catch (e) {
        if (token.cancelled) throw new CancelledError();
        throw this.queryFailure(instance, e, sql, user);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /**
   * The result of a query as a Parquet file's bytes (zstd), written by DuckDB itself so that types survive exactly.
   * The file lives in the engine's memory only while it is read back.
   */
  exportParquet(sql: string): Promise<Uint8Array> {
    return this.enqueue('an export', async (instance) => {
      const name = `export_${Date.now()}_${Math.random().toString(36).slice(2)}.parquet`;
      try {
        await runQuery(instance, `COPY (${sql}) TO ${str(name)} (FORMAT PARQUET, COMPRESSION ZSTD)`);
        return await instance.db.copyFileToBuffer(name);
      } catch (e) {
        throw this.queryFailure(instance, e, sql, true);
      } finally {
        await instance.db.dropFile(name).catch(() => null);
      }
    });
  }

  /**
   * Cancel the running query or load, if any. DuckDB checks for a cancel between steps; a step that runs long (a
   * nested-loop join) cannot be interrupted, so when the work has not stopped after CANCEL_GRACE_MS the status offers
   * to stop the engine, and says what that costs.
   */
  async cancel(): Promise<void> {
    const running = this.running;
    const instance = this.instance;
    if (!running || !instance) return;
    running.cancelled = true;
    this.abort?.abort();
    setTimeout(() => {
      if (this.running !== running || this.instance !== instance) return;
      this.emit({ state: 'busy', action: 'stop', message: `${capital(running.what)} has not stopped: DuckDB cannot interrupt this step. ${this.stopCost()}` });
    }, CANCEL_GRACE_MS);
    await instance.conn.cancelSent().catch(() => false);
  }

  /**
   * Stop the engine and start a fresh one, ending whatever it is stuck on. The files are loaded again and what the
   * user changed with SQL is made again (the workbench asks for that: `replay`).
   */
  stopAndRestart(): void {
    if (this.running) this.running.cancelled = true;
    if (this.instance) this.restartAfter(this.instance, 'stopped at your request', { stopped: true });
  }

  /** What stopping the engine loses and keeps, in words. */
  private stopCost(): string {
    const files = this.sources.size;
    const steps = this.log.size;
    const kept = [`your ${files} file${files === 1 ? '' : 's'} ${files === 1 ? 'is' : 'are'} loaded again`];
    if (steps) kept.push(`your ${steps} change${steps === 1 ? '' : 's'} made with SQL ${steps === 1 ? 'is' : 'are'} made again`);
    return `Stop the engine to end it now: it restarts in a few seconds, ${kept.join(' and ')}; only the running step is lost.`;
  }

  /**
   * The worker has not answered a heartbeat while working: say so, and that Cancel is there — or, when it is the
   * workbench's own work and the silence has lasted as long as the old watchdog allowed any query, take it for dead.
   */
  private stillBusy(silentMs: number): void {
    const running = this.running;
    if (!running) return;
    if (!running.asked && silentMs >= this.options.heartbeatTimeoutMs * 5) {
      this.instance?.kill(new EngineError('unresponsive', 'The query engine stopped answering.'));
      return;
    }
    if (running.cancelled) return;
    const seconds = Math.round((performance.now() - running.startedAt) / 1000);
    this.emit({ state: 'busy', action: 'cancel', message: `Still running ${running.what} (${seconds} s). Cancel stops it.` });
  }

  /** Run again, in order, what the user changed with SQL since the start (after a restart: `recovered`). */
  replay(): Promise<ReplayReport> {
    this.log.restarted();
    return this.enqueue('running your SQL again', (instance) =>
      replaySteps(
        [...this.log.list()],
        async (entry) => {
          this.replaying = entry;
          try {
            if (entry.kind === 'sql') await runQuery(instance, entry.sql);
            else if (entry.kind === 'drop') await dropObject(instance, entry.name);
            else await renameObject(instance, entry.from, entry.to);
          } catch (e) {
            if (isFatalEngineMessage(errorMessage(e))) this.restartAfter(instance, errorMessage(e), { replay: entry });
            throw e;
          } finally {
            this.replaying = null;
          }
        },
        (entry) => this.log.remove(entry),
        () => instance.isDead,
      ),
    );
  }

  private abort: AbortController | null = null;

  /**
   * Load a file as a new table named after it (or `table` when given). An
   * existing table of that name is replaced only when `replace` is true;
   * otherwise the new one gets a numbered name.
   */
  loadFile(
    source: SourceFile,
    opts: { table?: string; replace?: boolean; onProgress?: (p: LoadProgress) => void; csv?: CsvLoadOptions; sheet?: SheetRef } = {},
  ): Promise<LoadedTable> {
    return this.enqueue(`loading ${source.name}`, async (instance, token) => {
      const wanted = opts.table ?? tableNameFromFile(source.name);
      const existing = await tableNames(instance);
      if (opts.replace && existing.some((n) => n.toLowerCase() === wanted.toLowerCase())) await this.dropIn(instance, wanted);
      const table = opts.replace ? wanted : uniqueName(wanted, existing);
      this.abort = new AbortController();
      try {
        const loaded = await loadFile(instance, source, {
          table,
          bufferLimitBytes: this.options.bufferLimitBytes,
          onProgress: opts.onProgress,
          signal: this.abort.signal,
          csv: opts.csv,
          sheet: opts.sheet,
        });
        if (token.cancelled) throw new CancelledError(`Loading ${source.name}`);
        this.sources.set(table.toLowerCase(), { source, loaded });
        return loaded;
      } catch (e) {
        // Leave nothing half-made behind: a failed or cancelled load removes its table.
        if (!instance.isDead) await this.dropIn(instance, table).catch(() => {});
        if (e instanceof CancelledError || token.cancelled) throw new CancelledError(`Loading ${source.name}`);
        // A crash's own words are the LoadError's detail (src/engine/errors.ts); its message says it in words.
        const raw = e instanceof LoadError && e.detail ? e.detail : errorMessage(e);
        if (!instance.isDead && isFatalEngineMessage(raw)) this.restartAfter(instance, raw, { file: source.name });
        throw e;
      } finally {
        this.abort = null;
      }
    });
  }

  /**
   * Load every table of a workbook (.xlsx, .xlsm, .ods, .xls), each as `<file>_<sheet>` made unique. All or nothing:
   * when one table fails or the load is cancelled, the tables already made from this file are dropped again.
   * `replace`: tables (an earlier opening of the same workbook) dropped once the file has been read, so a file that
   * cannot be read leaves them as they were, and the new tables take their names.
   */
  loadWorkbook(source: SourceFile, opts: { onProgress?: (p: LoadProgress) => void; replace?: readonly string[] } = {}): Promise<LoadedWorkbook> {
    return this.enqueue(`loading ${source.name}`, async (instance, token) => {
      this.abort = new AbortController();
      const made: string[] = [];
      try {
        const reading = await workbookOf(source, this.abort.signal, opts.onProgress);
        if (token.cancelled) throw new CancelledError(`Loading ${source.name}`);
        for (const t of opts.replace ?? []) await this.dropIn(instance, t);
        const plan = planWorkbook(source.name, reading, await tableNames(instance));
        const tables: LoadedTable[] = [];
        for (const [i, t] of plan.tables.entries()) {
          if (token.cancelled) throw new CancelledError(`Loading ${source.name}`);
          opts.onProgress?.({ file: source.name, phase: 'loading', bytesRead: i, bytesTotal: plan.tables.length, detail: `table ${i + 1} of ${plan.tables.length}, sheet ${t.sheet}`, rows: t.rows });
          made.push(t.table);
          const loaded = await loadFile(instance, source, { table: t.table, sheet: { sheet: t.sheet, block: t.block }, bufferLimitBytes: this.options.bufferLimitBytes, signal: this.abort.signal });
          this.sources.set(t.table.toLowerCase(), { source, loaded });
          tables.push(loaded);
        }
        if (token.cancelled) throw new CancelledError(`Loading ${source.name}`);
        return { file: source.name, tables, notLoaded: plan.notLoaded, description: plan.description, warnings: plan.warnings, parseMs: plan.parseMs };
      } catch (e) {
        if (!instance.isDead) for (const t of made) await this.dropIn(instance, t).catch(() => {});
        if (e instanceof CancelledError || token.cancelled) throw new CancelledError(`Loading ${source.name}`);
        throw e;
      } finally {
        this.abort = null;
      }
    });
  }

  /** Copy a lazily-read file's view into a real table (faster queries, costs memory). */
  materialise(name: string): Promise<void> {
    return this.enqueue(`copying ${name} into a table`, async (instance) => {
      const entry = this.sources.get(name.toLowerCase());
      const tmp = uniqueName(`${name}_loading`, await tableNames(instance));
      await runQuery(instance, `CREATE TABLE ${ident(tmp)} AS SELECT * FROM ${ident(name)}`);
      await runQuery(instance, `DROP VIEW ${ident(name)}`);
      await runQuery(instance, `ALTER TABLE ${ident(tmp)} RENAME TO ${ident(name)}`);
      if (entry?.loaded.registeredAs) await instance.db.dropFile(entry.loaded.registeredAs).catch(() => null);
      if (entry) {
        const rows = await runQuery(instance, `SELECT count(*)::DOUBLE AS n FROM ${ident(name)}`);
        entry.loaded = { ...entry.loaded, mode: 'table', modeReason: 'copied into a table on request', rows: Number(rows.getChild('n')?.get(0)), registeredAs: undefined };
      }
    });
  }

  /** Every table and view in the main schema with columns and row counts. */
  describe(): Promise<TableInfo[]> {
    return this.enqueue(OWN_WORK, (instance) => describeTables(instance, (name) => this.sources.get(name.toLowerCase())?.loaded, this.viewCounts));
  }

  /** Drop a table or view (and free its registered file). */
  drop(name: string): Promise<void> {
    return this.enqueue(`dropping ${name}`, async (instance) => {
      const fromFile = this.sources.has(name.toLowerCase());
      await this.dropIn(instance, name);
      if (!fromFile) this.log.dropped(name);
    });
  }

  /** Rename a table or view. */
  rename(from: string, to: string): Promise<void> {
    return this.enqueue(`renaming ${from}`, async (instance) => {
      await renameObject(instance, from, to);
      const entry = this.sources.get(from.toLowerCase());
      if (entry) {
        this.sources.delete(from.toLowerCase());
        this.sources.set(to.toLowerCase(), { ...entry, loaded: { ...entry.loaded, table: to } });
      } else this.log.renamed(from, to);
    });
  }

  /**
   * For tests and diagnostics: kill the worker as a wasm heap exhaustion does, without telling the engine — between
   * calls (a crash inside a call answers that call with an error, which the engine acts on at once), so what is left
   * to notice it is the heartbeat.
   */
  async simulateCrash(): Promise<void> {
    await this.tail;
    this.instance?.worker.terminate();
  }

  /** Stop the engine and its worker. */
  async stop(): Promise<void> {
    this.watchdog.stop();
    this.instance?.kill(new EngineError('crashed', 'The engine was stopped.'));
    this.instance = null;
  }

  private async dropIn(instance: Instance, name: string): Promise<void> {
    await dropObject(instance, name);
    const entry = this.sources.get(name.toLowerCase());
    if (entry?.loaded.registeredAs) await instance.db.dropFile(entry.loaded.registeredAs).catch(() => null);
    this.sources.delete(name.toLowerCase());
  }

  // One operation at a time: DuckDB-WASM's connection runs one pending query.
  private enqueue<T>(what: string, task: (instance: Instance, token: Running) => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.restarting) await this.restarting;
      const instance = this.instance;
      if (!instance) throw new EngineError('start', 'The query engine is not running.');
      const token: Running = { cancelled: false, what, startedAt: performance.now(), asked: what !== OWN_WORK };
      this.running = token;
      try {
        return await task(instance, token);
      } catch (e) {
        // Whatever step met a fatal error (the table list, a reload), the instance is not to be trusted: restart it
        // now, before the next call hangs on a dead worker. A step that knew its cause has already done so.
        if (!instance.isDead && isFatalEngineMessage(errorMessage(e))) this.restartAfter(instance, errorMessage(e));
        throw e;
      } finally {
        this.running = null;
        // The step that kept the engine busy is over: the status line says it is ready again.
        if (this.state === 'busy' && this.instance === instance) this.emit({ state: 'ready', message: `Query engine ready (DuckDB ${this.version}).` });
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => {});
    return result;
  }

  private queryFailure(instance: Instance, e: unknown, sql: string, user: boolean): Error {
    if (e instanceof EngineError) return e;
    const msg = errorMessage(e);
    if (isFatalEngineMessage(msg)) {
      const detail = isGarbledMessage(msg) ? GARBLED_DETAIL : msg;
      this.restartAfter(instance, detail, { sql, user });
      return new EngineError('invalidated', explainEngineCrash(detail, { sql }), e, detail);
    }
    return new QueryError(msg, sql, e);
  }

  private restartAfter(dead: Instance, reason: string, cause: RestartCause = {}): void {
    if (this.restarting || this.instance !== dead) return;
    // The worker died with no query to blame while a step of the log ran again: that step is to blame.
    if (Object.keys(cause).length === 0 && this.replaying) cause = { replay: this.replaying };
    dead.kill(new EngineError('crashed', reason));
    this.restarting = this.restart(reason, cause).finally(() => (this.restarting = null));
  }

  private async restart(reason: string, cause: RestartCause): Promise<void> {
    const doing = 'file' in cause ? ` while reading ${cause.file}` : 'sql' in cause || 'replay' in cause ? ' while running a query' : '';
    // A wasm crash's words ("memory access out of bounds") are no reason to show; the watchdog's own sentences are.
    const why = 'stopped' in cause ? 'was stopped' : isWasmCrashMessage(reason) || isFatalEngineMessage(reason) ? `stopped${doing}` : `stopped (${reason})`;
    this.emit({ state: 'restarting', message: `The query engine ${why}. Restarting it and loading your files again…` });
    this.viewCounts.clear();
    const held = [...this.sources.values()];
    this.sources.clear();
    const report: RecoveryReport = { reloaded: 0, failed: [], setAside: [] };
    if ('replay' in cause) {
      this.log.remove(cause.replay);
      report.droppedStep = describeEntry(cause.replay);
    }
    // A file that stopped the engine is not loaded again; nor is one that stops the fresh engine while it is reloaded.
    const blamed = filesToSetAside(cause, held);
    report.setAside.push(...blamed.map((h) => h.source.name));
    let remaining = held.filter((h) => !blamed.includes(h));
    for (;;) {
      let instance: Instance;
      try {
        instance = await startInstance(this.options.bundle, this.options.startTimeoutMs);
      } catch (e) {
        this.instance = null;
        this.emit({ state: 'failed', message: `The query engine could not be restarted: ${errorMessage(e)}. Reload the page.` });
        return;
      }
      const killer = await this.reloadInto(instance, remaining, report);
      if (!killer) {
        this.instance = instance;
        this.watchdog.watch(instance);
        this.emit({ state: 'ready', message: recoverySentence(report) });
        return;
      }
      instance.kill(new EngineError('crashed', `stopped while reloading ${killer.source.name}`));
      report.setAside.push(killer.source.name);
      remaining = remaining.filter((h) => h !== killer);
      report.reloaded = 0;
      for (const h of remaining) this.sources.delete(h.loaded.table.toLowerCase());
    }
  }

  /** Load the held files into a fresh instance; returns the file that stopped it, if one did. */
  private async reloadInto(instance: Instance, files: readonly HeldFile[], report: RecoveryReport): Promise<HeldFile | undefined> {
    report.failed = [];
    for (const h of files) {
      const { source, loaded } = h;
      try {
        const again = await loadFile(instance, source, { table: loaded.table, bufferLimitBytes: this.options.bufferLimitBytes, csv: loaded.csvOptions, sheet: loaded.sheet });
        this.sources.set(loaded.table.toLowerCase(), { source, loaded: again });
        report.reloaded++;
      } catch (e) {
        const raw = e instanceof LoadError && e.detail ? e.detail : errorMessage(e);
        if (instance.isDead || isFatalEngineMessage(raw)) return h;
        report.failed.push({ file: source.name, reason: errorMessage(e) });
      }
    }
    return undefined;
  }

  private emit(s: EngineStatus): void {
    this.state = s.state;
    for (const l of this.listeners) l(s);
  }
}

function startFailureAdvice(e: EngineError): string {
  if (typeof WebAssembly === 'undefined')
    return 'This browser does not allow WebAssembly, which the workbench needs. Ask IT whether a policy disables it, or use Chrome or Edge.';
  // The server did not send the engine's file: memory and policies are not the cause.
  if (isEngineDownloadFailure(e.message)) return `${e.message[0]!.toUpperCase()}${e.message.slice(1)}.`;
  return `${e.message} Close other tabs to free memory and reload the page; if it keeps failing, a browser policy may block WebAssembly or workers.`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
