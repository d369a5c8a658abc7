import { describe, expect, test } from 'vitest';
import { checkCsvOptions, dropLines } from '../../src/domain/csv-options';

describe('dropLines', () => {
  test.each([
    ['a\nb\nc\n', 1, 0, 'b\nc\n'],
    ['a\r\nb\r\nc', 0, 1, 'a\nb\n'],
    ['a\nb\nc\n', 1, 1, 'b\n'],
    ['a\nb\n', 5, 0, '\n'],
    ['a\nb\n', 0, 0, 'a\nb\n'],
  ])('%j without %i top and %i bottom lines is %j', (text, top, bottom, want) => {
    expect(dropLines(text, top, bottom)).toBe(want);
  });
});

describe('checkCsvOptions', () => {
  test('accepts a whole, partial or empty set', () => {
    expect(checkCsvOptions({})).toEqual({});
    expect(checkCsvOptions({ delimiter: ';', skipTop: 2, clean: false })).toEqual({ delimiter: ';', skipTop: 2, clean: false });
  });
  test.each([
    [{ skipTop: -1 }, /invalid skipTop: -1/],
    [{ skipBottom: 1.5 }, /invalid skipBottom: 1.5/],
    [{ delimiter: ';;' }, /invalid delimiter: ";;"/],
  ])('refuses %j, naming the field and value', (o, msg) => {
    expect(() => checkCsvOptions(o)).toThrow(msg);
  });
});
