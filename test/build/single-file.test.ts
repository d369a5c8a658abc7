/**
 * The single file as built (`npm run build` runs before this in `npm test`):
 * under the size goal, self-contained (no URL it could load at run time), with
 * the single-file CSP, the boot text before the app's code, and the embedded
 * wasm exactly the package's. And the served build carries none of it.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { CSP } from '../../vite.config';

const SINGLE = 'dist/soc-workbench.html';
const MAX_BYTES = 8_000_000; // the goal: 8 MB

function singleFile(): string {
  if (!existsSync(SINGLE)) throw new Error(`${SINGLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
  return readFileSync(SINGLE, 'utf8');
}

/**
 * Every http(s):// text in the single file that is not a URL the app loads, and why. Anything not matched here
 * fails the test. (duckdb-wasm's `getJsDelivrBundles`, which names a CDN, is never imported, so the bundler
 * drops it and its URL is not in the file; were it to appear, it must be added here with a reason, not silently.)
 */
const TEXT_ONLY: { pattern: RegExp; why: string }[] = [
  { pattern: /^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xhtml|1998\/Math\/MathML|1999\/xlink|XML\/1998\/namespace|2000\/xmlns\/)$/, why: 'XML namespace names (createElementNS), never fetched' },
  { pattern: /^https:\/\/svelte\.dev\/e\/[a-z_]+$/, why: 'Svelte error codes: text inside error messages' },
  { pattern: /^https:\/\/github\.com\/duckdb\/duckdb-wasm(\.git)?$/, why: 'duckdb-wasm package.json "repository" field, bundled for its version string' },
  { pattern: /^https:\/\/github\.com\/emn178\/js-sha256$/, why: 'licence comment in the DuckDB worker' },
  // The worker builds S3 addresses ("https://" + bucket + host) only for s3:// paths in the user's own SQL; the
  // CSP refuses the request (connect-src has no http(s) source; test/browser/offline.test.ts checks this).
  { pattern: /^https:\/\/$/, why: 'S3 URL prefix in the DuckDB worker, used only for s3:// paths a user types, refused by the CSP' },
  // The spreadsheet reader (SheetJS, @e965/xlsx) matches and writes workbook XML by these names; none is fetched.
  {
    pattern: /^http:\/\/(schemas\.openxmlformats\.org|schemas\.microsoft\.com|sheetjs\.openxmlformats\.org|purl\.oclc\.org\/ooxml|purl\.org\/dc|docs\.oasis-open\.org\/ns|openoffice\.org)\/\S*$/,
    why: 'OOXML, ODF and Dublin Core namespace and relationship-type names in the spreadsheet reader, compared as text',
  },
  {
    pattern: /^http:\/\/www\.w3\.org\/(1999\/02\/22-rdf-syntax-ns#|2001\/XMLSchema(-instance)?|2001\/xml-events|2002\/xforms|2003\/g\/data-view#|TR\/REC-html40|TR\/css3-text\/)$/,
    why: 'W3C namespace names the spreadsheet reader matches in workbook XML',
  },
  { pattern: /^http:\/\/macVmlSchemaUri$/, why: 'a placeholder namespace name in the spreadsheet reader' },
  { pattern: /^https:\/\/sheetjs\.com\/$/, why: "the spreadsheet reader's own address, in text it writes into workbook metadata" },
];

