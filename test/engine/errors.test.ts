import { describe, expect, test } from 'vitest';
import { EngineError, LoadError, explainEngineCrash, isFatalEngineMessage, isWasmCrashMessage } from '../../src/engine/errors';

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
  'ons_pfa_p1.csv: memory access out of bounds',
];
const WASM_WORDS = /out of bounds|call stack|unreachable|RuntimeError|signature mismatch/i;

describe('isWasmCrashMessage', () => {
  test.each(CRASHES)('%j is a crash', (m) => {
    expect(isWasmCrashMessage(m)).toBe(true);
    expect(isFatalEngineMessage(m) || /call stack|signature/i.test(m)).toBe(true);
  });
  test.each([
    'Conversion Error: Could not convert string "x" to INT32',
    'Binder Error: Referenced column "Year" not found',
    'Out of Memory Error: could not allocate block of size 256KB',
    'Parser Error: syntax error at or near "FORM"',
  ])('%j is DuckDB speaking, not a crash', (m) => expect(isWasmCrashMessage(m)).toBe(false));
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

test('the errors keep the engine’s own words as their detail, out of the message', () => {
  const raw = 'memory access out of bounds';
  const load = new LoadError('a.csv', explainEngineCrash(raw, { file: 'a.csv' }), { detail: raw });
  expect(load.message).not.toMatch(WASM_WORDS);
  expect(load.detail).toBe(raw);
  const engine = new EngineError('invalidated', explainEngineCrash(raw, { sql: 'SELECT 1' }), undefined, raw);
  expect(engine.message).not.toMatch(WASM_WORDS);
  expect(engine.detail).toBe(raw);
});
