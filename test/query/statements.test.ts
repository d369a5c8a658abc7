import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { errorPosition, errorRange, splitStatements } from '../../src/query/statements';

describe('splitStatements', () => {
  it.each([
    ['select 1', ['select 1']],
    ['select 1;', ['select 1']],
    ['  select 1 ;  select 2;\n', ['select 1', 'select 2']],
    [';;  ;\n', []],
    ['', []],
    ["select 'a;b', 'it''s;'; select 2", ["select 'a;b', 'it''s;'", 'select 2']],
    ["select E'it\\'s;'; select 2", ["select E'it\\'s;'", 'select 2']],
    ['select 1 as "x;""y"; select 2', ['select 1 as "x;""y"', 'select 2']],
    ['select 1 -- not; here\n; select 2', ['select 1 -- not; here', 'select 2']],
    ['select /* a; /* nested; */ still; */ 1; select 2', ['select /* a; /* nested; */ still; */ 1', 'select 2']],
    ['select $$a;b$$; select $fn$ x; $$ ; $fn$; select 3', ['select $$a;b$$', 'select $fn$ x; $$ ; $fn$', 'select 3']],
    ['select $1; select a$b; select 2', ['select $1', 'select a$b', 'select 2']],
    ['select 1; -- only a comment\n/* and another */ ;', ['select 1']],
    ['-- header\nselect 1; -- trailing note\n-- about two\nselect 2', ['-- header\nselect 1', '-- about two\nselect 2']],
    ["select 'unterminated; select 2", ["select 'unterminated; select 2"]],
    ['select 1 /* unterminated; select 2', ['select 1 /* unterminated; select 2']],
  ])('%j', (text, expected) => {
    const parts = splitStatements(text);
    expect(parts.map((s) => s.sql)).toEqual(expected);
    for (const s of parts) expect(text.slice(s.from, s.to)).toBe(s.sql);
  });
});

describe('errorPosition on written messages', () => {
  it.each([
    // 0.9.1 shape: one "\n" before LINE.
    ['Parser Error: syntax error at or near "FORM"\nLINE 1: SELECT * FORM t\n                 ^', 'SELECT * FORM t', 9],
    // 1.x shape: a blank line before LINE.
    ['Binder Error: Referenced column "x" not found in FROM clause!\nCandidate bindings: "a"\n\nLINE 1: select x from t\n               ^', 'select x from t', 7],
    ['Binder Error: …\n\nLINE 2:   b\n          ^', 'select a,\n  b\nfrom t', 12],
    ['Parser Error: syntax error at end of input', 'select a from t where  \n', 21],
    ['Catalog Error: Table with name x does not exist!', 'select * from x', undefined],
    // The excerpt does not match the statement: say nothing rather than guess.
    ['Binder Error: …\nLINE 1: select y from t\n               ^', 'select x from t', undefined],
    ['Binder Error: …\nLINE 3: b\n        ^', 'select a,\n  b', undefined],
  ])('%j', (message, sql, expected) => {
    expect(errorPosition(message, sql)).toBe(expected);
  });

  it('places line 1 without the statement text, and nothing else', () => {
    expect(errorPosition('Binder Error: …\nLINE 1: select x from t\n               ^')).toBe(7);
    expect(errorPosition('Binder Error: …\nLINE 2:   b\n          ^')).toBeUndefined();
    expect(errorPosition('Binder Error: …\nLINE 1: ...a as c3, nope\n                       ^')).toBeUndefined();
    expect(errorPosition('Parser Error: syntax error at end of input')).toBeUndefined();
  });

  it('refuses a cut excerpt that appears twice in the line', () => {
    const line = 'select ' + ('a, '.repeat(30) + 'x, ').repeat(2) + 'a, '.repeat(30) + 'a from t';
    const message = 'Binder Error: …\nLINE 1: ...a, a, x, a, a...\n                  ^';
    expect(errorPosition(message, line)).toBeUndefined();
  });
});

describe('errorRange', () => {
  it.each([
    ['select x from t', 'LINE 1: select x from t\n               ^', 'x'],
    ['select "Force nme" from t', 'LINE 1: select "Force nme" from t\n               ^', '"Force nme"'],
    ['select 1 + \'x\'', "LINE 1: select 1 + 'x'\n                 ^", '+'],
    ['select a from t where  ', 'syntax error at end of input', 'where'],
    ['select sum(a', 'syntax error at end of input', 'a'],
    ['select (1', 'syntax error at end of input', '1'],
    ['select (', 'syntax error at end of input', '('],
  ])('%j', (sql, message, token) => {
    const r = errorRange(`Error: …\n${message}`, sql);
    expect(r && sql.slice(r.from, r.to)).toBe(token);
  });
  it('is undefined when there is no position', () => {
    expect(errorRange('Catalog Error: nope', 'select 1')).toBeUndefined();
  });
});

