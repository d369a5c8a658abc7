import { describe, expect, test } from 'vitest';
import { firstRaggedRow, parseRows } from '../../src/domain/csv-rows';

describe('firstRaggedRow', () => {
  test('names the first row whose cell count differs from the header, 1-based, quotes and blank lines respected', () => {
    const text = 'force,n\n\n"Avon, and Somerset",1\nKent,2\nLondon, City of,3\nEssex,4,5\n';
    // Line 5 (1-based) is the first with three cells; the quoted comma on line 3 is one cell.
    expect(firstRaggedRow(parseRows(text, ','))).toEqual({ line: 5, cells: 3, header: 2 });
    expect(firstRaggedRow(parseRows('a,b\n1,2\n"x\ny",3\n', ','))).toBeUndefined();
  });
});
