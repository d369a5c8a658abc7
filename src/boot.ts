/**
 * Evaluated before the rest of the app (main.ts imports it first). If the app
 * cannot even load — no WebAssembly (a policy that turns off the JavaScript
 * JIT can remove it) or an error while its modules load — index.html's
 * "Starting…" text is replaced by what happened and what to do, instead of
 * staying on screen for ever.
 *
 * It also starts counting requests off the page's origin (About and self-test), so that none before the app is
 * up goes uncounted.
 */
import { watchNetwork } from './app/network-watch';

/** Requests off the page's origin this session, counted from here on. */
export const networkWatch = watchNetwork();

/** Shown when the browser has no WebAssembly, which DuckDB (and the Parquet readers) need. */
export const NO_WEBASSEMBLY =
  'SOC Workbench cannot start: this browser does not allow WebAssembly, which its query engine needs. ' +
  'A browser policy may turn it off (for example one that disables the JavaScript JIT, "DefaultJavaScriptJitSetting"). ' +
  'Ask IT to allow JavaScript JIT (and so WebAssembly) for this page.';

let mounted = false;

function showFailure(message: string): void {
  const app = document.getElementById('app');
  if (mounted || !app || app.querySelector('[data-state=failed]')) return; // the first failure is the cause
  const p = document.createElement('p');
  p.className = 'boot failed';
  p.setAttribute('role', 'alert');
  p.dataset.state = 'failed';
  p.textContent = message;
  p.style.cssText = 'color:#a1191f;font-weight:600;max-width:50rem';
  app.replaceChildren(p);
}

function onError(e: ErrorEvent): void {
  showFailure(`SOC Workbench could not start: ${e.message}. Reload the page; if it keeps failing, a browser policy may block part of it — tell IT what this says.`);
}

/** Call once the app is mounted: from then on the app reports its own failures. */
export function booted(): void {
  mounted = true;
  removeEventListener('error', onError);
}

addEventListener('error', onError);
if (typeof WebAssembly !== 'object') {
  showFailure(NO_WEBASSEMBLY);
  throw new Error('WebAssembly is not available'); // stop here: the rest of the app cannot load without it
}
