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

describe('longValueName with a spreadsheet unit', () => {
  it.each([
    ['ho_police_workforce_sep19_tables_table_1', 'Full-time equivalents', 'full_time_equivalents'],
    ['ons_pfa_tables_table_p3', 'Rate per 1,000 population', 'rate_per_1_000_population'],
    ['officer_fte_by_force_region_2019', '', 'officer_fte'],
    ['fatalities', '%', 'value'],
    ['fatalities', '2019 prices', 'value'],
  ])('%s, unit %j → %s', (table, unit, name) => expect(longValueName(table, unit)).toBe(name));
});
