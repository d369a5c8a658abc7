export type { Force } from './forces';
export { FORCES, TERRITORIAL_FORCES, forceById, forceLabels, matchForce, normaliseForceText } from './forces';
export type { Region, RegionId, RegionOverrides } from './regions';
export { DEFAULT_REGION_OF, REGIONS, regionById, regionMembers, regionOf } from './regions';
export type { ThreatType } from './threats';
export { THREAT_TYPES, matchThreat, threatById } from './threats';
export type { Period, PeriodType } from './periods';
export { financialYear, parsePeriod, parsePeriodCandidates } from './periods';
export { foldText } from './text';
export type { LabelledRow, RowKind, RowVerdict } from './aggregates';
export { relaxations, type Relaxation } from './view-empty';
export { LEFT_OUT_KINDS, classifyRows, equalsSum, isNationalBody, listLabels } from './aggregates';
export type {
  Aggregate,
  Basis,
  ChartSpec,
  ChartType,
  Comparison,
  Denominator,
  Dimension,
  Filter,
  FilterValue,
  Highlight,
  Measure,
  Migration,
  ParseOptions,
  PeerGroup,
  PeriodRange,
  Role,
  Roles,
  SpecSchema,
  Uncertainty,
  ViewSpec,
} from './view-spec';
export {
  MIGRATIONS,
  SpecError,
  VIEW_SPEC_VERSION,
  checkSpecAgainstSchema,
  formatPath,
  isIntegerType,
  isNumericType,
  joinPath,
  migrate,
  parseViewSpec,
  peerForces,
  regionPeers,
  totalColumn,
} from './view-spec';
export type { ResolvedDimension, ResultColumn, ResultRole } from './view-result';
export {
  COMPUTED_COLUMNS,
  areaDimension,
  basisLabel,
  hasIntervals,
  hasReferences,
  measureLabel,
  resolveDimension,
  resultColumns,
  valueLabel,
} from './view-result';
export { dimensionRole, needsRate } from './view-semantics';
export { Z95, Z998, byarLower, byarRateInterval, byarUpper, countControlLimits } from './poisson';
export type { TableShape } from './view-defaults';
export { defaultAggregate, defaultView, dimensionChoices, isCountMeasure, measureColumns, populationLookups, sortPeriods, specRoles } from './view-defaults';
export type { ColumnRole, ColumnSample } from './roles';
export { recogniseRoles } from './roles';
export { COMPARISONS, filterValues, withAggregate, withBasis, withCompareBy, withComparison, withFilter, withMeasure, withPeers, withPeriodRange, withPopulation, withSeries } from './view-edits';
