import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EngineError, LoadError, MAX_SQL_BYTES, QueryError, explainEngineCrash, explainLoadMessage, isEngineDownloadFailure, isFatalEngineMessage, isGarbledMessage, isWasmCrashMessage, sqlTooLong } from '../../src/engine/errors';
import { str } from '../../src/query/sql';
import { wasmArrowDb, type WasmArrowDb } from '../helpers/wasm-arrow';

// The wasm messages users were shown as reasons (issue 12), as DuckDB-WASM and the browser word them.
const CRASHES = [
  'table index is out of bounds',
  'RuntimeError: memory access out of bounds',
  'memory access out of bounds',
  'Maximum call stack size exceeded',
  'RangeError: Maximum call stack size exceeded',
  'RuntimeError: unreachable',
  'unreachable',
  'RuntimeError: null function or function signature mismatch',
  'null function',
  'ons_pfa_p1.csv: memory access out of bounds',
];
const WASM_WORDS = /out of bounds|call stack|unreachable|RuntimeError|signature mismatch|null function/i;

describe('isWasmCrashMessage', () => {
  test.each(CRASHES)('%j is a crash', (m) => {
    expect(isWasmCrashMessage(m)).toBe(true);
    // Every crash but a JavaScript stack overflow (raised in the page, not the engine) is fatal to the engine.
    expect(isFatalEngineMessage(m)).toBe(!/maximum call stack/i.test(m));
  });
  test.each([
    'Conversion Error: Could not convert string "x" to INT32',
    'Binder Error: Referenced column "Year" not found',
    'Out of Memory Error: could not allocate block of size 256KB',
    'Parser Error: syntax error at or near "FORM"',
  ])('%j is DuckDB speaking, not a crash', (m) => expect(isWasmCrashMessage(m)).toBe(false));
});

describe('isGarbledMessage', () => {
  // The start of what 1.28.0 answered to `SELECT 1+1+…` with 5,000 terms (its parser's stack overflowed into the message).
  const garbage = '\u0010\ufffdw\u0001\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000h\ufffd\ufffd\u0001H\ufffdx\u00010\ufffd\ufffd\u0001hpd\u0001hpd\u0001';
  test('bytes of damaged memory are a crash, not a message', () => {
    expect(isGarbledMessage(garbage)).toBe(true);
    expect(isFatalEngineMessage(garbage)).toBe(true);
  });
  test.each([
    'Conversion Error: Could not convert string "a\u0001b" to INT32',
    'Invalid Input Error: Error in file "x.csv" at line 3:\n\tvalue "\ufffd\ufffd"',
    'Parser Error: syntax error at or near "FORM"',
  ])('%j is DuckDB speaking', (m) => {
    expect(isGarbledMessage(m)).toBe(false);
    expect(isFatalEngineMessage(m)).toBe(false);
  });
});

describe('explainEngineCrash', () => {
  test.each(CRASHES)('a load that ended in %j names the file, says what happened and what to try, without the wasm words', (m) => {
    const text = explainEngineCrash(m, { file: 'ons_pfa.csv', headerLine: 9 });
    expect(text).toMatch(/ons_pfa\.csv/);
    if (!/call stack/i.test(m)) expect(text).toMatch(/restarted/);
    expect(text).toMatch(/Load options…/);
    expect(text).toMatch(/line 9/);
    expect(text).toMatch(/split the file/);
    expect(text).not.toMatch(WASM_WORDS);
  });
  test.each(CRASHES)('a query that ended in %j says so and what to try, without the wasm words', (m) => {
    const text = explainEngineCrash(m, { sql: 'SELECT 1' });
    expect(text).toMatch(/query/);
    expect(text).toMatch(/filter or aggregate first|LIMIT/);
    expect(text).not.toMatch(WASM_WORDS);
  });
  test('a stack overflow is told as a task too complex, other crashes as a crash', () => {
    expect(explainEngineCrash('Maximum call stack size exceeded', { sql: 'x' })).toMatch(/too complex|complex/);
    expect(explainEngineCrash('memory access out of bounds', { sql: 'x' })).toMatch(/crashed/);
  });
  test('without a file or query it still speaks in words', () => {
    expect(explainEngineCrash('unreachable')).not.toMatch(WASM_WORDS);
  });
});

// Issue 17 item 7: the CSV advice (header lines, "Clean numbers") was given for every file, a JSON or Parquet one too.
describe('explainEngineCrash for a file that is not CSV', () => {
  test.each(['deep.json', 'rows.ndjson', 'big.parquet', 'batches.arrow'])('%s gets advice for its kind, not the CSV load options', (file) => {
    for (const m of ['memory access out of bounds', 'Maximum call stack size exceeded']) {
      const text = explainEngineCrash(m, { file });
      expect(text).toContain(file);
      expect(text).not.toMatch(/header|Clean numbers|Load options/);
      expect(text).toMatch(/split the file into smaller files/);
      expect(text).not.toMatch(WASM_WORDS);
    }
  });
});

test('the errors keep the engine’s own words as their detail, out of the message', () => {
  const raw = 'memory access out of bounds';
  const load = new LoadError('a.csv', explainEngineCrash(raw, { file: 'a.csv' }), { detail: raw });
  expect(load.message).not.toMatch(WASM_WORDS);
  expect(load.detail).toBe(raw);
  const engine = new EngineError('invalidated', explainEngineCrash(raw, { sql: 'SELECT 1' }), undefined, raw);
  expect(engine.message).not.toMatch(WASM_WORDS);
  expect(engine.detail).toBe(raw);
});