describe('dist/soc-workbench.html', () => {
  it(`is under ${MAX_BYTES / 1e6} MB`, () => {
    const bytes = Buffer.byteLength(singleFile());
    console.info(`single file: ${(bytes / 1e6).toFixed(2)} MB`);
    expect(bytes).toBeLessThan(MAX_BYTES);
  });

  it('contains no http:// or https:// URL the app could load at run time', () => {
    // The spreadsheet worker's script is in the page gzip-compressed: scanned as text too, so nothing hides there.
    const m = singleFile().match(/<script type="application\/octet-stream" id="embedded-sheets-worker-ts" data-encoding="gzip\+base64">([A-Za-z0-9+/=]+)<\/script>/);
    expect(m, 'the spreadsheet worker data block').not.toBeNull();
    const worker = gunzipSync(Buffer.from(m![1], 'base64')).toString('utf8');
    const found = [...`${singleFile()}\n${worker}`.matchAll(/https?:\/\/[^\s"'`<>()\\{}]*/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
    expect(found.length).toBeGreaterThan(0); // the scan works
    const unexplained = [...new Set(found)].filter((u) => !TEXT_ONLY.some((t) => t.pattern.test(u)));
    expect(unexplained).toEqual([]);
  });

  it('references no other file: every script, style and asset is inline', () => {
    const html = singleFile();
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*rel="?(stylesheet|modulepreload|preload)/i);
    expect(html).not.toMatch(/\.\/assets\//);
    // The only link is the empty favicon, which stops the browser asking for /favicon.ico.
    expect(html.match(/<link[^>]*>/gi)).toEqual(['<link rel="icon" href="data:," />']);
    // The samples are inside, as data: URLs.
    expect(html).toMatch(/data:text\/csv;base64,/);
  });

  it('carries the single-file Content-Security-Policy', () => {
    const metas = singleFile().match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g) ?? [];
    expect(metas).toEqual([`<meta http-equiv="Content-Security-Policy" content="${CSP.single}"`]);
    for (const directive of ['connect-src', 'script-src', 'worker-src', 'default-src']) {
      const sources = CSP.single.split('; ').find((d) => d.startsWith(directive + ' '))!;
      expect(sources, directive).not.toMatch(/https?:|\*|'unsafe-eval'|'self'/);
    }
  });

  it('puts index.html’s boot text before the app’s code, and the code last, so the first paint shows it', () => {
    const html = singleFile();
    const boot = html.indexOf('class="boot"');
    const data = html.indexOf('<script type="application/octet-stream"');
    const app = html.indexOf('<script type="module">');
    expect(boot).toBeGreaterThan(0);
    expect(boot).toBeLessThan(data);
    expect(data).toBeLessThan(app);
    expect(html.slice(app).match(/<\/script>/g)).toHaveLength(1); // one inline module, then only </body></html>
    expect(html.slice(html.indexOf('</script>', app))).toMatch(/^<\/script>\s*<\/body>\s*<\/html>\s*$/);
  });

  it('embeds exactly the package’s duckdb-eh.wasm, gzip-compressed', () => {
    const m = singleFile().match(/<script type="application\/octet-stream" id="embedded-duckdb-eh-wasm" data-encoding="gzip\+base64">([A-Za-z0-9+/=]+)<\/script>/);
    expect(m, 'the wasm data block').not.toBeNull();
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
    const gz = Buffer.from(m![1], 'base64');
    console.info(`wasm: ${(wasm.length / 1e6).toFixed(1)} MB raw, ${(gz.length / 1e6).toFixed(2)} MB gzip, ${(m![1].length / 1e6).toFixed(2)} MB as base64`);
    expect(gunzipSync(gz).equals(wasm)).toBe(true);
  });
});

describe('dist/ (the served folder)', () => {
  it('carries the served CSP and none of the single file’s inlined engine', () => {
    const index = readFileSync('dist/index.html', 'utf8');
    expect(index).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP.served}"`);
    expect(index).not.toMatch(/application\/octet-stream/);
    const js = readdirSync('dist/assets').filter((f) => f.endsWith('.js') && !f.includes('duckdb'));
    expect(js.length).toBeGreaterThan(0);
    for (const f of js) {
      const code = readFileSync(`dist/assets/${f}`, 'utf8');
      expect(code, f).not.toContain('embedded:duckdb-eh.wasm');
      expect(code.length, f).toBeLessThan(3_000_000); // no multi-megabyte blob
    }
    expect(readdirSync('dist/assets').some((f) => /^duckdb-eh-.*\.wasm$/.test(f))).toBe(true);
  });
});
