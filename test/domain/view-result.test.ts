import { describe, expect, it } from 'vitest';
import { measureLabel } from '../../src/domain/view-result';
import { parseViewSpec } from '../../src/domain/view-spec';

const spec = (column: string, aggregate = 'sum') =>
  parseViewSpec({ version: 1, table: 't', roles: { force: 'force' }, measure: { column, aggregate }, compareBy: { by: 'force' }, comparison: { kind: 'total' } });

describe('measureLabel: a column name read as words', () => {
  it.each([
    ['officer_fte', 'Officer FTE'],
    ['full_time_equivalents', 'Full time equivalents'],
    ['disruptions', 'Disruptions'],
    ['softer_ftes', 'Softer ftes'],
  ])('%s → %s', (column, words) => expect(measureLabel(spec(column))).toBe(words));
});
