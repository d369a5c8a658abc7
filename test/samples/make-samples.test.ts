import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { matchForce, parsePeriod } from '../../src/domain';
import { makeSamples } from '../../scripts/make-samples';

const committed = fileURLToPath(new URL('../../samples', import.meta.url));
let fresh: string;
let written: string[];

beforeAll(async () => {
  fresh = mkdtempSync(join(tmpdir(), 'soc-samples-'));
  written = await makeSamples(fresh);
}, 60_000);

afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe('make-samples', () => {
  test('writes exactly the committed synthetic files', () => {
    const onDisk = readdirSync(committed).filter((name) => name.includes('synthetic'));
    expect([...written].sort()).toEqual(onDisk.sort());
  });

  // DuckDB 1.5.6's Parquet writer (threads=1) gave identical bytes run to run, so the Parquet file is compared
  // like the CSVs. A new @duckdb/node-api may change them: rerun `npm run samples` and review the diff.
  test.each(['disruptions_synthetic.csv', 'outcomes_synthetic.csv', 'force_population_synthetic.csv',
    'hmicfrs_gradings_synthetic.csv', 'messy_export_synthetic.csv', 'disruptions_synthetic.parquet'])(
    '%s is byte-for-byte the committed file (run `npm run samples` after changing the generator)', (name) => {
      expect(readFileSync(join(fresh, name)).equals(readFileSync(join(committed, name)))).toBe(true);
    },
  );

  test('the samples stay small', () => {
    const total = readdirSync(committed).reduce((sum, name) => sum + readFileSync(join(committed, name)).length, 0);
    expect(total).toBeLessThan(3_000_000);
  });
});

describe('messy export', () => {
  const bytes = () => readFileSync(join(committed, 'messy_export_synthetic.csv'));

  test('is Windows-1252 with CRLF line endings, not UTF-8', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes())).toThrow();
    expect(bytes().includes(Buffer.from([0xa3]))).toBe(true); // £
    const text = new TextDecoder('windows-1252').decode(bytes());
    expect(text).toContain('Opération Café');
    expect(text).toContain('"£1,');
    expect(text.split('\r\n').length).toBe(text.split('\n').length);
  });

  test('title and blank rows above the header, footnotes below, aliases and mixed years in between', () => {
    const lines = new TextDecoder('windows-1252').decode(bytes()).split('\r\n');
    expect(lines[1]).toBe(',,,,,');
    expect(lines[2]).toBe('Force,Financial year,Disruptions,Cash seized (£),Change on previous year,Notes');
    const data = lines.slice(3, lines.indexOf(',,,,,', 3)).map((l) => l.split(',')[0]);
    expect(data.filter((name) => !matchForce(name))).toEqual(['Total England and Wales', 'Total England and Wales']);
    for (const alias of ['Met', 'Devon & Cornwall', 'Hampshire Constabulary', 'Dyfed Powys']) expect(data).toContain(alias);
    const years = new Set(lines.slice(3).map((l) => l.split(',')[1]).filter((y) => parsePeriod(y ?? '')));
    expect([...years].sort()).toEqual(['2022-23', '2022/23', '2023/24', 'FY 2023/24']);
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-3)).toBe('* provisional,,,,,');
  });
});

describe('clean samples', () => {
  const rows = (name: string) => readFileSync(join(committed, name), 'utf8').trimEnd().split('\n').map((l) => l.split(','));

  test.each([
    ['disruptions_synthetic.csv', 43 * 5 * 12 * 3],
    ['outcomes_synthetic.csv', 43 * 5],
    ['force_population_synthetic.csv', 43 * 5],
    ['hmicfrs_gradings_synthetic.csv', 43 * 2 * 5],
  ])('%s has %i rows, each naming a canonical force', (name, count) => {
    const [, ...body] = rows(name);
    expect(body).toHaveLength(count);
    for (const [force] of body) expect(matchForce(force)?.name).toBe(force);
  });
});
