/**
 * The self-test's judgements and its report, as pure functions: each check's measurements in, a line that passes
 * or fails in words out; then the plain-text report IT pastes into a ticket. The measuring is in self-test-checks.ts.
 */
import type { NetworkAttempt } from './network-count';
import type { StorageProbe } from './storage-status';

/** Where a check is. */
export type CheckStatus = 'waiting' | 'running' | 'pass' | 'fail';

/** One line of the self-test. */
export interface CheckLine {
  id: string;
  /** What is checked, e.g. "Query engine". */
  label: string;
  status: CheckStatus;
  /** The outcome in words, starting with what passed or failed. */
  text: string;
}

/** What the page knows about itself, shown above the self-test and at the head of the report. */
export interface AboutFacts {
  version: string;
  buildId: string;
  buildDate: string;
  duckdbWasm: string;
  /** DuckDB's own version, from the engine (`v0.9.1`); empty until it has started. */
  duckdb: string;
  /** The Content-Security-Policy in the page's meta tag, or '' when it has none. */
  csp: string;
  /** The page's address, without the view in its hash. */
  page: string;
  /** The published hash for this build, when the page could read the build's record beside it. */
  sha256: string | null;
}

/** The result of a check, as the line shows it. */
export type Outcome = Pick<CheckLine, 'status' | 'text'>;

const pass = (text: string): Outcome => ({ status: 'pass', text: `Passed: ${text}` });
const fail = (text: string): Outcome => ({ status: 'fail', text: `Failed: ${text}` });

/** The engine answered `SELECT 42`. */
export function engineOutcome(answer: unknown, duckdb: string, ms: number): Outcome {
  return answer === 42
    ? pass(`DuckDB ${duckdb} answered a query in ${Math.round(ms)} ms.`)
    : fail(`the engine answered ${JSON.stringify(answer)} to "SELECT 42".`);
}

/** Rows and sums read back from a file the engine wrote, against what was written. */
export interface ReadBack {
  rows: number;
  sum: number;
}

/** A file made in memory and read back with the right rows and sum. */
export function readBackOutcome(format: 'CSV' | 'Parquet', got: ReadBack, want: ReadBack, ms: number): Outcome {
  const read = `${got.rows.toLocaleString('en-GB')} rows, sum ${got.sum.toLocaleString('en-GB')}`;
  return got.rows === want.rows && got.sum === want.sum
    ? pass(`a ${format} file written in memory was read back: ${read}, as written (${Math.round(ms)} ms).`)
    : fail(`a ${format} file written in memory was read back as ${read}; it held ${want.rows.toLocaleString('en-GB')} rows, sum ${want.sum.toLocaleString('en-GB')}.`);
}

/** IndexedDB, persistence and quota. Only IndexedDB missing fails: the app then keeps nothing between sessions. */
export function storageOutcome(p: StorageProbe): Outcome {
  const kept = p.persisted === true ? 'persistent (the browser will not clear it)' : p.persisted === false ? 'not persistent (the browser may clear it when space runs low)' : 'persistence unknown';
  const quota = p.quotaBytes === null ? 'quota unknown' : `quota ${formatBytes(p.quotaBytes)}`;
  const where = p.fromFile ? '; opened from a file, so shared by every local page in this browser profile' : '';
  return p.indexedDB
    ? pass(`IndexedDB available, ${kept}, ${quota}${where}.`)
    : fail(`IndexedDB is not available here (a policy may block site storage): nothing is kept between sessions; save workbooks to files. ${quota}.`);
}

/** The engine's working memory is a WebAssembly memory; below this the app cannot load a typical extract. */
export const MEMORY_NEEDED = 512 * 2 ** 20;

/** The largest WebAssembly memory this tab could reserve, up to the probe's bound. */
export function memoryOutcome(reservedBytes: number, boundBytes: number): Outcome {
  const got = formatBytes(reservedBytes);
  if (reservedBytes < MEMORY_NEEDED) return fail(`only ${got} of memory could be reserved for the engine; it needs ${formatBytes(MEMORY_NEEDED)}. Close other tabs and run the test again.`);
  return pass(`the engine could take ${reservedBytes >= boundBytes ? `at least ${got} (the probe stops there)` : got} of memory.`);
}

/** Requests off the page's origin this session: the only passing number is 0. */
export function networkOutcome(attempts: readonly NetworkAttempt[]): Outcome {
  if (attempts.length === 0) return pass('network requests attempted this session: 0.');
  const list = attempts.slice(0, 5).map((a) => `${a.url} (${a.how === 'made' ? `made, ${a.by}` : `blocked by ${a.by}`})`);
  const more = attempts.length > 5 ? `, and ${attempts.length - 5} more` : '';
  return fail(`network requests attempted this session: ${attempts.length} — ${list.join('; ')}${more}.`);
}

/** "All 6 checks passed." or which did not. */
export function summary(lines: readonly CheckLine[]): string {
  const failed = lines.filter((l) => l.status === 'fail');
  const open = lines.filter((l) => l.status === 'waiting' || l.status === 'running');
  if (open.length) return `Running: ${lines.length - open.length} of ${lines.length} checks done.`;
  if (!failed.length) return `All ${lines.length} checks passed.`;
  return `${failed.length} of ${lines.length} checks failed: ${failed.map((l) => l.label).join(', ')}.`;
}

/** The whole panel as plain text, for an IT ticket. */
export function selfTestReport(about: AboutFacts, lines: readonly CheckLine[], ranAt: Date | null, elapsedMs: number | null): string {
  const word: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', running: 'RUNNING', waiting: 'NOT RUN' };
  const out = [
    'SOC Workbench — About and self-test',
    '',
    `Version:        ${about.version}`,
    `Build id:       ${about.buildId}`,
    `Build date:     ${about.buildDate || 'unknown'}`,
    `DuckDB-WASM:    ${about.duckdbWasm}`,
    `DuckDB:         ${about.duckdb || 'not started'}`,
    `Page:           ${about.page}`,
    `SHA-256:        ${about.sha256 ?? `not inside the file (a file cannot hold its own hash): compare with SHA256SUMS published for build ${about.buildId}`}`,
    '                Windows: certutil -hashfile soc-workbench.html SHA256',
    '                Linux/macOS: sha256sum soc-workbench.html',
    `Content-Security-Policy: ${about.csp || 'none found in the page'}`,
    '',
    ranAt ? `Self-test run ${ranAt.toISOString()}${elapsedMs === null ? '' : ` in ${(elapsedMs / 1000).toFixed(1)} s`}: ${summary(lines)}` : 'Self-test: not run.',
    ...lines.map((l) => `[${word[l.status]}] ${l.label}: ${l.text}`),
  ];
  return `${out.join('\n')}\n`;
}

/** Page address without its hash (the view spec): the report names the file, not the view. */
export function pageAddress(href: string): string {
  return href.split('#')[0];
}

function formatBytes(n: number): string {
  const gb = n / 2 ** 30;
  return gb >= 1 ? `${gb.toFixed(gb >= 10 ? 0 : 1)} GB` : `${Math.round(n / 2 ** 20)} MB`;
}
