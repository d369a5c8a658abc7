/**
 * The single file from file:// (issue 5): cold starts in new contexts with every request but file:, data: and blob:
 * aborted and counted; the file's size raw and gzipped, and the wasm's share; memory after start-up; and, to show
 * where the engine's start goes, the wasm's own steps (base64 → bytes, gunzip, compile) redone alone on the page.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { BenchBrowser, type MemorySample } from './browser';
import { SINGLE_FILE } from './build';
import type { BenchContext } from './context';
import * as inPage from './in-page';
import { recordStarts } from './phase-browser';
import { median, repeat } from './stats';

/** What the report says about the single file. */
export interface SingleFileFact {
  path: string;
  bytes: number;
  gzipBytes: number;
  /** The embedded wasm: base64 of gzip −9 in a data block. */
  wasmBlockBytes: number;
  /** The other inline data blocks and scripts: everything but the wasm. */
  otherBytes: number;
  /** Requests aborted during the file:// starts (must be 0). */
  blockedRequests: number;
  memory: MemorySample | null;
  /** The engine's start redone step by step on the page (one run, warm process). */
  steps: { base64Ms: number; gunzipMs: number; compileMs: number; wasmBytes: number } | null;
}

export async function runFileStart(ctx: BenchContext): Promise<void> {
  const path = resolve(ctx.appDir, SINGLE_FILE);
  const html = readFileSync(path, 'utf8');
  const bytes = statSync(path).size;
  const gzipBytes = gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }).length;
  const m = /<script type="application\/octet-stream" id="embedded-duckdb-eh-wasm"[^>]*>([^<]*)<\/script>/.exec(html);
  const wasmBase64 = m?.[1].trim() ?? '';
  if (!wasmBase64) ctx.problem('single file: no embedded wasm block (#embedded-duckdb-eh-wasm) found');
  const fact: SingleFileFact = {
    path: `${ctx.appDir}/${SINGLE_FILE}`,
    bytes,
    gzipBytes,
    wasmBlockBytes: Buffer.byteLength(wasmBase64),
    otherBytes: bytes - Buffer.byteLength(wasmBase64),
    blockedRequests: 0,
    memory: null,
    steps: null,
  };
  ctx.facts.singleFile = fact;
  ctx.log(`single file ${(bytes / 1e6).toFixed(2)} MB (gzip −9 ${(gzipBytes / 1e6).toFixed(2)} MB), wasm block ${(fact.wasmBlockBytes / 1e6).toFixed(2)} MB`);

  const browser: BenchBrowser = await ctx.browser();
  const url = pathToFileURL(path).href;
  const blockedBefore = browser.blocked.length;
  ctx.log('cold start from file:// (new context per run)');
  const runs = ctx.runs.fast;
  const starts = await repeat(runs, (i) =>
    browser.coldStart(url, async (page) => {
      // After the last start: memory, then the wasm's steps alone (the engine is idle by now).
      if (i !== runs - 1) return;
      fact.memory = await BenchBrowser.memoryOf(page);
      if (wasmBase64) fact.steps = await page.evaluate(inPage.wasmSteps, wasmBase64);
    }),
  );
  fact.blockedRequests = browser.blocked.length - blockedBefore;
  if (fact.blockedRequests > 0) ctx.problem(`file:// start made ${fact.blockedRequests} request(s) off file:/data:/blob: (aborted): ${browser.blocked.slice(blockedBefore).join(', ')}`);
  recordStarts(ctx, 'start.file-', starts);
  ctx.log(`  first chart median ${median(starts.map((s) => s.firstChart)).toFixed(0)} ms, live chart ${median(starts.map((s) => s.liveChart)).toFixed(0)} ms; steps ${JSON.stringify(fact.steps)}`);
}
