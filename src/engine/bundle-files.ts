/**
 * The served build's engine assets: the worker and wasm are files next to the
 * app, fetched from its own origin (relative to the page, so any sub-path works).
 *
 * The worker is started from a small blob: script that imports the real one.
 * A worker started from its own URL takes its Content-Security-Policy from that
 * file's response headers, which a plain intranet server does not send, so SQL
 * such as `FROM 'https://…'` could reach another origin from inside it. A blob:
 * worker inherits the page's policy instead (measured: the request is refused).
 */
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { ENGINE_WORKER_NAME, type EngineBundle } from './bundle';
import { livenessPrelude } from './liveness';
import { readAheadPrelude } from './read-ahead';

/**
 * Runs in the worker before DuckDB's code. Many intranet servers (older IIS
 * among them) send .wasm without the application/wasm type, which
 * instantiateStreaming refuses, and DuckDB then waits until the start timeout
 * (30 s, measured). So the type is supplied, and a failed download is thrown
 * as the worker's error, which stops the start at once with a reason.
 * Serialised with `toString()`: it must use nothing from outside its body.
 */
function prelude(): void {
  const scope = self as unknown as { fetch: typeof fetch };
  const realFetch = scope.fetch.bind(scope);
  scope.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('.wasm')) return res;
    if (!res.ok) {
      const reason = `the query engine's file could not be downloaded (HTTP ${res.status} for ${url}); the web server may not serve .wasm files — ask for the type application/wasm to be added`;
      setTimeout(() => {
        throw new Error(reason);
      });
      return res;
    }
    if (res.headers.get('content-type')?.split(';')[0].trim() === 'application/wasm') return res;
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: { 'content-type': 'application/wasm' } });
  };
}

let bootstrapUrl: string | null = null;

/** The worker script: the preludes (wasm type, liveness, read-ahead), then DuckDB's worker file imported from the app's folder (made once). */
function workerBootstrapUrl(): string {
  const url = JSON.stringify(new URL(workerUrl, document.baseURI).href);
  bootstrapUrl ??= URL.createObjectURL(new Blob([`(${prelude.toString()})();\n(${livenessPrelude.toString()})();\n${readAheadPrelude()}importScripts(${url});`], { type: 'text/javascript' }));
  return bootstrapUrl;
}

/** Worker and wasm as files of the served folder, the worker under the page's CSP. */
export function defaultBundle(): EngineBundle {
  return {
    createWorker: () => new Worker(workerBootstrapUrl(), { name: ENGINE_WORKER_NAME }),
    wasmUrl: new URL(wasmUrl, document.baseURI).href,
  };
}