// Real messages from both engines: the app runs DuckDB-WASM 1.28.0 (DuckDB 0.9.1); tools and docs run 1.x.
type Run = (sql: string) => Promise<void>;

interface WasmBlocking {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<{ instantiate(): Promise<unknown>; connect(): { query(sql: string): unknown; close(): void } }>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
}

const engines: { name: string; open(): Promise<{ run: Run; close(): void }> }[] = [
  {
    name: 'native DuckDB 1.x',
    async open() {
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      return { run: async (sql) => void (await c.run(sql)), close: () => c.closeSync() };
    },
  },
  {
    name: 'DuckDB-WASM 1.28.0 (DuckDB 0.9.1)',
    async open() {
      // A computed specifier: the package ships no types for its node build, so this is typed by hand above.
      const specifier = '@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs';
      const mod = (await import(/* @vite-ignore */ specifier)) as WasmBlocking & { default?: WasmBlocking };
      const wasm = mod.default ?? mod;
      const dist = decodeURIComponent(new URL('../../node_modules/@duckdb/duckdb-wasm/dist/', import.meta.url).pathname);
      const bundles = {
        mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
        eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
      };
      const db = await wasm.createDuckDB(bundles, new wasm.VoidLogger(), wasm.NODE_RUNTIME);
      await db.instantiate();
      const c = db.connect();
      return { run: async (sql) => void c.query(sql), close: () => c.close() };
    },
  },
];

const filler = (n: number) => Array.from({ length: n }, (_, i) => `a as c${i}`).join(', ');

// `§` marks where the error should point; it is removed before running.
// A third entry '1.x' marks errors that DuckDB 0.9.1 reports without a position.
const realCases: [string, string, '1.x'?][] = [
  ['form instead of from', 'SELECT * FORM §t'],
  ['unknown column', 'select §x from t'],
  ['unknown column on line 2', 'select a,\n  §b\nfrom t'],
  ['unknown column on line 2 after a condition', 'select a from t where a = 1 and\n   §zz > 3'],
  ['after an accented string', "select 'héllo', §x from t"],
  ['after a combining accent', "select 'e\u0301', §x from t"],
  ['after wide characters', "select '日本語', §x from t"],
  ['after an emoji', "select '🚓', §x from t"],
  ['after a tab', 'select\ta, §nope from t'],
  ['CRLF line endings', 'select a,\r\n §b from t'],
  ['unknown table on line 4', 'select * from t\n\n\n   join §u on true', '1.x'],
  ['unknown table', 'select * from §missing_table'],
  ['quoted unknown column', 'select §"Force nme" from t'],
  ['long line cut at the end', `select §nope, ${filler(40)} from t`],
  ['long line cut at the start', `select ${filler(40)}, §nope from t`],
  ['long line cut at both ends', `select ${filler(20)}, §nope, ${filler(20)} from t`],
  ['bad function arguments', 'select §sum(a, a, a) from t'],
  ['operator types', "select 1 §+ 'x'"],
  ['leading comment', '-- count them\nselect §x from t'],
];

describe.each(engines)('errorPosition on real messages from $name', (engine) => {
  let db: { run: Run; close(): void };
  beforeAll(async () => {
    db = await engine.open();
    await db.run('create table t(a int, "Force name" varchar)');
  });
  afterAll(() => db.close());

  const message = async (sql: string) => {
    try {
      await db.run(sql);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`expected an error from ${JSON.stringify(sql)}`);
  };

  it.each(realCases)('%s', async (_, marked, since) => {
    const sql = marked.replace('§', '');
    const msg = await message(sql);
    if (since === '1.x' && engine.name.includes('0.9.1')) {
      expect(msg).not.toMatch(/\nLINE \d+: /);
      expect(errorPosition(msg, sql)).toBeUndefined();
      return;
    }
    expect(msg).toMatch(/\nLINE \d+: /);
    expect(errorPosition(msg, sql)).toBe(marked.indexOf('§'));
  });

  it('maps "at end of input" to the end of the statement', async () => {
    const sql = 'select a from t where\n  ';
    expect(errorPosition(await message(sql), sql)).toBe(21);
  });
});
