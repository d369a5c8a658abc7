import { describe, expect, it } from 'vitest';
import { longValueName } from '../../src/domain/wide';

describe('longValueName', () => {
  it.each([
    ['officer_fte_by_force_region_2019', 'officer_fte'],
    ['deaths_in_custody_by_force_fy', 'deaths_in_custody'],
    ['fatalities', 'value'],
    ['2019_by_force', 'value'],
  ])('%s → %s', (table, name) => expect(longValueName(table)).toBe(name));
});