// Issue 17 item 7: DuckDB's words for a file it cannot read, as the wasm engine the app ships says them, told as what
// happened and what to try.
describe('explainLoadMessage', () => {
  let db: WasmArrowDb;
  let dir: string;
  beforeAll(async () => {
    db = await wasmArrowDb();
    dir = mkdtempSync(join(tmpdir(), 'load-message-'));
  }, 60_000);
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true });
  });

  /** DuckDB-WASM 1.28.0's own message for reading `bytes` as CSV. */
  function duckdbMessage(bytes: Uint8Array): string {
    const path = join(dir, 'mixed.csv');
    writeFileSync(path, bytes);
    try {
      db.table(`SELECT * FROM read_csv_auto(${str(path)})`);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('DuckDB read the file');
  }

  test("DuckDB's invalid-unicode error becomes: not UTF-8 text, save it as CSV UTF-8 or choose the encoding", () => {
    const rows = new TextEncoder().encode('force,note\n' + 'Kent,plain\n'.repeat(8000) + 'Essex,');
    const raw = duckdbMessage(new Uint8Array([0xef, 0xbb, 0xbf, ...rows, 0xa3, 0x35, 0x0a]));
    expect(raw).toMatch(/Invalid unicode/);
    const told = explainLoadMessage(raw);
    expect(told?.reason).toMatch(/not UTF-8 text/);
    expect(told?.hint).toMatch(/CSV UTF-8/);
    expect(told?.hint).toMatch(/Load options… → Encoding/);
    expect(`${told?.reason} ${told?.hint}`).not.toMatch(/byte sequence mismatch|Parser options/);
  });

  // DuckDB-WASM 1.28.0's words for the fuzz suite's ragged CSVs (seed 17, csv-6 and csv-16), as the browser showed them.
  test.each([
    'Invalid Input Error: Error in file "src3_fz_csv_6.csv": CSV options could not be auto-detected. Consider setting parser options manually.',
    'Invalid Input Error: Error in file "src3_fz_csv_16.csv", on line 6: expected 1 values per row, but got more. ( file=src3_fz_csv_16.csv delimiter=\';\' quote=\'"\' escape=\'"\' header=1 sample_size=20480 ignore_errors=0 all_varchar=0)',
  ])('a ragged row the sniffer gives up on becomes: rows of different widths, quote the values (%s)', (raw) => {
    const told = explainLoadMessage(raw);
    expect(told?.reason).toMatch(/rows do not all have the same number of columns/);
    expect(told?.hint).toMatch(/double quotes/);
    expect(`${told?.reason} ${told?.hint}`).not.toMatch(/Invalid Input|auto-detected|values per row/);
  });

  test.each(['Invalid Error: Snappy decompression failure', 'Invalid Error: Payload value bigger than allowed. Corrupted file?'])(
    'a damaged Parquet page (fuzz seed 17, parquet-2 and parquet-7) is called damaged: %s',
    (raw) => {
      const told = explainLoadMessage(raw);
      expect(told?.reason).toMatch(/damaged/);
      expect(`${told?.reason} ${told?.hint}`).not.toMatch(/Snappy|Invalid Error|Payload/);
    },
  );

  test('any other "Invalid Error" of the Parquet reader (fuzz seed 19, parquet-7: "Out of buffer") is called damaged', () => {
    expect(explainLoadMessage('Invalid Error: Out of buffer', 'parquet')?.reason).toMatch(/damaged/);
    // From another reader it is not guessed at.
    expect(explainLoadMessage('Invalid Error: Out of buffer', 'csv')).toBeUndefined();
  });

  test('a message it has no words for is left to the caller', () => {
    expect(explainLoadMessage('Binder Error: Referenced column "x" not found')).toBeUndefined();
  });
});

describe('isEngineDownloadFailure', () => {
  test("knows the worker prelude's own sentence, and nothing else", () => {
    // The sentence as bundle-files.ts writes it, read from the source so the two cannot drift apart.
    const source = readFileSync(new URL('../../src/engine/bundle-files.ts', import.meta.url), 'utf8');
    const sentence = /const reason = `([^`]*)`/.exec(source)![1].replace(/\$\{[^}]*\}/g, '404');
    expect(isEngineDownloadFailure(`Uncaught Error: ${sentence}`)).toBe(true);
    expect(isEngineDownloadFailure('memory access out of bounds')).toBe(false);
  });
});

describe('sqlTooLong (issue 17 item 3: a statement past ~60 kB crashes DuckDB-WASM 1.28.0)', () => {
  test('a statement within the limit is let through; one past it is refused with its size and what to do', () => {
    expect(sqlTooLong(`SELECT 42 -- ${'x'.repeat(MAX_SQL_BYTES - 20)}`)).toBeUndefined();
    const refused = sqlTooLong(`SELECT 42 -- ${'x'.repeat(70_000)}`);
    expect(refused).toBeInstanceOf(QueryError);
    expect(refused!.message).toMatch(/^This statement is 70 kB of SQL text; the engine takes at most 41 kB in one statement .*Split it/);
  });

  test('the size is counted in UTF-8 bytes, as the engine copies it', () => {
    // 14,000 pound signs are 28,000 bytes: within. 21,000 are 42,000 bytes: past the limit, though 21,000 characters.
    expect(sqlTooLong(`SELECT '${'£'.repeat(14_000)}'`)).toBeUndefined();
    expect(sqlTooLong(`SELECT '${'£'.repeat(21_000)}'`)?.message).toMatch(/42 kB/);
  });
});
