/** The SQL tab's state: the text being edited, running it statement by statement, and the last result or error. */
import { CancelledError, QueryError, type QueryResult } from '../engine';
import type { ResultChartSpec } from '../charts';
import { errorMessage } from '../domain';
import { errorRange, splitStatements, statementEffect } from '../query';
import type { Notify } from './notices.svelte';
import type { RunOutcome } from './sql-history';

/** The SQL the workbench opens with: a real comparison on the samples. */
export const FIRST_QUERY = `-- Synthetic sample data: disruptions by force, latest financial year
SELECT force, region, sum(disruptions)::BIGINT AS disruptions
FROM disruptions_synthetic
WHERE financial_year = (SELECT max(financial_year) FROM disruptions_synthetic)
GROUP BY ALL
ORDER BY disruptions DESC;`;

/** DuckDB's message, and where in the editor's text the statement it names went wrong. */
export interface SqlError {
  message: string;
  from?: number;
  to?: number;
}

/** What the runner needs from the workbench. */
export interface SqlRunnerDeps {
  query(sql: string, signal: AbortSignal): Promise<QueryResult>;
  notify: Notify;
  /** A statement created, dropped or changed tables: list them again. */
  schemaChanged(): Promise<void>;
  /** A statement of a run the user started ended (with rows, an error or a cancel): for the history. */
  ran?(sql: string, at: Date, ms: number, outcome: RunOutcome): void;
}

/** How a run was started: `record` keeps each statement in the history (the user's own runs, not the workbench's). */
export interface RunOptions {
  record?: boolean;
}

/** The SQL editor's text, its last result and how that result is shown. */
export class SqlRunner {
  sql = $state(FIRST_QUERY);
  result = $state.raw<QueryResult | null>(null);
  resultCaption = $state('');
  running = $state(false);
  /** Cancel was pressed and the engine has not stopped yet (a step DuckDB cannot interrupt may take a while). */
  cancelling = $state(false);
  error = $state<SqlError | null>(null);
  /** Whether the result is shown as a grid or a chart, and the columns chosen for the chart. */
  view = $state<'grid' | 'chart'>('grid');
  chart = $state<ResultChartSpec | null>(null);
  private runs = 0;
  /** Cancels the statements of every run started so far (Cancel stops the user's SQL, never the workbench's own). */
  private abort = new AbortController();

  constructor(private readonly deps: SqlRunnerDeps) {}

  /** Run SQL text: every statement in order; the last result is shown. `offset` is where `text` starts in the editor. */
  async run(text: string, offset = 0, options: RunOptions = {}): Promise<void> {
    const statements = splitStatements(text);
    if (statements.length === 0) return;
    // Runs may overlap (the first query at start and one the user starts at once): running lasts until the last ends.
    this.runs++;
    this.running = true;
    const { signal } = this.abort;
    this.error = null;
    let changedSchema = false;
    try {
      for (const st of statements) {
        const at = new Date();
        const t0 = performance.now();
        // The engine's own time when it has one; the wait behind the workbench's queries otherwise counts too.
        const ran = (outcome: RunOutcome, ms = performance.now() - t0) => options.record && this.deps.ran?.(st.sql, at, ms, outcome);
        try {
          const r = await this.deps.query(st.sql, signal);
          ran({ rows: r.table.numRows }, r.elapsedMs);
          this.result = r;
          this.resultCaption = statements.length > 1 ? `Result of statement ${statements.indexOf(st) + 1} of ${statements.length}` : '';
          if (statementEffect(st.sql) !== 'reads') changedSchema = true;
        } catch (e) {
          if (e instanceof CancelledError) {
            ran({ cancelled: true });
            this.deps.notify('info', 'Query cancelled.');
            return;
          }
          const msg = errorMessage(e);
          ran({ error: msg });
          const range = e instanceof QueryError ? errorRange(msg, st.sql) : undefined;
          this.error = range ? { message: msg, from: offset + st.from + range.from, to: offset + st.from + range.to } : { message: msg };
          // The grid still holds an earlier statement's rows: say so, or they read as this statement's.
          if (this.result) this.resultCaption = 'Earlier result: the statement above failed, so these rows are from the last one that ran';
          if (!(e instanceof QueryError)) this.deps.notify('error', msg);
          return;
        }
      }
    } finally {
      this.running = --this.runs > 0;
      if (!this.running) this.cancelling = false;
      if (changedSchema) await this.deps.schemaChanged();
    }
  }

  /** Cancel the running statement and any still waiting for the engine. */
  cancel(): void {
    if (this.running) this.cancelling = true;
    this.abort.abort();
    this.abort = new AbortController();
  }
}
