/**
 * A user's correction of a recognised column role: the role they chose, filled in with what that role needs
 * (a period type, a unit) from the same sample recognition saw.
 */
import { PERIOD_TYPES, parsePeriodCandidates, periodContext, type PeriodType } from './periods';
import type { ColumnRole, RoleKind } from './roles';

/** Every role a user can pick, in the order a menu lists them. */
export const ROLE_KINDS: readonly RoleKind[] = ['force', 'region', 'period', 'threat', 'measure', 'dimension'];

const PERIOD_ORDER = PERIOD_TYPES;

/** `detected` with its role changed to `kind`; unchanged when `kind` is already its role. */
export function correctRole(detected: ColumnRole, kind: RoleKind, sample: readonly unknown[]): ColumnRole {
  if (detected.role === kind) return detected;
  const base = { name: detected.name, type: detected.type, confidence: 1, reason: `set by you (recognised as ${detected.role})` };
  switch (kind) {
    case 'force':
    case 'region':
    case 'threat':
      return { ...base, role: kind, totals: true };
    case 'dimension':
      return { ...base, role: kind, totals: false };
    case 'measure':
      return { ...base, role: kind, unit: 'other', aggregation: 'sum' };
    case 'period': {
      const context = periodContext(detected.name);
      const parsed = [...new Set(sample.filter((v) => v !== null && v !== undefined).map(String))].map((v) => parsePeriodCandidates(v, context));
      const fits = (t: PeriodType) => parsed.filter((p) => p.some((x) => x.type === t)).length;
      const best = PERIOD_ORDER.reduce((a, b) => (fits(b) > fits(a) ? b : a));
      const types = PERIOD_ORDER.filter((t) => parsed.some((p) => (p.find((x) => x.type === best) ?? p[0])?.type === t));
      return { ...base, role: 'period', periodType: best, mixed: types.length > 1, periodTypes: types.length ? types : [best] };
    }
  }
}
