import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { currentBuild, recordSingleFile, type BuildInfo } from './scripts/build-record';

/**
 * Two builds from one source (DESIGN.md §4):
 * - `vite build` → dist/, a static folder with relative asset URLs (any server, any sub-path);
 * - `vite build --mode single` → dist/soc-workbench.html, one file with everything inlined, for file://.
 * `npm run build` runs both, served first (it empties dist/).
 */
const SINGLE_MODE = 'single';
const SINGLE_OUT = 'dist-single';
const SINGLE_FILE = 'soc-workbench.html';

/** Content-Security-Policy per build: only what the app needs, no other origin. */
export const CSP = {
  served: [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // The engine's worker is a blob: that imports its file from 'self', so the page's policy covers it too.
    'worker-src blob:',
    "connect-src 'self' data: blob:",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  // From file:// the origin is null and 'self' means nothing useful: the code is inline, the worker a blob.
  single: [
    "default-src 'none'",
    "script-src 'unsafe-inline' 'wasm-unsafe-eval'",
    'worker-src blob:',
    'connect-src data: blob:',
    'img-src data: blob:',
    "style-src 'unsafe-inline'",
    'font-src data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
} as const;

/** A `virtual:<name>` module that is one source file in the served build and another in the single file. */
function virtualByBuild(name: string, single: boolean, [served, inline]: readonly [string, string]): Plugin {
  const target = resolve(import.meta.dirname, single ? inline : served);
  return { name: `soc:${name}`, enforce: 'pre', resolveId: (source) => (source === `virtual:${name}` ? target : null) };
}

/** `virtual:engine-bundle`: the engine's assets as files next to the app, or inlined into the one file. */
function engineBundle(single: boolean): Plugin {
  return virtualByBuild('engine-bundle', single, ['src/engine/bundle-files.ts', 'src/engine/bundle-inline.ts']);
}

/**
 * `virtual:sheet-worker`: how a workbook is read — in a worker whose script is a lazy chunk (served), or inlined
 * gzip-compressed into the one file (single). vitest.config.ts points it at sheet-worker-node.ts (no Worker in node).
 */
function sheetWorker(single: boolean): Plugin {
  return {
    ...virtualByBuild('sheet-worker', single, ['src/engine/spreadsheet/sheet-worker-files.ts', 'src/engine/spreadsheet/sheet-worker-inline.ts']),
    async load(moduleId) {
      const query = '?worker-code';
      if (!moduleId.endsWith(query)) return null;
      const file = moduleId.slice(0, -query.length);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(await bundleWorker(file))};`;
    },
  };
}

/**
 * A worker module and everything it imports as one classic script (IIFE), for a worker made from a Blob URL: the
 * only kind both CSPs allow (`worker-src blob:`) and the only kind that works from file://. Built with Vite's own
 * API, without this config (so no recursion), minified, every dynamic import inlined.
 */
async function bundleWorker(file: string): Promise<string> {
  const { build } = await import('vite');
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: file, formats: ['iife'], name: 'socSheetWorker', fileName: () => 'sheet-worker.js' },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
  const chunk = outputs[0]?.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error(`bundling the worker ${file} gave no script`);
  return chunk.code;
}

/**
 * `import id from 'file?embed-gzip'` (single file only): the file, gzipped (level 9) at build time, goes into the
 * page as base64 in a `<script type="application/octet-stream" id=…>` data block (never executed, so no CSP
 * question); the import gives the element's id. Kept out of the JS on purpose: the same 5.6 MB as a string literal
 * in the inline module cost ≈ 190 ms more of main-thread work before the first paint (measured, docs/offline.md).
 */
function embedGzip(): Plugin {
  const query = '?embed-gzip';
  const embeds = new Map<string, string>(); // element id → base64
  return {
    name: 'soc:embed-gzip',
    enforce: 'pre',
    async load(id) {
      // `?worker-gzip`: the same, for a worker module bundled into one script first (the spreadsheet reader).
      const workerQuery = '?worker-gzip';
      const isWorker = id.endsWith(workerQuery);
      if (!id.endsWith(query) && !isWorker) return null;
      const file = id.slice(0, -(isWorker ? workerQuery : query).length);
      this.addWatchFile(file);
      const bytes = isWorker ? Buffer.from(await bundleWorker(file), 'utf8') : readFileSync(file);
      const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
      const elementId = `embedded-${basename(file).replace(/[^A-Za-z0-9]+/g, '-')}`;
      embeds.set(elementId, gz.toString('base64'));
      return `export default ${JSON.stringify(elementId)};`;
    },
    transformIndexHtml: {
      order: 'post',
      handler: () =>
        [...embeds].map(([id, base64]) => ({
          tag: 'script',
          attrs: { type: 'application/octet-stream', id, 'data-encoding': 'gzip+base64' },
          children: base64,
          injectTo: 'body' as const,
        })),
    },
  };
}

/** Put the build's policy into index.html's CSP meta tag (index.html carries the served one). */
function csp(policy: string): Plugin {
  return {
    name: 'soc:csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const re = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/;
        if (!re.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag');
        return html.replace(re, (_, open: string, close: string) => open + policy + close);
      },
    },
  };
}

/**
 * After the single build: dist-single/ must hold the HTML and nothing else (anything more is an asset that was
 * not inlined, which would not load from file://); move it to dist/soc-workbench.html, with the inline app script
 * moved from <head> to the end of <body>: the browser then paints index.html's boot text before it has read the
 * 7 MB that follow (first paint ≈ 80 ms instead of ≈ 600 ms; a module script runs after parsing either way).
 */
function placeSingleFile(build: BuildInfo): Plugin {
  return {
    name: 'soc:place-single-file',
    apply: 'build',
    closeBundle() {
      const out = resolve(import.meta.dirname, SINGLE_OUT);
      const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      const extra = files.map((e) => join(e.parentPath, e.name)).filter((p) => p !== join(out, SINGLE_FILE));
      if (extra.length) throw new Error(`single-file build left files that were not inlined: ${extra.join(', ')}`);
      const dist = resolve(import.meta.dirname, 'dist');
      mkdirSync(dist, { recursive: true });
      writeFileSync(join(dist, SINGLE_FILE), appScriptLast(readFileSync(join(out, SINGLE_FILE), 'utf8')));
      rmSync(out, { recursive: true, force: true });
      // The hash of the exact bytes shipped, beside them (the file cannot hold its own hash; README "Publishing").
      const record = recordSingleFile(dist, SINGLE_FILE, build);
      console.log(`\n${SINGLE_FILE}: ${(record.bytes / 1e6).toFixed(2)} MB, build ${record.buildId}\nSHA-256 ${record.sha256}\n(written to dist/SHA256SUMS and dist/soc-workbench.build.json)\n`);
    },
  };
}

/** Move the one inline module script (the app) to the end of <body>. */
export function appScriptLast(html: string): string {
  const open = '<script type="module" crossorigin>';
  const start = html.indexOf(open);
  if (start < 0 || html.indexOf(open, start + 1) >= 0) throw new Error('single file: expected exactly one inline module script');
  // The plugin escapes "</script" inside inlined code, so the first one closes the app's script.
  const end = html.indexOf('</script>', start) + '</script>'.length;
  const script = html.slice(start, end).replace(open, '<script type="module">');
  const rest = html.slice(0, start) + html.slice(end);
  const body = rest.lastIndexOf('</body>');
  if (body < 0) throw new Error('single file: no </body>');
  return `${rest.slice(0, body)}${script}\n${rest.slice(body)}`;
}

export default defineConfig(({ mode }) => {
  const single = mode === SINGLE_MODE;
  const build = currentBuild(import.meta.dirname);
  return {
    // src/app/build-info.ts reads it: About shows which build this page is.
    define: { __SOC_BUILD__: JSON.stringify(build) },
    // Relative base: dist/ works from any static server at any sub-path.
    base: './',
    plugins: [
      svelte(),
      engineBundle(single),
      sheetWorker(single),
      embedGzip(),
      csp(single ? CSP.single : CSP.served),
      ...(single ? [viteSingleFile({ outputFileName: SINGLE_FILE }), placeSingleFile(build)] : []),
    ],
    build: {
      target: 'es2022',
      chunkSizeWarningLimit: single ? 100_000 : 4000,
      // Served: every asset a file of its own. Single: everything inline (samples become data: URLs).
      assetsInlineLimit: single ? () => true : 0,
      ...(single ? { outDir: SINGLE_OUT, emptyOutDir: true } : {}),
    },
    worker: { format: 'es' },
  };
});
