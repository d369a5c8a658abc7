import { describe, expect, test } from 'vitest';
import { TERRITORIAL_FORCES, matchForce } from '../../src/domain/forces';
import { DEFAULT_REGION_OF, REGIONS, regionById, regionMembers, regionOf } from '../../src/domain/regions';

// DESIGN.md §2, force names as written there, in force-name order.
const DESIGN: Record<string, string[]> = {
  'North West': ['Cheshire', 'Cumbria', 'Greater Manchester', 'Lancashire', 'Merseyside', 'North Wales'],
  'North East': ['Cleveland', 'Durham', 'Northumbria'],
  'Yorkshire and the Humber': ['Humberside', 'North Yorkshire', 'South Yorkshire', 'West Yorkshire'],
  'East Midlands': ['Derbyshire', 'Leicestershire', 'Lincolnshire', 'Northamptonshire', 'Nottinghamshire'],
  'West Midlands': ['Staffordshire', 'Warwickshire', 'West Mercia', 'West Midlands'],
  Eastern: ['Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk'],
  'South East': ['Hampshire and Isle of Wight', 'Surrey', 'Sussex', 'Thames Valley'],
  'South West': ['Avon and Somerset', 'Devon and Cornwall', 'Dorset', 'Gloucestershire', 'Wiltshire'],
  'Southern Wales': ['Dyfed-Powys', 'Gwent', 'South Wales'],
  London: ['City of London', 'Metropolitan Police'],
};

describe('regions', () => {
  test('ten regions, nine with a ROCU and London without', () => {
    expect(REGIONS.map((r) => r.name)).toEqual(Object.keys(DESIGN));
    expect(REGIONS.filter((r) => r.rocuName !== null)).toHaveLength(9);
    expect(regionById('london')?.rocuName).toBeNull();
  });

  test.each(Object.entries(DESIGN))('%s has the members DESIGN.md lists', (name, forces) => {
    const region = REGIONS.find((r) => r.name === name);
    expect(region?.forces).toEqual(forces.map((f) => matchForce(f)?.id));
  });

  test('each of the 43 forces belongs to exactly one region; other forces to none', () => {
    for (const f of TERRITORIAL_FORCES) {
      expect(REGIONS.filter((r) => r.forces.includes(f.id)).map((r) => r.id), f.id).toEqual([f.region]);
    }
    expect(Object.keys(DEFAULT_REGION_OF)).toHaveLength(43);
    expect(regionOf('btp')).toBeUndefined();
    expect(regionOf('no-such-force')).toBeUndefined();
  });
});

describe('regionOf and regionMembers with overrides', () => {
  test.each([
    ['kent', undefined, 'eastern'],
    ['kent', { kent: 'south-east' }, 'south-east'],
    ['kent', { essex: 'south-east' }, 'eastern'],
    ['city-of-london', { 'city-of-london': null }, undefined],
    ['btp', { btp: 'london' }, 'london'],
  ] as const)('regionOf(%s, %j) is %s', (force, overrides, expected) => {
    expect(regionOf(force, overrides)).toBe(expected);
  });

  test('moving a force changes both member lists and leaves the defaults alone', () => {
    const overrides = { kent: 'south-east', 'city-of-london': null } as const;
    expect(regionMembers('south-east', overrides)).toEqual(['hampshire', 'surrey', 'sussex', 'thames-valley', 'kent']);
    expect(regionMembers('eastern', overrides)).not.toContain('kent');
    expect(regionMembers('london', overrides)).toEqual(['metropolitan']);
    expect(regionMembers('eastern')).toContain('kent');
    expect(regionById('eastern')?.forces).toContain('kent');
  });
});

// Issue 17: a force id comes from the user's text (a mapping, a workbook), and some text spells Object.prototype's members.
describe('issue 17: ids named like Object.prototype members', () => {
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('%s is in no region', (id) => {
    expect(regionOf(id)).toBeUndefined();
    expect(regionOf(id, { kent: 'south-east' })).toBeUndefined();
  });
});
