/**
 * Noticing that the engine died: a wasm heap exhaustion kills the worker and every later call hangs without an
 * error (DESIGN.md §7), so besides the worker's own death a heartbeat asks DuckDB its version and calls a silent
 * worker dead. What to do then (restart, reload the files) is the engine's.
 */
import { EngineError } from './errors';
import { withTimeout, type Instance } from './instance';

/** How often to ask, and how long to wait for an answer. */
export interface HeartbeatOptions {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
}

/** Watches one instance at a time; `ondead` is called with the instance that died and why. */
export class Watchdog {
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly options: HeartbeatOptions,
    /** True while a query runs: a long query keeps the worker busy between polls, so it is given longer. */
    private readonly busy: () => boolean,
    private readonly ondead: (instance: Instance, reason: string) => void,
  ) {}

  /** Watch `instance` (and stop watching the previous one). */
  watch(instance: Instance): void {
    this.stop();
    instance.dead.catch((e: EngineError) => this.ondead(instance, e.message));
    let inFlight = false;
    this.heartbeat = setInterval(async () => {
      if (inFlight || instance.isDead) return;
      inFlight = true;
      try {
        const limit = this.busy() ? this.options.heartbeatTimeoutMs * 5 : this.options.heartbeatTimeoutMs;
        await withTimeout(instance.db.getVersion(), limit, () => new EngineError('unresponsive', 'no answer'));
      } catch {
        instance.kill(new EngineError('unresponsive', 'The query engine stopped answering.'));
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
