import { matchForce } from './forces';
import { PERIOD_TYPES, parsePeriodCandidates, periodContext, type Period, type PeriodContext, type PeriodType } from './periods';
import { REGIONS, type Region } from './regions';
import { matchThreat } from './threats';
import { isNumericType, isTemporalType } from './sql-types';
import { foldText } from './text';

/** What a column is for: a force, region, period or threat column, a measure, or any other dimension. */
export type RoleKind = 'force' | 'region' | 'period' | 'threat' | 'measure' | 'dimension';

/** The unit of a measure; decides its default aggregation. */
export type MeasureUnit = 'count' | 'gbp' | 'rate' | 'percentage' | 'other';

/** How a measure is combined across rows by default: rates and percentages are never summed. */
export type Aggregation = 'sum' | 'avg';

/** A column as recognition sees it: its name, DuckDB type and a sample of its values. */
export interface ColumnSample {
  name: string;
  type: string;
  sample: readonly unknown[];
  /** The unit when the loader already knows it (a cleaned CSV column that had £ or % removed). */
  unit?: MeasureUnit;
}

interface RoleBase {
  /** The column's name. */
  name: string;
  /** The column's DuckDB type, as given. */
  type: string;
  /** 0–1: how sure recognition is. */
  confidence: number;
  /** Why, in a few words, for a tooltip. */
  reason: string;
}

/** The recognised role of one column, with what that role needs to know. */
export type ColumnRole =
  | (RoleBase & { role: 'force' | 'region' | 'threat'; totals: boolean })
  | (RoleBase & { role: 'period'; periodType: PeriodType; mixed: boolean; periodTypes: PeriodType[] })
  | (RoleBase & { role: 'measure'; unit: MeasureUnit; aggregation: Aggregation })
  | (RoleBase & { role: 'dimension'; totals: boolean });

// One pattern for JS and for DuckDB's RE2 (src/query/normalise.ts uses it too), applied to foldText().
// "Total North East", "*Total", "Grand total", "All forces", "England and Wales", "Total 43 forces", "UK".
/** Aggregate-row labels after foldText(); valid in JS and RE2 alike. */
export const TOTAL_LABEL_PATTERN =
  String.raw`^(?:(?:grand |sub ?)?totals?\b|all (?:police )?forces\b|england and wales\b|national$|united kingdom$|uk$)|\btotals?$`;
const TOTAL_LABEL = new RegExp(TOTAL_LABEL_PATTERN);

// Free-text dimensions get the strict form only, so a note such as "Excluded from the England and Wales totals" is not a total.
/** Aggregate-row labels in other text columns ("*Total Tactics", "All"), after foldText(); JS and RE2 alike. */
// "Handcuffing, of which" heads the rows that break it down (Home Office use-of-force Table 1): a subtotal too.
export const DIMENSION_TOTAL_PATTERN = String.raw`^(?:(?:grand |sub ?)?totals?\b|all$)|\bof which$`;
const DIMENSION_TOTAL = new RegExp(DIMENSION_TOTAL_PATTERN);

/** True for labels of aggregate rows ("Total", "England & Wales", "Total North East ", "*Total", "All forces"). */
export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(foldText(text));
}

/** Normalises a region label for matching: foldText, then a trailing "region" dropped. */
export function normaliseRegionText(text: string): string {
  return foldText(text).replace(/ region$/, '');
}

// Other spellings of SOC regions met in Home Office tables (the ROCU names and brands match too).
const REGION_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'yorkshire-and-the-humber': ['Yorkshire and Humber', 'Yorkshire'],
};

/** Every label a region answers to, before normalisation. */
export function regionLabels(r: Region): string[] {
  return [r.name, r.rocuName, r.rocuAbbreviation, r.brand, ...(REGION_ALIASES[r.id] ?? [])].filter((s): s is string => !!s);
}

const regionByKey = new Map<string, Region>();
for (const r of REGIONS) for (const label of regionLabels(r)) regionByKey.set(normaliseRegionText(label), r);

/** The SOC region a label names ("North West", "NWROCU", "Tarian"), or undefined. */
export function matchRegion(text: string): Region | undefined {
  const key = normaliseRegionText(text);
  return key === '' ? undefined : regionByKey.get(key);
}

