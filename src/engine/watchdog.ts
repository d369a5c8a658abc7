/**
 * Noticing that the engine died: a wasm heap exhaustion kills the worker and every later call hangs without an
 * error (DESIGN.md §7), so besides the worker's own death a heartbeat asks DuckDB its version. Silence means dead only
 * when the engine has nothing to do: a long step (a nested-loop join, a GROUP BY over a 1.5 GB file) keeps the
 * worker from answering for as long as it runs, and killing it then lost the user's tables (issue 17 item 4). A
 * silent worker that is busy is reported as busy; the user can cancel, or stop the engine — unless its liveness lock
 * (liveness.ts) says its thread is gone, when it is dead however busy it was. What to do when it is dead (restart,
 * reload the files) is the engine's.
 */
import { EngineError } from './errors';
import { withTimeout, type Instance } from './instance';

/** How often to ask, and how long to wait for an answer. */
export interface HeartbeatOptions {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
}

/** Watches one instance at a time; `ondead` is called with the instance that died and why, `onbusy` at each silent beat while busy. */
export class Watchdog {
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly options: HeartbeatOptions,
    /** True while a query or load runs. */
    private readonly busy: () => boolean,
    private readonly ondead: (instance: Instance, reason: string) => void,
    /** Told how long the worker has been silent, at each silent beat while busy. */
    private readonly onbusy: (silentMs: number) => void = () => {},
  ) {}

  /** Watch `instance` (and stop watching the previous one). */
  watch(instance: Instance): void {
    this.stop();
    instance.dead.catch((e: EngineError) => this.ondead(instance, e.message));
    let inFlight = false;
    let silentSince: number | null = null;
    this.heartbeat = setInterval(async () => {
      if (inFlight || instance.isDead) return;
      inFlight = true;
      try {
        await withTimeout(instance.db.getVersion(), this.options.heartbeatTimeoutMs, () => new EngineError('unresponsive', 'no answer'), instance.dead);
        silentSince = null;
      } catch {
        silentSince ??= performance.now() - this.options.heartbeatTimeoutMs;
        // Asked at the timeout, not at the beat: a step that started meanwhile is what keeps the worker silent.
        if (instance.isDead) return;
        // Silent while working: its lock says whether the worker's thread still exists (liveness.ts).
        if (this.busy() && (await instance.liveness.check()) === 'gone') {
          instance.kill(new EngineError('unresponsive', 'The query engine stopped answering.'));
          return;
        }
        if (this.busy()) this.onbusy(performance.now() - silentSince);
        else instance.kill(new EngineError('unresponsive', 'The query engine stopped answering.'));
      } finally {
        inFlight = false;
      }
    }, this.options.heartbeatMs);
  }

  /** Stop the heartbeat. */
  stop(): void {
    clearInterval(this.heartbeat);
  }
}
