/** Makes the About and self-test state for the page: the real engine, the browser, the page's own policy. */
import { DUCKDB_WASM_VERSION, type Engine } from '../engine';
import type { NetworkWatch } from './network-watch';
import { SelfTest } from './self-test.svelte';
import { MEMORY_BOUND, probeWasmMemory, selfTestChecks } from './self-test-checks';
import { probeStorage } from './storage-status';

/** The record the build writes beside the single file (scripts/build-record.ts). */
const RECORD = 'soc-workbench.build.json';

/** About and self-test for this page. */
export function aboutAndSelfTest(engine: Engine, network: NetworkWatch): SelfTest {
  const checks = selfTestChecks({
    query: async (sql) => (await engine.query(sql)).table,
    duckdb: () => engine.version,
    storage: () => probeStorage(),
    network: () => network.attempts(),
    memory: (bound) => probeWasmMemory(Math.min(bound, MEMORY_BOUND)),
  });
  return new SelfTest(checks, {
    duckdbWasm: DUCKDB_WASM_VERSION,
    duckdb: () => engine.version,
    csp: () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    href: () => location.href,
    publishedHash,
    writeClipboard: (text) => navigator.clipboard.writeText(text),
  });
}

/** Served: the record beside the page (same origin), when it is this build's. From file:// there is nothing to read. */
async function publishedHash(buildId: string): Promise<string | null> {
  if (!location.protocol.startsWith('http')) return null;
  const res = await fetch(new URL(RECORD, location.href), { cache: 'no-store' });
  if (!res.ok) return null;
  const record = (await res.json()) as { buildId?: unknown; sha256?: unknown };
  return record.buildId === buildId && typeof record.sha256 === 'string' ? record.sha256 : null;
}