/**
 * Region names that are not SOC regions but head region rows in Home Office tables ("East of England", "Wales"):
 * recognised as regions, never mapped to a SOC region (their members differ), so they are listed as unmatched.
 */
export const OTHER_REGION_KEYS: readonly string[] = ['east of england', 'east', 'wales', 'england'];

/** True for a SOC region label or a Home Office region name. */
export function isRegionLike(text: string): boolean {
  return matchRegion(text) !== undefined || OTHER_REGION_KEYS.includes(normaliseRegionText(text));
}

/** In a force column: a total, or a region heading a block of forces ("North East" above Cleveland, Durham…). */
export function isForceAggregate(text: string): boolean {
  return matchForce(text) === undefined && (isTotalLabel(text) || isRegionLike(text));
}

/** True for a value that is missing in all but name: empty or whitespace only. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * The reading of a period label that fits `preferred` (a column's period type), else its most likely reading;
 * `context` is what the column's header says about bare years (periodContext()).
 */
export function readPeriod(text: string, preferred?: PeriodType, context?: PeriodContext): Period | undefined {
  const candidates = parsePeriodCandidates(text, context);
  return candidates.find((p) => p.type === preferred) ?? candidates[0];
}


// Placeholders Excel-era tables use for missing numbers; recognition skips them.
const MISSING = new Set(['-', '–', '—', '..', '...', 'n/a', 'na', 'x', '*', ':', '[x]', '[c]', '[z]', '[low]', '[u]', '[w]']);
const NUMBER_TEXT = /^[+-]?[£$€]?[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?$|^[+-]?[£$€]?[+-]?\.\d+\s*%?$/;

const NAME = {
  force: /forces?\b|police|constabular|authority|\bpfa/i,
  region: /region|rocu/i,
  period: /year|\byr\b|period|date|month|quarter|\bfy\b|\bytd\b|financial|time/i,
  threat: /threat|crime ?type|offence ?type|categor|\bsoc\b/i,
  coordinate: /^(?:lat|latitude|lon|lng|long|longitude|easting|northing|x|y)$/i,
  id: /^(?:f?id|objectid|row ?id|index)$|[_ ]id$|\bcode$/i,
  gbp: /£|\bgbp\b|pounds|\bcash\b|\bcost|\bspend|\bamount\b|budget|\bprice|value \(£/i,
  rate: /\brate\b|per 100|per 1,?000|per capita|per head|\bratio\b/i,
  percentage: /%|percent|\bpct\b|proportion|\bshare\b/i,
  count: /count|number|^n$|\btotal|arrests?|charges?|disruptions?|offences?|incidents?|crimes?|population|recovered|closed|safeguarded|deaths?|officers?|\bfte\b|staff|searches|seizures|stops|victims|cases|\bused?\b/i,
};

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  const prim = (v as { valueOf(): unknown }).valueOf();
  return typeof prim === 'object' ? JSON.stringify(prim, (_, x) => (typeof x === 'bigint' ? String(x) : x)) : String(prim);
}

// "cash_seized_gbp" is named like "cash seized gbp": \b does not split on "_".
const words = (name: string) => name.replace(/[_.]+/g, ' ').trim();

const pct = (n: number, of: number) => (of === 0 ? 0 : n / of);
const round2 = (x: number) => Math.round(x * 100) / 100;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Values {
  /** Non-blank values as text, in sample order. */
  all: string[];
  /** Distinct non-blank values. */
  distinct: string[];
}

function values(sample: readonly unknown[]): Values {
  const all = sample.map(text).filter((s): s is string => s !== null && !isBlank(s));
  return { all, distinct: [...new Set(all)] };
}

function categorical(c: ColumnSample, v: Values): ColumnRole | undefined {
  let forces = 0, regions = 0, both = 0, totals = 0, threats = 0, other = 0;
  for (const s of v.distinct) {
    const force = matchForce(s) !== undefined;
    const region = isRegionLike(s);
    if (force && region) both++;
    else if (force) forces++;
    else if (region) regions++;
    else if (isTotalLabel(s)) totals++;
    else if (matchThreat(s)) threats++;
    else other++;
  }
  const hasTotals = totals > 0;
  const n = v.distinct.length;
  const named = (re: RegExp) => re.test(words(c.name));
  const enough = (share: number, re: RegExp) => share >= 0.8 || (share >= 0.5 && named(re));
  const conf = (share: number, re: RegExp) => round2(Math.min(1, 0.45 + share * 0.45 + (named(re) ? 0.1 : 0)));

  // Region headings in a force column ("North East" above its forces) are aggregates, not unmatched forces.
  const forceShare = pct(forces + both, forces + both + other + threats);
  if (forces > 0 && forces >= regions && enough(forceShare, NAME.force)) {
    const extra = regions + totals > 0 ? `; ${plural(regions + totals, 'total or region row')}` : '';
    return {
      name: c.name, type: c.type, role: 'force', totals: regions + totals > 0, confidence: conf(forceShare, NAME.force),
      reason: `${forces + both} of ${forces + both + other + threats} distinct values are police forces${extra}`,
    };
  }
  const regionShare = pct(regions + both, n - totals);
  if (regions + both > 0 && regions >= forces && enough(regionShare, NAME.region)) {
    return {
      name: c.name, type: c.type, role: 'region', totals: hasTotals, confidence: conf(regionShare, NAME.region),
      reason: `${regions + both} of ${n - totals} distinct values are regions`,
    };
  }
  const threatShare = pct(threats, n - totals);
  if (threats > 0 && enough(threatShare, NAME.threat)) {
    return {
      name: c.name, type: c.type, role: 'threat', totals: hasTotals, confidence: conf(threatShare, NAME.threat),
      reason: `${threats} of ${n - totals} distinct values are SOC threat types`,
    };
  }
  return undefined;
}

function period(c: ColumnSample, v: Values): ColumnRole | undefined {
  if (isTemporalType(c.type)) {
    // Under "12 months ending" each date ends a rolling year.
    if (periodContext(c.name)?.kind === 'rolling-year') {
      return { name: c.name, type: c.type, role: 'period', periodType: 'rolling-year', mixed: false, periodTypes: ['rolling-year'], confidence: 0.95, reason: `${c.type} values end 12-month periods` };
    }
    return { name: c.name, type: c.type, role: 'period', periodType: 'date', mixed: false, periodTypes: ['date'], confidence: 0.95, reason: `${c.type} values are dates` };
  }
  // "As at 31 March" over bare years names a period column as surely as "Year" does.
  const context = periodContext(c.name);
  const named = NAME.period.test(words(c.name)) || context !== undefined;
  if (v.distinct.length === 0) return undefined;
  const parsed = v.distinct.map((x) => parsePeriodCandidates(x, context));
  const readable = parsed.filter((p) => p.length > 0).length;
  const share = readable / v.distinct.length;
  if (share < 0.8 && !(named && share >= 0.5)) return undefined;
  // The reading that fits most values wins: "2011-12" is a financial year among years, a month among months.
  const order = PERIOD_TYPES;
  const fits = new Map(order.map((t) => [t, parsed.filter((p) => p.some((x) => x.type === t)).length]));
  const best = order.reduce((a, b) => ((fits.get(b) ?? 0) > (fits.get(a) ?? 0) ? b : a));
  const types = new Set(parsed.filter((p) => p.length > 0).map((p) => (p.find((x) => x.type === best) ?? p[0]).type));
  // Bare 4-digit numbers are years only when the name says so: counts such as 2005 are common.
  if (best === 'calendar-year' && types.size === 1 && !named) return undefined;
  if (isNumericType(c.type) && !named) return undefined;
  const periodTypes = order.filter((t) => types.has(t));
  const label = best.replace('-', ' ');
  return {
    name: c.name, type: c.type, role: 'period', periodType: best, mixed: periodTypes.length > 1, periodTypes,
    confidence: round2(Math.min(1, 0.5 + share * 0.4 + (named ? 0.1 : 0))),
    reason:
      periodTypes.length > 1
        ? `mixed periods: ${periodTypes.join(', ').replaceAll('-', ' ')}`
        : `${readable} of ${v.distinct.length} distinct values are ${label}s`,
  };
}

function measureUnit(c: ColumnSample, v: Values): { unit: MeasureUnit; why: string } {
  if (c.unit) return { unit: c.unit, why: 'unit given by the loader' };
  const share = (re: RegExp) => pct(v.all.filter((s) => re.test(s)).length, v.all.length);
  if (share(/%\s*$/) >= 0.5) return { unit: 'percentage', why: 'values end in %' };
  if (share(/^[+-]?£/) >= 0.5) return { unit: 'gbp', why: 'values start with £' };
  const name = words(c.name);
  if (NAME.rate.test(name)) return { unit: 'rate', why: 'named as a rate' };
  if (NAME.percentage.test(name)) return { unit: 'percentage', why: 'named as a percentage' };
  if (NAME.gbp.test(name)) return { unit: 'gbp', why: 'named as money' };
  if (NAME.count.test(name)) return { unit: 'count', why: 'named as a count' };
  const nums = v.all.map((s) => Number(s.replace(/[£$€,%\s]/g, ''))).filter((x) => Number.isFinite(x));
  if (nums.length > 0 && nums.every((x) => Number.isInteger(x) && x >= 0)) return { unit: 'count', why: 'whole numbers ≥ 0' };
  return { unit: 'other', why: 'numbers' };
}

/**
 * Numbers that are never a measure whatever their type: coordinates (a sum of longitudes is no count of anything)
 * and identifiers. The builder does not offer them as measures either.
 */
export function neverMeasured(column: { name: string; type: string }): boolean {
  return NAME.coordinate.test(words(column.name)) || (isNumericType(column.type) && NAME.id.test(words(column.name)));
}

function measure(c: ColumnSample, v: Values): ColumnRole | undefined {
  const numeric = isNumericType(c.type);
  if (!numeric) {
    const cells = v.all.filter((s) => !MISSING.has(s.trim().toLowerCase()));
    if (cells.length === 0 || cells.filter((s) => NUMBER_TEXT.test(s.trim())).length / cells.length < 0.8) return undefined;
  }
  if (NAME.coordinate.test(words(c.name)) || NAME.id.test(words(c.name))) return undefined;
  const { unit, why } = measureUnit(c, v);
  const negative = v.all.some((s) => /^\s*-\s*[£$€]?\d/.test(s) || /^\s*[£$€]-\d/.test(s));
  // Counts and money add up across forces; rates and percentages do not (recompute them from their parts).
  const aggregation: Aggregation = unit === 'count' || unit === 'gbp' || (unit === 'other' && !negative) ? 'sum' : 'avg';
  const from = numeric ? c.type : 'text numbers';
  return {
    name: c.name, type: c.type, role: 'measure', unit, aggregation,
    confidence: unit === 'other' ? 0.7 : 0.9,
    reason: `${from}; ${why} → ${unit === 'gbp' ? '£' : unit}, ${aggregation === 'sum' ? 'summed' : 'averaged, never summed'}`,
  };
}

function dimension(c: ColumnSample, v: Values): ColumnRole {
  const totals = v.distinct.some((s) => DIMENSION_TOTAL.test(foldText(s)));
  const why = NAME.coordinate.test(words(c.name))
    ? 'coordinates: never summed'
    : isNumericType(c.type) && NAME.id.test(words(c.name))
      ? 'an identifier: never summed'
      : v.distinct.length === 0
        ? 'no values in the sample'
        : `${plural(v.distinct.length, 'distinct value')}; no forces, periods or threat types`;
  return { name: c.name, type: c.type, role: 'dimension', totals, confidence: v.distinct.length === 0 ? 0.3 : 0.6, reason: why };
}

/** The recognised role of each column, from its name, type and sampled values; one entry per column, in order. */
export function recogniseRoles(columns: readonly ColumnSample[]): ColumnRole[] {
  return columns.map((c) => {
    const v = values(c.sample);
    const numeric = isNumericType(c.type);
    if (isTemporalType(c.type)) return period(c, v) as ColumnRole;
    if (numeric) return period(c, v) ?? measure(c, v) ?? dimension(c, v);
    if (!/^VARCHAR|^TEXT|^STRING|^CHAR/i.test(c.type) && c.type !== '') return dimension(c, v);
    return categorical(c, v) ?? period(c, v) ?? measure(c, v) ?? dimension(c, v);
  });
}
