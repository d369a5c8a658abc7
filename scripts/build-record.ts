/**
 * What a build says about itself, and the record of the single file it made. The single file cannot carry its own
 * SHA-256 (writing the hash in would change it), so the page carries its build id and the build writes, beside the
 * file, `SHA256SUMS` (the format `sha256sum -c` reads) and `soc-workbench.build.json` (the hash for that build id).
 */
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Which build this is: the page shows it in About, the record beside the file gives its hash. */
export interface BuildInfo {
  version: string;
  /** `<commit>[-dirty]-<UTC time>`, e.g. `3178f4b-20261205T130127Z`. */
  buildId: string;
  /** ISO 8601, UTC. */
  buildDate: string;
  duckdbWasm: string;
}

/** The record written beside the single file: what IT compares the published file against. */
export interface BuildRecord extends BuildInfo {
  file: string;
  bytes: number;
  sha256: string;
}

/** `<commit>[-dirty]-<yyyymmddThhmmssZ>`; `nogit` outside a git checkout. */
export function makeBuildId(date: Date, commit: string | null, dirty: boolean): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${commit ?? 'nogit'}${dirty ? '-dirty' : ''}-${stamp}`;
}

/** The build's id and date: from SOC_BUILD_ID/SOC_BUILD_DATE (scripts/build.js sets them so both builds agree), else now. */
export function currentBuild(root: string, env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const date = env.SOC_BUILD_DATE ? new Date(env.SOC_BUILD_DATE) : new Date();
  if (Number.isNaN(date.getTime())) throw new Error(`SOC_BUILD_DATE is not a date: ${env.SOC_BUILD_DATE}`);
  let buildId = env.SOC_BUILD_ID;
  if (!buildId) {
    const git = (cmd: string) => execSync(`git ${cmd}`, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    let commit: string | null = null;
    let dirty = false;
    try {
      commit = git('rev-parse --short HEAD');
      dirty = git('status --porcelain --untracked-files=no') !== '';
    } catch {
      commit = null;
    }
    buildId = makeBuildId(date, commit, dirty);
  }
  return { version: pkg.version, buildId, buildDate: date.toISOString(), duckdbWasm: pkg.dependencies['@duckdb/duckdb-wasm'] };
}

/** Hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One line of SHA256SUMS, as `sha256sum` prints it (two spaces: text mode), so `sha256sum -c SHA256SUMS` checks it. */
export function sumsLine(sha256: string, file: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 in hex: ${sha256}`);
  if (/[\n\\]/.test(file)) throw new Error(`a file name sha256sum would escape: ${JSON.stringify(file)}`);
  return `${sha256}  ${file}\n`;
}

/** Hash `dir/file` and write `dir/SHA256SUMS` and `dir/<name>.build.json`; returns the record. */
export function recordSingleFile(dir: string, file: string, build: BuildInfo): BuildRecord {
  const bytes = readFileSync(join(dir, file));
  const record: BuildRecord = { ...build, file, bytes: bytes.length, sha256: sha256Hex(bytes) };
  writeFileSync(join(dir, 'SHA256SUMS'), sumsLine(record.sha256, file));
  writeFileSync(join(dir, recordName(file)), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** `soc-workbench.html` → `soc-workbench.build.json`. */
export function recordName(file: string): string {
  return `${file.replace(/\.html$/, '')}.build.json`;
}
