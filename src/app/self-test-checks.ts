/**
 * The self-test's measurements: each check asks the engine or the browser, then self-test-report.ts judges. Every
 * check is bounded in time (the whole test takes a few seconds) and leaves nothing the user can see: the engine
 * writes two small files into its own memory, never tables. Each run names its files afresh: DuckDB-WASM 1.28.0
 * cannot COPY over a file it wrote before ("File is not opened in write mode", then the file stays locked), and
 * SQL cannot remove one, so each run leaves about 200 kB in the engine's memory.
 */
import type { Table } from 'apache-arrow';
import { plainRows } from '../arrow';
import { str } from '../query';
import type { NetworkAttempt } from './network-count';
import { engineOutcome, memoryOutcome, networkOutcome, readBackOutcome, storageOutcome, type Outcome } from './self-test-report';
import type { StorageProbe } from './storage-status';

/** What the checks need from the engine and the browser; injected, so each can be stood in for. */
export interface SelfTestDeps {
  query(sql: string): Promise<Table>;
  /** DuckDB's version once the engine has started. */
  duckdb(): string;
  storage(): Promise<StorageProbe>;
  network(): NetworkAttempt[];
  /** Bytes of WebAssembly memory the tab could reserve, up to `bound`. */
  memory(bound: number): number;
}

/** One check: a label and how to run it. */
export interface Check {
  id: string;
  label: string;
  run(): Promise<Outcome>;
}

/** Rows written by the read-back checks: their sum is n(n+1)/2, worked out here, not by the engine. */
const ROWS = 10_000;
/** The memory probe stops at this: enough to say the engine can work, without holding more of the machine. */
export const MEMORY_BOUND = 2 * 2 ** 30;
const EXPECTED = { rows: ROWS, sum: (ROWS * (ROWS + 1)) / 2 };

/** The self-test's checks, in the order the panel lists them. */
export function selfTestChecks(deps: SelfTestDeps): Check[] {
  const first = async (sql: string) => plainRows(await deps.query(sql))[0] ?? {};
  const readBack = (format: 'CSV' | 'Parquet', options: string, reader: string): Check => ({
    id: format.toLowerCase(),
    label: `${format} written and read back`,
    async run() {
      const t0 = performance.now();
      const file = `soc-selftest-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${format.toLowerCase()}`;
      await deps.query(`COPY (SELECT n, n / 4 AS quarter, 'row ' || n AS label FROM range(1, ${ROWS + 1}) t(n)) TO ${str(file)} (${options})`);
      const row = await first(`SELECT count(*)::INTEGER AS rows, sum(n)::DOUBLE AS total FROM ${reader}(${str(file)})`);
      return readBackOutcome(format, { rows: Number(row.rows), sum: Number(row.total) }, EXPECTED, performance.now() - t0);
    },
  });
  return [
    {
      id: 'engine',
      label: 'Query engine',
      async run() {
        const t0 = performance.now();
        const row = await first('SELECT 42 AS answer');
        return engineOutcome(row.answer, deps.duckdb(), performance.now() - t0);
      },
    },
    readBack('CSV', 'FORMAT CSV, HEADER', 'read_csv_auto'),
    readBack('Parquet', 'FORMAT PARQUET', 'read_parquet'),
    { id: 'storage', label: 'Storage', run: async () => storageOutcome(await deps.storage()) },
    { id: 'memory', label: 'Memory', run: async () => memoryOutcome(deps.memory(MEMORY_BOUND), MEMORY_BOUND) },
    { id: 'network', label: 'Network', run: async () => networkOutcome(deps.network()) },
  ];
}

const WASM_PAGE = 65_536;

/**
 * The largest WebAssembly memory this tab can reserve, up to `bound`, grown 256 MB at a time and let go at once.
 * The pages are never written, so the machine does not give them real memory; the reservation is what the engine's
 * own WebAssembly memory needs to grow.
 */
export function probeWasmMemory(bound: number, step = 256 * 2 ** 20): number {
  const maxPages = Math.floor(bound / WASM_PAGE);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: maxPages });
  } catch {
    return 0;
  }
  const stepPages = Math.floor(step / WASM_PAGE);
  let pages = 1;
  while (pages < maxPages) {
    const grow = Math.min(stepPages, maxPages - pages);
    try {
      memory.grow(grow);
    } catch {
      break;
    }
    pages += grow;
  }
  return pages * WASM_PAGE;
}
