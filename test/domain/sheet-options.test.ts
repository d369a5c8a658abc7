import { describe, expect, it } from 'vitest';
import { checkSheetOptions, columnIndex, hasSheetOptions, parseA1Range } from '../../src/domain/sheet-options';

describe('parseA1Range', () => {
  it.each([
    ['A5:H60', { r0: 4, c0: 0, r1: 59, c1: 7 }],
    ['$b$3:$aa$10', { r0: 2, c0: 1, r1: 9, c1: 26 }],
    ['B:F', { r0: 0, c0: 1, c1: 5 }],
    ['5:60', { r0: 4, c0: 0, r1: 59 }],
    ['C7', { r0: 6, c0: 2, r1: 6, c1: 2 }],
    [' a1:xfd1048576 ', { r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 }],
  ])('%s', (text, range) => expect(parseA1Range(text)).toEqual(range));

  it.each(['', 'A5:60', 'A:5', '5:', 'A1:B2:C3', 'A0', 'Sheet1!A1', 'XFE1', 'A1048577'])('refuses %j, showing it', (text) => {
    expect(() => parseA1Range(text)).toThrow(new RangeError(`invalid range: ${JSON.stringify(text)} (write it as A5:H60, B:F or 5:60)`));
  });

  it('refuses a range whose end comes first', () => {
    expect(() => parseA1Range('H60:A5')).toThrow(/"H60:A5" \(its end comes before its start\)/);
  });

  it('reads column letters as a spreadsheet numbers them', () => {
    expect(['A', 'Z', 'AA', 'AZ', 'BA', 'XFD'].map(columnIndex)).toEqual([0, 25, 26, 51, 52, 16_383]);
  });
});

describe('checkSheetOptions', () => {
  it('passes good options through', () => {
    const o = { headerRow: 6, headerRows: 2, range: 'A5:H60' };
    expect(checkSheetOptions(o)).toBe(o);
  });
  it.each([
    [{ headerRow: 0 }, 'invalid headerRow: 0 (a row number from 1)'],
    [{ headerRow: 2.5 }, 'invalid headerRow: 2.5 (a row number from 1)'],
    [{ headerRow: 5, headerRows: 4 }, 'invalid headerRows: 4 (1, 2 or 3)'],
    [{ headerRow: 1, headerRows: 2 }, 'invalid headerRows: 2 (the header would start above row 1, ending at row 1)'],
    [{ headerRow: 4, range: 'A5:H60' }, 'invalid headerRow: 4 (not a row of A5:H60 above its last row)'],
    [{ headerRow: 60, range: 'A5:H60' }, 'invalid headerRow: 60 (not a row of A5:H60 above its last row)'],
  ])('%j', (o, message) => expect(() => checkSheetOptions(o)).toThrow(new RangeError(message)));

  it('an empty form asks for nothing', () => {
    expect(hasSheetOptions({})).toBe(false);
    expect(hasSheetOptions({ headerRows: 2 })).toBe(false);
    expect(hasSheetOptions({ headerRow: 3 })).toBe(true);
    expect(hasSheetOptions({ range: 'B:F' })).toBe(true);
  });
});
