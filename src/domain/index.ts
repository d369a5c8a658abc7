export type { Force } from './forces';
export { FORCES, REVISION_MARK, TERRITORIAL_FORCES, forceById, forceLabels, matchForce, normaliseForceText } from './forces';
export type { Region, RegionId, RegionOverrides } from './regions';
export { DEFAULT_REGION_OF, REGIONS, regionById, regionMembers, regionOf } from './regions';
export type { ThreatType } from './threats';
export { THREAT_TYPES, matchThreat, threatById } from './threats';
export type { Period, PeriodContext, PeriodLabel, PeriodType } from './periods';
export { PERIOD_TYPES, financialYear, parsePeriod, parsePeriodCandidates, periodContext, readPeriodLabel } from './periods';
export { compareParsedPeriods, comparePeriods, isPeriodHeader, latestPeriod } from './period-order';
export { isRollingMeasure, rollingSumProblem } from './rolling';
export { foldText } from './text';
export { dict, own, withKey } from './dict';
export { REFERENCE_POPULATION, REFERENCE_YEARS, isSyntheticName, populationYear, populationYearOf } from './population';
export type { LabelledRow, RowKind, RowVerdict } from './aggregates';
export { relaxations, type Relaxation } from './view-empty';
export { longValueName } from './wide';
export { LEFT_OUT_KINDS, classifyRows, equalsSum, isNationalBody, leftOutCaption, listLabels } from './aggregates';
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
  RatePer,
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
  perWords,
  ratePer,
  resolveDimension,
  resultColumns,
  valueLabel,
} from './view-result';
export { dimensionRole, needsRate } from './view-semantics';
export { Z95, Z998, byarLower, byarRateInterval, byarUpper, countControlLimits } from './poisson';
export type { TableShape } from './view-defaults';
export { defaultAggregate, defaultPopulation, defaultView, dimensionChoices, isCountMeasure, measureColumns, populationLookups, sortPeriods, specRoles } from './view-defaults';
export type { ColumnRole, ColumnSample } from './roles';
export { readPeriod, recogniseRoles } from './roles';
export { COMPARISONS, filterValues, withAggregate, withBasis, withCompareBy, withComparison, withFilter, withMeasure, withPeers, withDenominator, withPer, withPeriodRange, withPopulation, withSeries } from './view-edits';
export type { CsvEncodingChoice, CsvLoadOptions } from './csv-options';
export { checkCsvOptions, dropLines, shouldClean } from './csv-options';
export type { CellRange, SheetLoadOptions } from './sheet-options';
export { checkSheetOptions, columnIndex, hasSheetOptions, parseA1Range } from './sheet-options';
export { firstRaggedRow, parseRows } from './csv-rows';
export type { CsvColumnKind, CsvColumnPlan, CsvPlan } from './messy-csv';
export { MISSING_MARKERS, detectMessyCsv, isMissingMarker } from './messy-csv';
export type { SplitCell } from './cells';
export { NUMBER_FOOTNOTE_PATTERN, isKnownLabel, oneLine, splitFootnote, splitNumberFootnote } from './cells';
export { errorMessage } from './error-message';
export { isIntegerType, isNumericType, isTemporalType } from './sql-types';
export type { RoleKind } from './roles';
export { DIMENSION_TOTAL_PATTERN, OTHER_REGION_KEYS, TOTAL_LABEL_PATTERN, normaliseRegionText, regionLabels } from './roles';
export { ROLE_KINDS, correctRole } from './role-correction';
export type { WideTable } from './wide';
export { detectWideTable } from './wide';
export { DEFAULT_PROTECTION, SUPPRESSED_MARK, isSuppressed, parseProtection, protectRows, type ProtectedRows, type Protection } from './suppression';
