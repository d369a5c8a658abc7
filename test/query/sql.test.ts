import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { ident, literal, num, str } from '../../src/query/sql';

// Names a user's file may really contain: quotes, spaces, unicode, reserved words.
const names = ['Force name', 'select', 'O"Brien', '"', 'Avon & Somerset £', 'Ynys Môn', '日本', 'a""b', ' lead', 'GROUP'];
const strings = ["O'Brien", "''", "it's '' fine", 'Café £1,234', '\\n not a newline', 'line\nbreak', '; DROP TABLE x; --'];

describe('ident', () => {
  it('doubles embedded quotes and wraps in double quotes', () => {
    expect(ident('Force name')).toBe('"Force name"');
    expect(ident('O"Brien')).toBe('"O""Brien"');
  });
  it('refuses empty names and NUL', () => {
    expect(() => ident('')).toThrow(/invalid identifier/);
    expect(() => ident('a\u0000b')).toThrow(/NUL/);
  });
});

describe('str / num / literal', () => {
  it('escapes single quotes', () => expect(str("O'Brien")).toBe("'O''Brien'"));
  it('refuses non-finite numbers', () => {
    expect(() => num(Number.NaN)).toThrow(/invalid numeric/);
    expect(() => num(Infinity)).toThrow(/invalid numeric/);
  });
  it('spells null, booleans and bigints', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(true)).toBe('TRUE');
    expect(literal(12345678901234567890n)).toBe('12345678901234567890');
  });
});

describe('round trip through native DuckDB', () => {
  it('every awkward name and string survives as a column name and a value', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (const name of names) {
      for (const s of strings) {
        const reader = await c.runAndReadAll(`SELECT ${str(s)} AS ${ident(name)}`);
        expect(reader.columnNames()).toEqual([name]);
        expect(reader.getRows()).toEqual([[s]]);
      }
    }
    await c.run(`CREATE TABLE ${ident('select')} (${ident('Force name')} VARCHAR)`);
    await c.run(`INSERT INTO ${ident('select')} VALUES (${str("O'Brien")})`);
    const r = await c.runAndReadAll(`SELECT ${ident('Force name')} FROM ${ident('select')}`);
    expect(r.getRows()).toEqual([["O'Brien"]]);
    c.closeSync();
  });
});
