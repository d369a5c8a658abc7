/**
 * Bringing a restarted engine back to where the user was (issue 17 items 3 and 5): the files they loaded, then what
 * they changed with SQL. Two rules keep a restart from becoming a loop: a file that stopped the engine — while it was
 * loaded again, or while the workbench itself read it — is set aside and named, never loaded automatically again;
 * a statement that stopped the engine while run again is dropped from the log and named.
 */
import { ident } from '../query';
import { errorMessage } from '../domain';
import type { Instance } from './instance';
import type { LoadedTable, SourceFile } from './load-file';
import { describeEntry, type ReplayEntry } from './replay-log';

/** A loaded file the engine holds: enough to load it again. */
export interface HeldFile {
  source: SourceFile;
  loaded: LoadedTable;
}

/** Why the engine was restarted, as far as it knows. */
export type RestartCause =
  | { file: string }
  /** A query: `user` when the user ran it (the query is to blame, not the tables it read). */
  | { sql: string; user: boolean }
  /** A step of the SQL log being run again. */
  | { replay: ReplayEntry }
  /** The user chose "Stop the engine". */
  | { stopped: true }
  | Record<string, never>;

/**
 * The files to blame for a crash: those whose table the workbench's own query named. A user's query is never blamed
 * on the files it read; a crash with no query (the worker died between calls) blames nothing.
 */
export function filesToSetAside(cause: RestartCause, held: readonly HeldFile[]): HeldFile[] {
  if (!('sql' in cause) || cause.user) return [];
  return held.filter((h) => cause.sql.includes(ident(h.loaded.table)));
}

/** What a restart did, in words for the status line. */
export interface RecoveryReport {
  reloaded: number;
  failed: { file: string; reason: string }[];
  setAside: string[];
  /** The step of the SQL log that stopped the engine while it ran again: not kept. */
  droppedStep?: string;
}

/** The sentence the user reads once the engine is back: what came back and what did not, with what to do. */
export function recoverySentence(r: RecoveryReport): string {
  const parts = [`The query engine stopped and was restarted. ${r.reloaded} file${r.reloaded === 1 ? '' : 's'} loaded again.`];
  for (const f of r.failed) parts.push(`${f.file} could not be loaded again: ${f.reason}.`);
  if (r.setAside.length)
    parts.push(
      `Set aside ${r.setAside.join(', ')}: the engine stopped while reading ${r.setAside.length === 1 ? 'it' : 'them'}, so ${r.setAside.length === 1 ? 'it was' : 'they were'} not loaded again. ` +
        'Open it again when you need it; if it stops the engine again, split it into smaller files or fewer columns.',
    );
  if (r.droppedStep) parts.push(`Not made again: ${r.droppedStep} — it stopped the engine when run again.`);
  return parts.join(' ');
}

/** What running the SQL log again did. */
export interface ReplayReport {
  ran: number;
  failed: { step: string; reason: string }[];
}

/** Run the log's steps in order on `instance`; a step that fails is reported and forgotten (it would fail again). */
export async function replaySteps(
  steps: readonly ReplayEntry[],
  run: (entry: ReplayEntry) => Promise<void>,
  forget: (entry: ReplayEntry) => void,
  isDead: () => boolean,
): Promise<ReplayReport> {
  const report: ReplayReport = { ran: 0, failed: [] };
  for (const entry of steps) {
    if (isDead()) break;
    try {
      await run(entry);
      report.ran++;
    } catch (e) {
      if (isDead()) break;
      forget(entry);
      report.failed.push({ step: describeEntry(entry), reason: errorMessage(e) });
    }
  }
  return report;
}

/** The sentence after the SQL log was run again. */
export function replaySentence(r: ReplayReport): string {
  if (r.ran === 0 && r.failed.length === 0) return '';
  const ran = r.ran ? `${r.ran} change${r.ran === 1 ? '' : 's'} you made with SQL ${r.ran === 1 ? 'was' : 'were'} made again.` : '';
  const failed = r.failed.map((f) => `Could not make again: ${f.step} — ${f.reason.replace(/[.!\s]+$/, '')}.`);
  return [ran, ...failed].filter(Boolean).join(' ');
}
