import { describe, expect, it } from 'vitest';
import {
  engineOutcome,
  memoryOutcome,
  networkOutcome,
  pageAddress,
  readBackOutcome,
  selfTestReport,
  storageOutcome,
  summary,
  type CheckLine,
} from '../../src/app/self-test-report';

const probe = { indexedDB: true, opfs: false, persisted: false, quotaBytes: 10 * 2 ** 30, fromFile: true };
const GB = 2 ** 30;

describe('self-test outcomes', () => {
  it('the engine passes only on 42', () => {
    expect(engineOutcome(42, 'v0.9.1', 3.4)).toEqual({ status: 'pass', text: 'Passed: DuckDB v0.9.1 answered a query in 3 ms.' });
    expect(engineOutcome('42', 'v0.9.1', 3)).toEqual({ status: 'fail', text: 'Failed: the engine answered "42" to "SELECT 42".' });
  });

  it('a read-back passes only with the rows and the sum written', () => {
    const want = { rows: 100_000, sum: 5_000_050_000 };
    expect(readBackOutcome('Parquet', want, want, 41)).toEqual({
      status: 'pass',
      text: 'Passed: a Parquet file written in memory was read back: 100,000 rows, sum 5,000,050,000, as written (41 ms).',
    });
    expect(readBackOutcome('CSV', { rows: 99_999, sum: 4_999_950_000 }, want, 41)).toEqual({
      status: 'fail',
      text: 'Failed: a CSV file written in memory was read back as 99,999 rows, sum 4,999,950,000; it held 100,000 rows, sum 5,000,050,000.',
    });
    expect(readBackOutcome('CSV', { rows: 100_000, sum: 1 }, want, 1).status).toBe('fail');
  });

  it('storage fails only without IndexedDB, and says whether it is kept and how much', () => {
    expect(storageOutcome(probe)).toEqual({
      status: 'pass',
      text: 'Passed: IndexedDB available, not persistent (the browser may clear it when space runs low), quota 10 GB; opened from a file, so shared by every local page in this browser profile.',
    });
    expect(storageOutcome({ ...probe, persisted: true, fromFile: false, quotaBytes: null }).text).toBe(
      'Passed: IndexedDB available, persistent (the browser will not clear it), quota unknown.',
    );
    expect(storageOutcome({ ...probe, indexedDB: false }).status).toBe('fail');
  });

  it('memory passes from 512 MB and says when the probe stopped at its bound', () => {
    expect(memoryOutcome(2 * GB, 2 * GB).text).toBe('Passed: the engine could take at least 2.0 GB (the probe stops there) of memory.');
    expect(memoryOutcome(768 * 2 ** 20, 2 * GB).text).toBe('Passed: the engine could take 768 MB of memory.');
    expect(memoryOutcome(256 * 2 ** 20, 2 * GB)).toEqual({
      status: 'fail',
      text: 'Failed: only 256 MB of memory could be reserved for the engine; it needs 512 MB. Close other tabs and run the test again.',
    });
  });

  it('the network passes at 0 and names what was attempted otherwise', () => {
    expect(networkOutcome([])).toEqual({ status: 'pass', text: 'Passed: network requests attempted this session: 0.' });
    const attempts = [
      { url: 'https://a.example/x.png', how: 'blocked' as const, by: 'img-src' },
      { url: 'https://b.example/y.js', how: 'made' as const, by: 'script' },
    ];
    expect(networkOutcome(attempts)).toEqual({
      status: 'fail',
      text: 'Failed: network requests attempted this session: 2 — https://a.example/x.png (blocked by img-src); https://b.example/y.js (made, script).',
    });
    const many = Array.from({ length: 7 }, (_, i) => ({ url: `https://a.example/${i}`, how: 'made' as const, by: 'img' }));
    expect(networkOutcome(many).text).toMatch(/: 7 — .*\/4 \(made, img\), and 2 more\.$/);
  });
});

describe('selfTestReport', () => {
  const lines: CheckLine[] = [
    { id: 'engine', label: 'Query engine', status: 'pass', text: 'Passed: DuckDB v0.9.1 answered a query in 3 ms.' },
    { id: 'network', label: 'Network', status: 'fail', text: 'Failed: network requests attempted this session: 1 — https://a.example/x.png (blocked by img-src).' },
  ];
  const about = {
    version: '0.1.0',
    buildId: '3178f4b-20261205T130127Z',
    buildDate: '2026-12-05T13:01:27.000Z',
    duckdbWasm: '1.28.0',
    duckdb: 'v0.9.1',
    csp: "default-src 'none'; connect-src data: blob:",
    page: 'file:///C:/Users/a/soc-workbench.html',
    sha256: null,
  };

  it('is plain text with the build, how to check the hash, the policy and every line in words', () => {
    expect(selfTestReport(about, lines, new Date('2026-12-05T14:00:00Z'), 2345)).toBe(
      [
        'SOC Workbench — About and self-test',
        '',
        'Version:        0.1.0',
        'Build id:       3178f4b-20261205T130127Z',
        'Build date:     2026-12-05T13:01:27.000Z',
        'DuckDB-WASM:    1.28.0',
        'DuckDB:         v0.9.1',
        'Page:           file:///C:/Users/a/soc-workbench.html',
        'SHA-256:        not inside the file (a file cannot hold its own hash): compare with SHA256SUMS published for build 3178f4b-20261205T130127Z',
        '                Windows: certutil -hashfile soc-workbench.html SHA256',
        '                Linux/macOS: sha256sum soc-workbench.html',
        "Content-Security-Policy: default-src 'none'; connect-src data: blob:",
        '',
        'Self-test run 2026-12-05T14:00:00.000Z in 2.3 s: 1 of 2 checks failed: Network.',
        '[PASS] Query engine: Passed: DuckDB v0.9.1 answered a query in 3 ms.',
        '[FAIL] Network: Failed: network requests attempted this session: 1 — https://a.example/x.png (blocked by img-src).',
        '',
      ].join('\n'),
    );
  });

  it('gives the published hash when the page could read it, and says when the test has not run', () => {
    const text = selfTestReport({ ...about, sha256: 'ab'.repeat(32) }, [], null, null);
    expect(text).toContain(`SHA-256:        ${'ab'.repeat(32)}\n`);
    expect(text).toContain('\nSelf-test: not run.\n');
  });

  it('summarises', () => {
    expect(summary([lines[0]])).toBe('All 1 checks passed.');
    expect(summary([lines[0], { ...lines[1], status: 'running' }])).toBe('Running: 1 of 2 checks done.');
    expect(pageAddress('http://h/app/#view=abc')).toBe('http://h/app/');
  });
});
