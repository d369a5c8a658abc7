/**
 * The single file's engine assets. From file:// nothing can be fetched by URL
 * (origin null), so the worker runs from a Blob URL and the wasm travels inside
 * the page, gzip-compressed (18.1 MB → 4.3 MB; 5.7 MB as base64) in a data
 * block that vite.config.ts writes into the HTML. Handing the worker the wasm
 * as a blob: URL hung or closed the page (DESIGN.md §7); answering the
 * worker's own fetch of the wasm from embedded bytes works, and lets the wasm
 * be decompressed while it compiles (instantiateStreaming reading a
 * DecompressionStream), inside the worker, off the page's thread.
 */
import workerSource from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?raw';
import wasmElementId from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?embed-gzip';
import { ENGINE_WORKER_NAME, type EngineBundle } from './bundle';
import { livenessPrelude } from './liveness';
import { readAheadPrelude } from './read-ahead';

/** What DuckDB is told to fetch; the worker's prelude answers any `.wasm` request from the embedded bytes. */
export const EMBEDDED_WASM_URL = 'embedded:duckdb-eh.wasm';

/**
 * Runs inside the worker before DuckDB's code, which fetches the wasm with
 * `fetch(new Request(url))` and compiles it with `instantiateStreaming` (which
 * needs the application/wasm type). Serialised with `toString()`, so it must
 * use nothing from outside its own body.
 */
function prelude(gzipBase64: string): void {
  const scope = self as unknown as { fetch: typeof fetch };
  const realFetch = scope.fetch.bind(scope);
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  let gzip: Uint8Array<ArrayBuffer> | null = null;
  scope.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('.wasm')) return realFetch(input, init);
    if (!gzip && fromBase64) gzip = fromBase64(gzipBase64);
    if (!gzip) {
      const bin = atob(gzipBase64);
      gzip = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) gzip[i] = bin.charCodeAt(i);
    }
    const body = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'));
    return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/wasm' } }));
  };
}

let workerUrl: string | null = null;

/** The worker script: preludes (liveness, embedded wasm, read-ahead), then DuckDB's worker. Made once (reused on restart). */
function inlineWorkerUrl(): string {
  if (workerUrl) return workerUrl;
  const block = document.getElementById(wasmElementId);
  const base64 = block?.textContent?.trim();
  if (!base64) throw new Error(`this page has lost its embedded query engine (#${wasmElementId}); download the file again`);
  block!.remove(); // the worker script keeps the only copy needed
  const source = workerSource.replace(/^\/\/# sourceMappingURL=.*$/m, '');
  workerUrl = URL.createObjectURL(new Blob(['(', livenessPrelude.toString(), ')();\n(', prelude.toString(), ')("', base64, '");\n', readAheadPrelude(), source], { type: 'text/javascript' }));
  return workerUrl;
}

/** Worker and wasm from inside the page itself: nothing is fetched. */
export function defaultBundle(): EngineBundle {
  return {
    createWorker: () => new Worker(inlineWorkerUrl(), { name: ENGINE_WORKER_NAME }),
    wasmUrl: EMBEDDED_WASM_URL,
  };
}
