/**
 * The hash the build publishes is the hash of the exact bytes shipped: recordSingleFile against the system's
 * `sha256sum` on a file of our own, then dist/SHA256SUMS (`npm run build` runs before this in `npm test`) checked
 * by `sha256sum -c`, and the page itself not holding its hash but holding its build id.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBuildId, recordName, recordSingleFile, sumsLine, type BuildRecord } from '../../scripts/build-record';

const build = { version: '9.9.9', buildId: 'abc1234-20260101T000000Z', buildDate: '2026-01-01T00:00:00.000Z', duckdbWasm: '1.28.0' };

describe('recordSingleFile', () => {
  it('writes the hash sha256sum gives, in a SHA256SUMS that sha256sum -c accepts, and a record for the build id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc-hash-'));
    writeFileSync(join(dir, 'soc-workbench.html'), `<!doctype html><p>${'é'.repeat(10_000)}</p>\n`);
    const record = recordSingleFile(dir, 'soc-workbench.html', build);
    const system = execFileSync('sha256sum', ['soc-workbench.html'], { cwd: dir, encoding: 'utf8' });
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(system);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toBe('soc-workbench.html: OK\n');
    const saved = JSON.parse(readFileSync(join(dir, 'soc-workbench.build.json'), 'utf8')) as BuildRecord;
    expect(saved).toEqual({ ...build, file: 'soc-workbench.html', bytes: 20_023, sha256: system.slice(0, 64) });
    expect(record).toEqual(saved);
  });

  it('refuses what is not a hash, and a name sha256sum would escape', () => {
    expect(() => sumsLine('abc', 'x.html')).toThrow('not a SHA-256 in hex: abc');
    expect(() => sumsLine('0'.repeat(64), 'a\nb.html')).toThrow('a file name sha256sum would escape');
  });

  it('names builds by commit and UTC time', () => {
    expect(makeBuildId(new Date('2026-12-05T13:01:27.123Z'), '3178f4b', false)).toBe('3178f4b-20261205T130127Z');
    expect(makeBuildId(new Date('2026-12-05T13:01:27Z'), '3178f4b', true)).toBe('3178f4b-dirty-20261205T130127Z');
    expect(makeBuildId(new Date('2026-12-05T13:01:27Z'), null, false)).toBe('nogit-20261205T130127Z');
    expect(recordName('soc-workbench.html')).toBe('soc-workbench.build.json');
  });
});

describe('dist/ as built', () => {
  const dist = 'dist';
  it('publishes the hash of the single file as shipped, which the file does not contain, and the build id, which it does', () => {
    if (!existsSync(join(dist, 'SHA256SUMS'))) throw new Error('dist/SHA256SUMS is missing: run `npm run build` first (`npm test` does)');
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dist, encoding: 'utf8' })).toBe('soc-workbench.html: OK\n');
    const record = JSON.parse(readFileSync(join(dist, 'soc-workbench.build.json'), 'utf8')) as BuildRecord;
    const html = readFileSync(join(dist, 'soc-workbench.html'), 'utf8');
    expect(readFileSync(join(dist, 'SHA256SUMS'), 'utf8').slice(0, 64)).toBe(record.sha256);
    expect(html.includes(record.sha256)).toBe(false);
    expect(html).toContain(record.buildId);
  });
});
