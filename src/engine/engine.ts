/**
 * The engine's public face: start DuckDB-WASM, load files, run queries (one
 * at a time, cancellable), describe the schema, drop and rename (catalogue.ts).
 * When the watchdog (watchdog.ts) finds the worker dead or silent, the engine
 * starts a fresh one and loads again the files it still holds, so a crash
 * costs the user a message, not their work.
 * Past 300 lines because the queue, cancellation and restart share the live instance and its files.
 */
import type * as arrow from 'apache-arrow';
import { ident, str } from '../query';
import { errorMessage, type CsvLoadOptions } from '../domain';
import type { EngineBundle } from './bundle';
import { ViewRowCounts, describeTables, dropObject, renameObject, tableNames, type TableInfo } from './catalogue';
import { CancelledError, EngineError, LoadError, QueryError, explainEngineCrash, isEngineDownloadFailure, isFatalEngineMessage, isWasmCrashMessage, type CrashContext } from './errors';
import { runQuery, startInstance, type Instance } from './instance';
import { loadFile, type LoadedTable, type SourceFile } from './load-file';
import { planWorkbook, workbookOf, type WorkbookPlan } from './load-spreadsheet';
import type { SheetRef } from './load-common';
import type { LoadProgress } from './read-bytes';
import { tableNameFromFile, uniqueName } from './table-names';
import { Watchdog } from './watchdog';

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

/** Where the engine is in its life. */
export type EngineState = 'starting' | 'ready' | 'restarting' | 'failed';

