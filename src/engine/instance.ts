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
      const table = await sent(instance, sql);
      return missingDictionaries(table) ? await withDictionaries(instance, sql, table) : table;
    })(),
    instance.dead,
  );
}

/** Every batch `send()` gives for `sql`, as one table; DuckDB's run-time error is raised, not swallowed. */
async function sent(instance: Instance, sql: string): Promise<arrow.Table> {
  const reader = await instance.conn.send(sql);
  const batches: arrow.RecordBatch[] = [];
  for await (const batch of reader) batches.push(batch);
  return batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(reader.schema);
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
 * The result again with its ENUM columns as text: the statement, which `send()` has just run without error, read
 * once more through `send()` (never `query()`, which swallows run-time errors) inside a projection that casts each
 * top-level ENUM column to VARCHAR; the row count must match. An ENUM nested in a list or struct, or a statement
 * that cannot be read as a subquery, is refused with the cast to write.
 */
async function withDictionaries(instance: Instance, sql: string, first: arrow.Table): Promise<arrow.Table> {
  const enums = first.schema.fields.filter((f) => arrow.DataType.isDictionary(f.type)).map((f) => f.name);
  const cast = `cast ${enums.length ? enums.map((n) => ident(n)).join(', ') : 'the ENUM values'} to VARCHAR (e.g. ${ident(enums[0] ?? 'e')}::VARCHAR)`;
  const refuse = (why: string) => new QueryError(`${why}; ${cast} in the statement.`, sql);
  if (!READ_ONLY.test(sql)) throw refuse('This statement returns ENUM columns, which the engine sends back empty from a statement that changes data');
  if (enums.length === 0) throw refuse('This result holds ENUM values inside lists or structs, which the engine sends back empty');
  const inner = sql.trim().replace(/;\s*$/, '');
  const again = `SELECT * REPLACE (${enums.map((n) => `CAST(${ident(n)} AS VARCHAR) AS ${ident(n)}`).join(', ')}) FROM (${inner}) AS soc_enums`;
  const table = await sent(instance, again).catch((e) => {
    throw refuse(`The ENUM columns of this result could not be read (${errorMessage(e)})`);
  });
  if (table.numRows !== first.numRows || missingDictionaries(table)) throw refuse(`The ENUM columns of this result could not be read (${table.numRows} rows on the second reading, ${first.numRows} on the first)`);
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

