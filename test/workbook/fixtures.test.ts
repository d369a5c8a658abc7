import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, WorkbookError, parseWorkbookFile } from '../../src/workbook';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/workbooks/${name}.workbook.json`, import.meta.url)));

/** Each malformed or hostile fixture, the path its error names ('' for the whole file) and words of the message. */
const CASES: [name: string, path: string, says: RegExp][] = [
  ['empty', '', /the file is empty — choose/],
  ['not-json', '', /not valid JSON .* — choose the \.workbook\.json file/],
  ['truncated', '', /ends early \(after 700 characters\).* — it was probably cut short/],
  ['not-utf8', '', /not UTF-8 text/],
  ['array', '', /a workbook is a JSON object, this is an array/],
  ['wrong-format', 'format', /expected "soc-workbench-workbook", got "tableau-workbook" — this is not a SOC Workbench workbook/],
  ['newer-version', 'version', /7 is newer than this workbench reads \(3\) — open it in a newer version/],
  ['unknown-field', 'macros', /is not a field of a workbook/],
  ['bad-spec', 'views[0].spec.measure.aggregate', /expected .*"sum".*, got "median" — fix or delete this view/],
  ['duplicate-view-id', 'views[1].id', /"v1" is used by an earlier view/],
  ['unknown-mapping-target', 'valueMappings[1].to', /"atlantis" is not the id of a threat this workbench knows — delete this mapping/],
  ['v1-unknown-mapping-target', 'valueMappings[0].to', /"Atlantis Constabulary" is not a force, region or threat type this workbench knows/],
  ['duplicate-role-correction', 'roleCorrections[3]', /corrects "level" of disruptions_synthetic\.csv a second time/],
  ['embedded-truncated', 'data[0].base64', /has 1006 characters, expected 12404 for 9301 bytes — the embedded data are cut short/],
  ['embedded-unknown-table', 'data[0].table', /"secrets" is not one of the workbook's sources/],
  ['script-in-title', 'title', /contains markup \("<script>__pw.*\) — titles and names are plain text: remove the tag/],
  ['script-in-view-name', 'views[1].name', /contains markup \("<img src=x o/],
  ['script-in-chart-title', 'views[0].spec.chart.title', /contains markup \("<svg onload/],
  ['sql-in-source-table', 'sources[0].table', /is not a table name \(it contains "\\""\) — table names are letters, digits/],
  ['sql-in-spec-table', 'views[0].spec.table', /is not a table name \(it contains "'"\)/],
  ['path-in-file-name', 'sources[1].file', /"..\/..\/..\/etc\/passwd" is a path, not a file name/],
  ['bidi-override-in-title', 'title', /contains the control character U\+202E at position 9 — remove it/],
  ['proto-pollution', '__proto__', /the key "__proto__" is not allowed — the file has been tampered with/],
  ['constructor-in-spec', 'views[0].spec.constructor', /the key "constructor" is not allowed/],
  ['script-in-query-name', 'queries[0].name', /contains markup \("<img src=x o/],
  ['duplicate-query-id', 'queries[1].id', /"q1" is used by an earlier query/],
  ['long-query-sql', 'queries[0].sql', /is 100009 characters long, more than the 100000 allowed — split it into several saved queries/],
  ['long-title', 'title', /is 300 characters long, more than the 200 allowed — shorten it/],
  ['huge-string', 'views[0].spec.filters[0].values[0]', /is 100000 characters long, more than the 2000 allowed/],
  ['too-many-views', 'views', /has 201 items, more than the 200 allowed/],
  ['absurd-embedded-size', 'data[0].bytes', /expected <=188743680, got 1000000000000000/],
  ['deep-nesting', 'views[0].spec.filters[0].values[0][0][0][0][0][0][0][0][0][0][0]', /nested more than 16 levels deep/],
];

describe('hostile and malformed workbook files (test/fixtures/workbooks)', () => {
  it.each(CASES)('%s → WorkbookError at "%s"', (name, path, says) => {
    let error: unknown;
    try {
      parseWorkbookFile(fixture(name));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkbookError);
    const e = error as WorkbookError;
    expect(e.path).toBe(path);
    expect(e.message).toMatch(says);
    if (path !== '') expect(e.message.startsWith(`${path}: `)).toBe(true);
    expect(e.hint ?? e.message).toBeTruthy();
    // Nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('every fixture file is covered by a case, apart from the valid ones', async () => {
    const { readdirSync } = await import('node:fs');
    const names = readdirSync(new URL('../fixtures/workbooks/', import.meta.url))
      .filter((f) => f.endsWith('.workbook.json'))
      .map((f) => f.replace('.workbook.json', ''));
    expect(names.filter((n) => !CASES.some(([c]) => c === n)).sort()).toEqual(['v0-prototype', 'v1-text-mappings', 'v2-before-queries', 'valid']);
  });

  it('a file larger than the limit is refused before it is decoded or parsed', () => {
    const big = new Uint8Array(LIMITS.fileBytes + 1);
    expect(() => parseWorkbookFile(big)).toThrow(/the file is 256\.0 MiB, more than the 256\.0 MiB a workbook may be — export it without embedded data/);
  });

  it('the valid fixture reads, with its three views parsed into full view specs', () => {
    const w = parseWorkbookFile(fixture('valid'));
    expect(w.views.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
    expect(w.views[0].spec.totals).toBe('exclude'); // a default parseViewSpec filled in
    expect(w.sources.map((s) => s.file)).toEqual(['disruptions_synthetic.csv', 'force_population_synthetic.csv']);
  });

  it('the valid fixture keeps its corrections and mappings, columns called "constructor" and "__proto__" included', () => {
    const w = parseWorkbookFile(fixture('valid'));
    expect(w.roleCorrections.map((c) => c.column)).toEqual(['level', 'constructor', '__proto__']);
    expect(w.valueMappings).toEqual([
      { role: 'force', value: 'Met Pol HQ', to: 'metropolitan' },
      { role: 'threat', value: 'constructor', to: 'county-lines' },
    ]);
  });

  it('a version 1 workbook is migrated: each mapping gets the role and id its canonical name stands for', () => {
    const w = parseWorkbookFile(fixture('v1-text-mappings'));
    expect(w.version).toBe(3);
    expect(w.valueMappings).toEqual([
      { role: 'force', value: 'Met', to: 'metropolitan' },
      { role: 'region', value: 'ERSOU area', to: 'eastern' },
      { role: 'threat', value: 'CL', to: 'county-lines' },
    ]);
    expect(w.roleCorrections).toEqual(parseWorkbookFile(fixture('valid')).roleCorrections);
  });

  it('a version 2 workbook (before saved queries) opens with no saved queries and everything else as it was', () => {
    const w = parseWorkbookFile(fixture('v2-before-queries'));
    const now = parseWorkbookFile(fixture('valid'));
    expect(w.version).toBe(3);
    expect(w.queries).toEqual([]);
    expect({ ...w, queries: now.queries }).toEqual(now);
  });

  it('the valid fixture keeps its saved queries, SQL with line breaks, quotes and `<` as written', () => {
    const w = parseWorkbookFile(fixture('valid'));
    expect(w.queries.map((q) => [q.id, q.name])).toEqual([['q1', 'Disruptions by force'], ['q2', 'Small forces']]);
    expect(w.queries[0].sql).toMatch(/^-- latest year\nSELECT force/);
    expect(w.queries[1].sql).toContain("population < 1000000 AND force <> 'O''Brien'");
  });

  it('a version 0 (prototype) workbook is migrated to the current version', () => {
    const w = parseWorkbookFile(fixture('v0-prototype'));
    expect(w.version).toBe(3);
    expect(w.queries).toEqual([]);
    expect(w.title).toBe('Prototype workbook');
    expect(w.views.map((v) => [v.id, v.name])).toEqual([['v1', 'Share of disruptions'], ['v2', 'View 2']]);
    expect(w.sources).toEqual([{ table: 'disruptions_synthetic', file: 'disruptions_synthetic.parquet', size: null, kind: 'parquet' }]);
    expect(w).not.toHaveProperty('name');
    expect(w).not.toHaveProperty('tables');
  });
});