/** A change of state, with a sentence for the user. */
export interface EngineStatus {
  state: EngineState;
  message: string;
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
  private running: { cancelled: boolean } | null = null;
  private readonly sources = new Map<string, { source: SourceFile; loaded: LoadedTable }>();
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
    this.watchdog = new Watchdog(this.options, () => this.running !== null, (dead, reason) => this.restartAfter(dead, reason));
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
   * those, nor miss a query that has not started yet).
   */
  query(sql: string, opts: { signal?: AbortSignal } = {}): Promise<QueryResult> {
    const task = this.enqueueQuery(sql, opts.signal);
    const { signal } = opts;
    if (!signal) return task;
    // Told at once: a query still waiting is dropped when its turn comes; a running one is being cancelled.
    return new Promise<QueryResult>((resolve, reject) => {
      const now = () => reject(new CancelledError());
      if (signal.aborted) now();
      signal.addEventListener('abort', now, { once: true });
      task.then(resolve, reject).finally(() => signal.removeEventListener('abort', now));
    });
  }

  private enqueueQuery(sql: string, signal: AbortSignal | undefined): Promise<QueryResult> {
    return this.enqueue(async (instance, token) => {
      if (signal?.aborted) throw new CancelledError();
      const onAbort = () => {
        if (this.running === token) void this.cancel();
      };
      signal?.addEventListener('abort', onAbort);
      const t0 = performance.now();
      try {
        const table = await runQuery(instance, sql);
        if (token.cancelled) throw new CancelledError();
        return { sql, table, elapsedMs: performance.now() - t0 };
      } catch (e) {
        if (token.cancelled) throw new CancelledError();
        throw this.queryFailure(instance, e, sql);
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
    return this.enqueue(async (instance) => {
      const name = `export_${Date.now()}_${Math.random().toString(36).slice(2)}.parquet`;
      try {
        await runQuery(instance, `COPY (${sql}) TO ${str(name)} (FORMAT PARQUET, COMPRESSION ZSTD)`);
        return await instance.db.copyFileToBuffer(name);
      } catch (e) {
        throw this.queryFailure(instance, e, sql);
      } finally {
        await instance.db.dropFile(name).catch(() => null);
      }
    });
  }

  /** Cancel the running query or load, if any. */
  async cancel(): Promise<void> {
    const running = this.running;
    const instance = this.instance;
    if (!running || !instance) return;
    running.cancelled = true;
    this.abort?.abort();
    await instance.conn.cancelSent().catch(() => false);
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
    return this.enqueue(async (instance, token) => {
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
   */
  loadWorkbook(source: SourceFile, opts: { onProgress?: (p: LoadProgress) => void } = {}): Promise<LoadedWorkbook> {
    return this.enqueue(async (instance, token) => {
      this.abort = new AbortController();
      const made: string[] = [];
      try {
        const plan = planWorkbook(source.name, await workbookOf(source, this.abort.signal, opts.onProgress), await tableNames(instance));
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
    return this.enqueue(async (instance) => {
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
    return this.enqueue((instance) => describeTables(instance, (name) => this.sources.get(name.toLowerCase())?.loaded, this.viewCounts));
  }

  /** Drop a table or view (and free its registered file). */
  drop(name: string): Promise<void> {
    return this.enqueue((instance) => this.dropIn(instance, name));
  }

  /** Rename a table or view. */
  rename(from: string, to: string): Promise<void> {
    return this.enqueue(async (instance) => {
      await renameObject(instance, from, to);
      const entry = this.sources.get(from.toLowerCase());
      if (entry) {
        this.sources.delete(from.toLowerCase());
        this.sources.set(to.toLowerCase(), { ...entry, loaded: { ...entry.loaded, table: to } });
      }
    });
  }

  /** For tests and diagnostics: kill the worker as a wasm crash would, without telling the engine. */
  simulateCrash(): void {
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
  private enqueue<T>(task: (instance: Instance, token: { cancelled: boolean }) => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.restarting) await this.restarting;
      const instance = this.instance;
      if (!instance) throw new EngineError('start', 'The query engine is not running.');
      const token = { cancelled: false };
      this.running = token;
      try {
        return await task(instance, token);
      } finally {
        this.running = null;
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => {});
    return result;
  }

  private queryFailure(instance: Instance, e: unknown, sql: string): Error {
    if (e instanceof EngineError) return e;
    const msg = errorMessage(e);
    if (isFatalEngineMessage(msg)) {
      this.restartAfter(instance, msg, { sql });
      return new EngineError('invalidated', explainEngineCrash(msg, { sql }), e, msg);
    }
    return new QueryError(msg, sql, e);
  }

  private restartAfter(dead: Instance, reason: string, context: CrashContext = {}): void {
    if (this.restarting || this.instance !== dead) return;
    dead.kill(new EngineError('crashed', reason));
    this.restarting = this.restart(reason, context).finally(() => (this.restarting = null));
  }

  private async restart(reason: string, context: CrashContext = {}): Promise<void> {
    const doing = 'file' in context ? ` while reading ${context.file}` : 'sql' in context ? ' while running a query' : '';
    // A wasm crash's words ("memory access out of bounds") are no reason to show; the watchdog's own sentences are.
    const why = isWasmCrashMessage(reason) || isFatalEngineMessage(reason) ? `stopped${doing}` : `stopped (${reason})`;
    this.emit({ state: 'restarting', message: `The query engine ${why}. Restarting it and loading your files again…` });
    let instance: Instance;
    try {
      instance = await startInstance(this.options.bundle, this.options.startTimeoutMs);
    } catch (e) {
      this.instance = null;
      this.emit({ state: 'failed', message: `The query engine could not be restarted: ${errorMessage(e)}. Reload the page.` });
      return;
    }
    this.instance = instance;
    this.viewCounts.clear();
    this.watchdog.watch(instance);
    const entries = [...this.sources.values()];
    this.sources.clear();
    const failed: string[] = [];
    for (const { source, loaded } of entries) {
      try {
        const again = await loadFile(instance, source, { table: loaded.table, bufferLimitBytes: this.options.bufferLimitBytes, csv: loaded.csvOptions, sheet: loaded.sheet });
        this.sources.set(loaded.table.toLowerCase(), { source, loaded: again });
      } catch {
        failed.push(source.name);
      }
    }
    const reloaded = entries.length - failed.length;
    this.emit({
      state: 'ready',
      message:
        `The query engine stopped and was restarted. ${reloaded} file${reloaded === 1 ? '' : 's'} loaded again` +
        (failed.length ? `; could not reload ${failed.join(', ')}` : '') +
        '. Tables made with SQL must be made again.',
    });
  }

  private emit(s: EngineStatus): void {
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
