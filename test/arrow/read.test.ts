import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { plainRows } from '../../src/arrow';

// Issue 17: column names are the user's text; a row object must hold "__proto__" as a key, not as its prototype.
describe('plainRows: columns named like Object.prototype members', () => {
  it('keeps constructor, toString and __proto__ as own keys with their values, and finds nothing for absent names', () => {
    const table = new arrow.Table({
      constructor: arrow.vectorFromArray(['Ferrari', 'McLaren']),
      toString: arrow.vectorFromArray([1, 2], new arrow.Float64()),
      ['__proto__']: arrow.vectorFromArray(['x', null]),
    } as Record<string, arrow.Vector>);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['constructor', 'toString', '__proto__']);
    const rows = plainRows(table);
    expect(rows.map((r) => Object.keys(r))).toEqual([
      ['constructor', 'toString', '__proto__'],
      ['constructor', 'toString', '__proto__'],
    ]);
    expect(rows.map((r) => [r.constructor, r.toString, r['__proto__']])).toEqual([
      ['Ferrari', 1, 'x'],
      ['McLaren', 2, null],
    ]);
    expect(rows[0].valueOf).toBeUndefined();
  });
});
