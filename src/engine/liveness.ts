/**
 * Busy or dead? A worker running a long query answers nothing until the query ends, so silence alone cannot tell
 * a busy engine from a dead one (issue 17 item 4). The engine's worker therefore holds a Web Lock of its own for as
 * long as it lives: the browser releases a context's locks when the context ends, whether it returned, crashed or
 * was terminated mid-computation, and the page can see which locks are held without the worker's help. A lock that
 * was held and no longer is means the worker is gone.
 *
 * Measured in Chromium 156: a lock held by a worker terminated in the middle of a loop is released within 2 s. A
 * nested worker echoing pings (the first design) was not: it outlived its parent terminated mid-query by more
 * than 12 s, so it said "alive" for a dead engine.
 */

/** The message that hands the worker the name of its lock (read by the prelude, never by DuckDB). */
const KEY = 'socLivenessLock';

/**
 * Runs in the engine's worker before DuckDB's code: takes the liveness message before DuckDB's `onmessage` sees it
 * (our listener is registered first) and holds the named lock until the worker ends. Serialised with `toString()`,
 * so it must use nothing from outside its own body. Where Web Locks are missing (an opaque origin, an old browser)
 * nothing is held, and the engine falls back to judging by silence.
 */
export function livenessPrelude(): void {
  self.addEventListener('message', (event: MessageEvent) => {
    const lock = (event.data as Record<string, unknown> | null)?.["socLivenessLock"] as { name?: unknown; port?: unknown } | undefined;
    if (typeof lock?.name !== 'string' || !(lock.port instanceof MessagePort)) return;
    event.stopImmediatePropagation();
    const port = lock.port;
    try {
      void navigator.locks
        ?.request(lock.name, () => {
          port.postMessage('held');
          return new Promise<never>(() => {});
        })
        .catch(() => {});
    } catch {
      // No locks here: the page is never told the lock is held, which says "unknown", not "dead".
    }
  });
}

/** What a look found: the worker's thread is there, is gone, or this browser cannot tell. */
export type Liveness = 'alive' | 'gone' | 'unknown';

/** The page's view of one worker's lock. */
export class LivenessProbe {
  // Unique per worker, and per page: another tab's engine holds locks of its own in the same origin.
  private readonly name = `soc-duckdb-engine-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  /** Set when the worker says it holds its lock: from then on, not holding it means gone. */
  private granted = false;

  constructor(worker: Worker) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      this.granted = true;
      channel.port1.close();
    };
    worker.postMessage({ [KEY]: { name: this.name, port: channel.port2 } }, [channel.port2]);
  }

  /**
   * Whether the worker still holds its lock. Before the worker said it holds it (locks unavailable, or not yet
   * granted) the answer is 'unknown', and so is a browser that takes more than a second to say which locks are held.
   */
  async check(): Promise<Liveness> {
    if (!this.granted) return 'unknown';
    const held = await Promise.race([
      navigator.locks.query().then((state) => (state.held ?? []).some((lock) => lock.name === this.name)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000)),
    ]).catch(() => null);
    return held === null ? 'unknown' : held ? 'alive' : 'gone';
  }
}
