import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import { readFileSync } from 'node:fs';
import { JsonEmptyError, JsonParseError, JsonTooDeepError, jsonToTable } from '../../src/engine/json-table';
import { testdataPath } from '../helpers/testdata';

const read = (f: string) => readFileSync(testdataPath(`json/${f}`), 'utf8');

describe('jsonToTable', () => {
  it('infers BIGINT, DOUBLE, BOOLEAN and VARCHAR with nulls for missing keys', () => {
    const { table } = jsonToTable('[{"a":1,"b":1.5,"c":true,"d":"x"},{"a":2,"e":null}]', 'json');
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['a', 'Int64'],
      ['b', 'Float64'],
      ['c', 'Bool'],
      ['d', 'Utf8'],
      ['e', 'Utf8'],
    ]);
    expect(table.getChild('a')?.get(1)).toBe(2n);
    expect(table.getChild('b')?.get(1)).toBeNull();
  });

  it('keeps nested values as JSON text and says so', () => {
    const { table, notes } = jsonToTable('{"id": 1, "tags": ["a", "b"], "o": {"k": 2}}', 'json');
    expect(table.getChild('tags')?.get(0)).toBe('["a","b"]');
    expect(notes.join(' ')).toMatch(/"tags" holds nested values/);
  });

  it('reads NDJSON with CRLF and blank lines', () => {
    const { table } = jsonToTable('{"a":1}\r\n\r\n{"a":2}\r\n', 'ndjson');
    expect(table.numRows).toBe(2);
  });

  it('names the failing NDJSON line', () => {
    try {
      jsonToTable(read('unterminated_quotes.ndjson'), 'ndjson');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonParseError);
      expect((e as JsonParseError).line).toBeGreaterThan(0);
    }
  });

  it.each([['[{}]', /its one row has no field/], ['[]', /no rows/], ['{}\n{}', /none of its 2 rows/]])(
    'issue 17 fuzz (seed 17, json-13): %j is valid JSON with nothing to load, not "not valid JSON"',
    (text, reason) => {
      const kind = text.includes('\n') ? 'ndjson' : 'json';
      expect(() => jsonToTable(text, kind)).toThrow(JsonEmptyError);
      expect(() => jsonToTable(text, kind)).toThrow(reason);
    },
  );

  it('rejects malformed JSON with a line number', () => {
    expect(() => jsonToTable(read('array_comma_malformed.json'), 'json')).toThrow(JsonParseError);
  });

  it('reads GeoJSON features as rows', () => {
    const { table, notes } = jsonToTable(read('features.geojson'), 'json');
    expect(table.numRows).toBeGreaterThan(0);
    expect(table.schema.fields.map((f) => f.name)).toContain('geometry');
    expect(notes.join(' ')).toMatch(/GeoJSON/);
  });

  it('reads the BOM file once the BOM is stripped, and mixed schemas as text', () => {
    const text = read('sample_utf8_bom.json').replace(/^\uFEFF/, '');
    expect(jsonToTable(text, 'json').table.numRows).toBeGreaterThan(0);
    const { table } = jsonToTable(read('different_schemas.ndjson'), 'ndjson');
    expect(table.numRows).toBe(read('different_schemas.ndjson').split('\n').filter((l) => l.trim()).length);
  });

  it('round-trips through Arrow IPC', () => {
    const { table } = jsonToTable('[{"x":"£1,234","n":9007199254740991}]', 'json');
    const back = arrow.tableFromIPC(arrow.tableToIPC(table));
    expect(back.getChild('x')?.get(0)).toBe('£1,234');
    expect(back.getChild('n')?.get(0)).toBe(9007199254740991n);
  });
});

// Issue 17: keys are the file's text; "__proto__" and "constructor" must be columns like any other.
describe('jsonToTable: keys named like Object.prototype members', () => {
  it('keeps constructor, toString and __proto__ as columns, NULL where a row lacks them', () => {
    const { table } = jsonToTable('[{"a":1},{"constructor":"x","toString":2,"__proto__":"y"}]', 'json');
    expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['a', 'Int64'],
      ['constructor', 'Utf8'],
      ['toString', 'Int64'],
      ['__proto__', 'Utf8'],
    ]);
    expect(table.getChild('constructor')?.toArray()).toEqual([null, 'x']);
    expect([...table.getChild('toString')!]).toEqual([null, 2n]);
    expect(table.getChild('__proto__')?.toArray()).toEqual([null, 'y']);
  });

  it('reads NDJSON rows keyed constructor as text', () => {
    const { table } = jsonToTable('{"constructor":"a"}\n{"b":1}\n', 'ndjson');
    expect(table.getChild('constructor')?.toArray()).toEqual(['a', null]);
  });
});

// Issue 17 item 7: a 10,000-deep document gave "Maximum call stack size exceeded", which says nothing a user can do.
describe('jsonToTable: nesting deeper than the browser can write back as text', () => {
  it('refuses a 10,000-deep value with its depth and line, as a JsonTooDeepError', () => {
    const deep = `[{"force":"Kent",\n"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`;
    let error: unknown;
    try {
      jsonToTable(deep, 'json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonTooDeepError);
    expect((error as JsonTooDeepError).depth).toBe(10_002);
    expect((error as JsonTooDeepError).line).toBe(2);
    expect((error as JsonTooDeepError).message).toMatch(/nested 10,002 levels deep.*at most 1,000/);
  });

  it('an NDJSON line nested too deeply is named by its line', () => {
    const ndjson = `{"a":1}\n{"a":${'{"b":'.repeat(2000)}1${'}'.repeat(2000)}}\n`;
    expect(() => jsonToTable(ndjson, 'ndjson')).toThrow(expect.objectContaining({ name: 'JsonTooDeepError', line: 2 }));
  });

  it('nesting within the limit is kept as JSON text, brackets inside strings not counted', () => {
    const { table } = jsonToTable(`[{"x":${'['.repeat(500)}"]]]]["${']'.repeat(500)}}]`, 'json');
    expect(String(table.getChild('x')?.get(0))).toBe(`${'['.repeat(500)}"]]]]["${']'.repeat(500)}`);
  });
});
