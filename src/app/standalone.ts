/**
 * "Save as a standalone workbench": one HTML file that is the workbench itself with a workbook (and, if chosen, its
 * data) inside, for a colleague on a locked-down machine who can only double-click a file. The single file's own
 * HTML is captured at boot, before the app changes the page (the engine removes its wasm block once read); the
 * served build fetches the single file that ships beside it. The workbook travels in a JSON data block that the
 * browser never executes (CSP allows no such script anyway), read and validated at start like any imported file.
 */
import * as v from 'valibot';

/** The id of the data block that carries an embedded workbook. */
export const EMBED_ID = 'soc-workbench-embedded';

/**
 * The id of the block that carries a snapshot of the workbook's first view (snapshot.ts), drawn before the engine is
 * ready; a block of its own so it is read without parsing the workbook and its data.
 */
export const SNAPSHOT_ID = 'soc-workbench-snapshot';

let captured: string | null = null;

/** Remember this page's HTML as delivered; call first thing at boot, before anything changes the DOM. */
export function captureOwnHtml(doc: Document = document): void {
  if (doc.querySelector('script[type="application/octet-stream"]')) captured = `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/** The workbench's own single-file HTML: captured at boot, or fetched from beside the served build. */
export async function ownHtml(): Promise<string> {
  if (captured) return captured;
  let res: Response;
  try {
    res = await fetch(new URL('soc-workbench.html', document.baseURI));
  } catch (e) {
    throw new Error(`the single-file workbench could not be read from this server (${(e as Error).message}); copy soc-workbench.html from the build instead`);
  }
  if (!res.ok) throw new Error(`the single-file workbench is not on this server (soc-workbench.html: ${res.status}); ask whoever installed it to copy the whole dist/ folder`);
  return res.text();
}

/** JSON that can sit inside a <script> element: `<` escaped, so no `</script>` or `<!--` can end or bend it. */
export function scriptSafeJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const BLOCK = new RegExp(`<script type="application/json" id="(?:${EMBED_ID}|${SNAPSHOT_ID})">[\\s\\S]*?</script>\\n?`, 'g');

/**
 * The HTML with `payload` as its embedded workbook (replacing any it had), and the snapshot of its first view when
 * given, placed just before `</body>`.
 */
export function withEmbedded(html: string, payload: unknown, snapshot?: unknown): string {
  const clean = html.replace(BLOCK, '');
  const end = clean.lastIndexOf('</body>');
  if (end < 0) throw new Error('this is not the workbench page (no </body>): save the standalone file from the workbench itself');
  const block = (id: string, x: unknown) => `<script type="application/json" id="${id}">${scriptSafeJson(x)}</script>\n`;
  return `${clean.slice(0, end)}${snapshot === undefined ? '' : block(SNAPSHOT_ID, snapshot)}${block(EMBED_ID, payload)}${clean.slice(end)}`;
}

/** The snapshot a standalone workbench carries, parsed (checked by usableSnapshot before use); undefined if none. */
export function readEmbeddedSnapshot(doc: Document = document): unknown {
  const text = doc.getElementById(SNAPSHOT_ID)?.textContent;
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined; // a damaged snapshot is only a slower start
  }
}

/** Whether this page carries a workbook (a standalone workbench), without reading it. */
export function hasEmbedded(doc: Document = document): boolean {
  return !!doc.getElementById(EMBED_ID);
}

/** The embedded workbook's JSON, if this page carries one (still to be validated by the caller). */
export function readEmbedded(doc: Document = document): unknown | undefined {
  const text = doc.getElementById(EMBED_ID)?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`the workbook inside this file is damaged (${(e as Error).message}); ask for the file again`);
  }
}

/** What a standalone workbench carries: the workbook (with its data) and whether to open straight into slides. */
export interface StandalonePayload {
  /** Validated by the workbook import, like any workbook file. */
  workbook: Record<string, unknown>;
  open: 'workbook' | 'present';
}

const PAYLOAD = v.object({ workbook: v.looseObject({}), open: v.optional(v.picklist(['workbook', 'present']), 'workbook') });

/**
 * The embedded block as a payload, or an Error that says what is wrong: the block is the page's own text, which anyone
 * holding the file can edit, so nothing of it is used before it is checked (issue 17 item 8).
 */
export function parseStandalonePayload(x: unknown): StandalonePayload {
  const refuse = (what: string) => new Error(`its embedded block ${what}; ask for the file again`);
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw refuse(`is ${Array.isArray(x) ? 'an array' : x === null ? 'null' : `a ${typeof x}`}, not the block a standalone workbench writes`);
  }
  const result = v.safeParse(PAYLOAD, x);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
  const detail = issue.received === 'undefined' ? 'is missing' : `expected ${issue.expected ?? 'a valid value'}, got ${issue.received}`;
  throw refuse(`is damaged (${path}: ${detail})`);
}

/** The HTML without the embedded block, so that a standalone file's own copies do not nest workbooks. */
export function withoutEmbedded(html: string): string {
  return html.replace(BLOCK, '');
}
