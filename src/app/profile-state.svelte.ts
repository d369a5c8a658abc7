/**
 * A column profile asked for by the user: summary, top values and histogram, run in DuckDB one statement at a time
 * and cancellable between and during them.
 */
import type * as arrow from 'apache-arrow';
import { errorMessage } from '../domain';
import { profileSql } from '../query';

/** One column's profile as the panel shows it. */
export interface Profile {
  table: string;
  column: string;
  type: string;
  rows: number;
  nulls: number;
  distinct: number;
  min: string | null;
  max: string | null;
  top: { value: string; rows: number }[];
  /** Numbers and dates only; lower/upper are numbers, or epoch ms for dates. */
  histogram: { lower: number; upper: number; rows: number }[] | null;
  temporal: boolean;
  elapsedMs: number;
}

type Run = (sql: string) => Promise<arrow.Table>;

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const t = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The profile being computed or shown. */
export class ProfileState {
  current = $state.raw<Profile | null>(null);
  /** The column being profiled, while its queries run. */
  running = $state<{ table: string; column: string } | null>(null);
  error = $state<string | null>(null);
  private token = 0;

  constructor(
    private readonly run: Run,
    private readonly cancelRunning: () => void,
  ) {}

  /** Profile `column` of `table`; a newer request or cancel() wins. */
  async open(table: string, column: string, type: string): Promise<void> {
    const me = ++this.token;
    this.running = { table, column };
    this.error = null;
    const t0 = performance.now();
    try {
      const sql = profileSql(table, column, type);
      const s = (await this.run(sql.summary)).get(0)?.toJSON() ?? {};
      if (me !== this.token) return;
      const top = (await this.run(sql.top)).toArray().map((r) => ({ value: String(r.value), rows: n(r.row_count) }));
      if (me !== this.token) return;
      const hist = sql.histogram ? (await this.run(sql.histogram)).toArray().map((r) => ({ lower: n(r.lower), upper: n(r.upper), rows: n(r.row_count) })) : null;
      if (me !== this.token) return;
      this.current = {
        table, column, type,
        rows: n(s.row_count), nulls: n(s.null_count), distinct: n(s.distinct_count), min: t(s.min_value), max: t(s.max_value),
        top, histogram: hist, temporal: /^(DATE|TIMESTAMP)/i.test(type), elapsedMs: performance.now() - t0,
      };
    } catch (e) {
      if (me !== this.token) return;
      const msg = errorMessage(e);
      this.error = /cancel/i.test(msg) ? `Profile of "${column}" cancelled.` : `Could not profile ${table}."${column}": ${msg}`;
    } finally {
      if (me === this.token) this.running = null;
    }
  }

  /** Stop the profile being computed. */
  cancel(): void {
    if (!this.running) return;
    const { column } = this.running;
    this.token++;
    this.running = null;
    this.error = `Profile of "${column}" cancelled.`;
    this.cancelRunning();
  }

  /** Close the profile. */
  close(): void {
    this.cancel();
    this.current = null;
    this.error = null;
  }
}
