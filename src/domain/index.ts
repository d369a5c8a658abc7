export type { Force } from './forces';
export { FORCES, TERRITORIAL_FORCES, forceById, forceLabels, matchForce, normaliseForceText } from './forces';
export type { Region, RegionId, RegionOverrides } from './regions';
export { DEFAULT_REGION_OF, REGIONS, regionById, regionMembers, regionOf } from './regions';
export type { ThreatType } from './threats';
export { THREAT_TYPES, matchThreat, threatById } from './threats';
export type { Period, PeriodType } from './periods';
export { financialYear, parsePeriod, parsePeriodCandidates } from './periods';
export { foldText } from './text';
