/** The machine a run measured, as the report states it. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Facts about the machine and the software versions of one run. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  duckdbNative: string;
  duckdbWasm: string;
  packages: Record<string, string>;
  /** 1-minute load average at the start and end: other work on this shared machine shows here. */
  loadAverage: { start: number; end: number };
}

/** What Node can tell about the machine; the browser and DuckDB versions are filled in by the run. */
export function describeMachine(): Omit<Machine, 'chromium' | 'duckdbNative' | 'duckdbWasm' | 'loadAverage'> {
  let distro = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) distro = `${pretty[1]} (${os.type()} ${os.release()})`;
  } catch {
    // not Linux: the kernel string will do
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: distro,
    node: process.version,
    packages: Object.fromEntries(
      ['@duckdb/duckdb-wasm', '@duckdb/node-api', 'apache-arrow', 'arquero', 'playwright-core'].map((p) => [p, packageVersion(p)]),
    ),
  };
}

/** Current 1-minute load average. */
export function loadAverage(): number {
  return os.loadavg()[0];
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
