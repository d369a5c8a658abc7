import { describe, expect, test } from 'vitest';
import { correctRole, ROLE_KINDS } from '../../src/domain/role-correction';
import { recogniseRoles } from '../../src/domain/roles';

const [level] = recogniseRoles([{ name: 'level', type: 'VARCHAR', sample: ['local', 'regional', 'national'] }]);

describe('correctRole', () => {
  test('keeps the recognised role when the user picks it again', () => {
    expect(correctRole(level, level.role, [])).toBe(level);
  });

  test('every kind gives a complete role of that kind, marked as the user’s', () => {
    for (const kind of ROLE_KINDS) {
      const r = correctRole(level, kind, ['2019/20', '2020/21']);
      expect(r.role).toBe(kind);
      expect(r.name).toBe('level');
      if (kind !== level.role) expect(r.reason).toMatch(/^set by you \(recognised as dimension\)/);
    }
  });

  test('a period correction reads its type from the sample, and flags a mix', () => {
    const fy = correctRole(level, 'period', ['2019/20', '2020-21', 'FY 2021/22']);
    expect(fy).toMatchObject({ role: 'period', periodType: 'financial-year', mixed: false });
    const mixed = correctRole(level, 'period', ['2019/20', '2020/21', '2021', 'March 2022']);
    expect(mixed).toMatchObject({ role: 'period', periodType: 'financial-year', mixed: true });
  });

  test('a measure correction is summed, with no unit claimed', () => {
    expect(correctRole(level, 'measure', [])).toMatchObject({ role: 'measure', unit: 'other', aggregation: 'sum' });
  });
});
