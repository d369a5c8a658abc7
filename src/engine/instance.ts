/**
 * One running DuckDB-WASM instance: its worker, database and connection.
 * Everything that depends on 1.28.0's behaviour lives here: queries go
 * through `conn.send()`, which raises run-time errors that the connection's
 * plain query method swallows (duckdb-wasm issue 1662), and a dead worker is turned from a silent hang
 * into an error by racing every call against the instance's `dead` promise.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import * as arrow from 'apache-arrow';
import type { EngineBundle } from './bundle';
import { LivenessProbe } from './liveness';
import { EngineError, QueryError, explainEngineCrash, isEngineDownloadFailure, sqlTooLong } from './errors';
import { errorMessage } from '../domain';
import { ident } from '../query';

/** A started instance. Create with `startInstance`, throw away after `kill`. */
export interface Instance {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
  worker: Worker;
  /** Whether the worker's thread still exists, even while it computes (liveness.ts). */
  liveness: LivenessProbe;
  version: string;
  /** Rejects once, when the instance is known to be dead. */
  dead: Promise<never>;
  /** Mark the instance dead (watchdog or fatal error) and stop its worker. */
  kill(reason: EngineError): void;
  readonly isDead: boolean;
}

/** Start a worker, instantiate the wasm (timed out: it can hang), open a database and connect. */
export async function startInstance(bundle: EngineBundle, timeoutMs: number): Promise<Instance> {
  const worker = bundle.createWorker();
  const liveness = new LivenessProbe(worker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  let isDead = false;
  let rejectDead!: (e: EngineError) => void;
  const dead = new Promise<never>((_, reject) => (rejectDead = reject));
  dead.catch(() => {}); // observed by whoever races against it
  const kill = (reason: EngineError) => {
    if (isDead) return;
    isDead = true;
    rejectDead(reason);
    worker.terminate();
  };
  // A wasm crash's own words ("memory access out of bounds") are kept as the detail, not the message; the worker's
  // own sentences (bundle-files.ts: the .wasm could not be downloaded) are the message, as they say what to do.
  worker.addEventListener('error', (e) => {
    const words = e.message || 'worker error';
    const own = isEngineDownloadFailure(words) ? words.replace(/^Uncaught (Error: )?/, '') : null;
    kill(new EngineError('crashed', own ?? explainEngineCrash(words), undefined, words));
  });
  try {
    await withTimeout(
      (async () => {
        await db.instantiate(bundle.wasmUrl);
        // Extensions are never fetched: the app is offline by contract (DESIGN.md §7).
        await db.open({ query: { castBigIntToDouble: false } });
      })(),
      timeoutMs,
      () => new EngineError('start', `The query engine did not start within ${Math.round(timeoutMs / 1000)} s.`),
      dead,
    );
    const conn = await db.connect();
    const instance: Instance = {
      db,
      conn,
      worker,
      liveness,
      version: await db.getVersion(),
      dead,
      kill,
      get isDead() {
        return isDead;
      },
    };
    await runQuery(instance, 'SET autoinstall_known_extensions = false');
    await runQuery(instance, 'SET autoload_known_extensions = false');
    return instance;
  } catch (e) {
    kill(e instanceof EngineError ? e : new EngineError('start', `The query engine could not start: ${errorMessage(e)}`, e));
    throw e instanceof EngineError ? e : new EngineError('start', `The query engine could not start: ${errorMessage(e)}`, e);
  }
}

/** Run one SQL text through `send()`, collecting every batch; raises DuckDB's error if there is one. */
export async function runQuery(instance: Instance, sql: string): Promise<arrow.Table> {
  const tooLong = sqlTooLong(sql);
  if (tooLong) throw tooLong;
  return race(
    (async () => {
      const reader = await instance.conn.send(sql);
      const batches: arrow.RecordBatch[] = [];
      for await (const batch of reader) batches.push(batch);
      const table = batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(reader.schema);
      return missingDictionaries(table) ? await withDictionaries(instance, sql, table) : table;
    })(),
    instance.dead,
  );
}

/**
 * Whether a result has dictionary-encoded columns (DuckDB's ENUMs) that came without their dictionaries: 1.28.0's
 * `send()` stream carries the codes but never the dictionary batch, so every value read as null (issue 17 item 8).
 */
function missingDictionaries(table: arrow.Table): boolean {
  if (table.numRows === 0) return false;
  const nested = (t: arrow.DataType): boolean => arrow.DataType.isDictionary(t) || (t.children ?? []).some((c) => nested(c.type));
  return table.schema.fields.some((f) => nested(f.type));
}

/** Statements that only read, which may run a second time without changing anything. */
const READ_ONLY = /^\s*(?:\(\s*)*(?:SELECT|WITH|FROM|VALUES|TABLE|DESCRIBE|SUMMARIZE|SHOW|PIVOT|UNPIVOT)\b/i;

/**
 * The result again through `query()`, whose single IPC buffer does carry the dictionaries. It is asked only of a
 * statement `send()` already ran without error (`query()` swallows run-time errors), and its row count must match.
 */
async function withDictionaries(instance: Instance, sql: string, sent: arrow.Table): Promise<arrow.Table> {
  const enums = sent.schema.fields.filter((f) => arrow.DataType.isDictionary(f.type)).map((f) => f.name);
  const cast = `cast ${enums.length ? enums.map((n) => ident(n)).join(', ') : 'the ENUM values'} to VARCHAR (e.g. ${ident(enums[0] ?? 'e')}::VARCHAR)`;
  if (!READ_ONLY.test(sql)) throw new QueryError(`This statement returns ENUM columns, which the engine sends back empty from a statement that changes data; ${cast} in the statement.`, sql);
  const table = await instance.conn.query(sql);
  if (table.numRows !== sent.numRows) throw new QueryError(`The ENUM columns of this result could not be read (${table.numRows} rows on the second reading, ${sent.numRows} on the first); ${cast} in the query.`, sql);
  return table;
}

/** Race a promise against the instance dying, so a dead worker never leaves a caller waiting. */
export function race<T>(p: Promise<T>, dead: Promise<never>): Promise<T> {
  return Promise.race([p, dead]);
}

/** Resolve with `p`, or reject with `onTimeout()` after `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error, dead?: Promise<never>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)));
  try {
    return await Promise.race(dead ? [p, timeout, dead] : [p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

