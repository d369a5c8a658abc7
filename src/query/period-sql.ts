/**
 * src/domain/periods.ts's parsePeriod, rewritten as DuckDB macros over RE2 regexps, so that period columns are
 * parsed in SQL and give exactly what the JS parser gives (test/query/normalise.test.ts checks a table of forms).
 * Forms, in the parser's order: financial years, calendar years, quarters, months, dates, rolling years, points in time
 * ("As at 31 March 2023", "Mid-2019"). Each soc_p_* macro returns
 * a STRUCT(label, start, type) or NULL. Dates are built by TRY_CAST from text, so a bad day is NULL, never an error.
 */
import { GLUED_NOTE_PATTERN, PERIOD_NOTE_PATTERN } from '../domain/period-notes';
import type { PeriodContext } from '../domain/periods';
import { str } from './sql';

const r = String.raw;
// The JS regexps, with RE2 spellings where they differ: RE2 has no backreference, so UK dates list each separator.
const FY = r`^(?:fy|f/y)?\s*(\d{4}|\d{2})(?:\s*[-/]\s*|\s+to\s+)(\d{4}|\d{2})$`;
const YEAR_ENDING_MARCH = r`^(?:year ending|ye)\s+(?:31\s+)?mar(?:ch)?\s+(\d{4})$`;
const APRIL_TO_MARCH = r`^(?:1(?:st)?\s+)?apr(?:il)?\s+'?(\d{4}|\d{2})\s*(?:-|to)\s*(?:31(?:st)?\s+)?mar(?:ch)?\s+'?(\d{4}|\d{2})$`;
const CALENDAR_YEAR = r`^(\d{4})(?:\.0+)?$`;
const QUARTER_FIRST = r`^q([1-4])[\s-]*(.+)$`;
const QUARTER_LAST = r`^(.+?)[\s-]*q([1-4])$`;
const ISO_MONTH = r`^(\d{4})-(\d{2})$`;
const WORD_MONTH = r`^([a-z]+\.?)(?:\s+|\s*-\s*)(\d{4})$`;
const EXCEL_MONTH = r`^([a-z]+)-(\d{2})$`;
const TIME = r`(?:[t\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?`;
const ISO_DATE = r`^(\d{4})-(\d{2})-(\d{2})` + TIME + '$';
const UK_DATE = r`^(\d{1,2})(?:/(\d{1,2})/|\.(\d{1,2})\.|-(\d{1,2})-)(\d{4})` + TIME + '$';
const WORDY_DATE = r`^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+\.?),?\s+(\d{4})$`;
const ROLLING = r`^(?:year ending|ye|(?:12|twelve) months? (?:ending|to)|rolling (?:year|12 months) (?:ending|to))\s+(.+)$`;
const MID_YEAR = r`^mid[- ]?(?:year[- ]?)?(\d{4})$`;
const AS_AT = r`^as at:?\s+(.+)$`;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const int = (e: string) => `TRY_CAST(${e} AS INTEGER)`;
const group = (t: string, re: string, n: number) => `regexp_extract(${t}, ${str(re)}, ${n})`;
const matches = (t: string, re: string) => `regexp_matches(${t}, ${str(re)})`;
const valid = (y: string) => `${y} BETWEEN 1900 AND 2099`;
const pad2 = (e: string) => `lpad(CAST(${e} AS VARCHAR), 2, '0')`;
const period = (label: string, start: string, type: string) =>
  `struct_pack(label := ${label}, start := TRY_CAST(${start} AS DATE), type := ${str(type)})`;

/** The CREATE MACRO statements of the period parser; `ws` is the whitespace class that JS's trim() and \s use. */
export function periodMacros(ws: string): string[] {
  const monthCases = [
    ...MONTHS.map((m, i) => `WHEN ${str(m)} THEN ${i + 1}`),
    ...MONTH_NAMES.filter((m) => m.length !== 3).map((m) => `WHEN ${str(m)} THEN ${MONTH_NAMES.indexOf(m) + 1}`),
    `WHEN 'sept' THEN 9`,
  ].join(' ');
  const fyLabel = (st: string) => `CAST(${st} AS VARCHAR) || '/' || ${pad2(`(${st} + 1) % 100`)}`;
  return [
    // A footnote number glued to a trailing year ("30 september 20191") dropped.
    `CREATE OR REPLACE MACRO soc_period_unglued(t) AS CASE WHEN ${matches('t', GLUED_NOTE_PATTERN)} THEN ${group('t', GLUED_NOTE_PATTERN, 1)} ELSE t END`,
    // clean() of periods.ts: trim, lower-case, Unicode dashes to "-", curly apostrophes to "'", runs of whitespace to
    // one space, then footnote markers dropped ("10/11*", "2019 [note 3]").
    `CREATE OR REPLACE MACRO soc_period_text(s) AS soc_period_unglued(regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(regexp_replace(s, ${str(`^${ws}+|${ws}+$`)}, '', 'g')), ` +
      `${str(r`[\x{2010}-\x{2015}\x{2212}]`)}, '-', 'g'), ${str(r`[\x{2018}\x{2019}]`)}, ${str("'")}, 'g'), ${str(`${ws}+`)}, ' ', 'g'), ${str(PERIOD_NOTE_PATTERN)}, ''))`,
    `CREATE OR REPLACE MACRO soc_expand_year(d) AS CASE WHEN length(d) = 4 THEN ${int('d')} ` +
      `WHEN ${int('d')} < 70 THEN 2000 + ${int('d')} ELSE 1900 + ${int('d')} END`,
    // "12/13" and "FY12-13" are years; bare "12-13" is as likely an age band.
    `CREATE OR REPLACE MACRO soc_fy_parts(t, a, b) AS CASE WHEN length(a) = 2 AND length(b) = 4 THEN NULL ` +
      `WHEN length(a) = 2 AND NOT starts_with(t, 'f') AND NOT contains(t, '/') THEN NULL ` +
      `WHEN (CASE WHEN length(b) = 4 THEN ${int('b')} = soc_expand_year(a) + 1 ELSE ${int('b')} = (soc_expand_year(a) + 1) % 100 END) ` +
      `AND ${valid('soc_expand_year(a)')} THEN soc_expand_year(a) END`,
    `CREATE OR REPLACE MACRO soc_fy_start(t) AS CASE ` +
      `WHEN ${matches('t', FY)} THEN soc_fy_parts(t, ${group('t', FY, 1)}, ${group('t', FY, 2)}) ` +
      `WHEN ${matches('t', YEAR_ENDING_MARCH)} THEN CASE WHEN ${valid(`${int(group('t', YEAR_ENDING_MARCH, 1))} - 1`)} ` +
      `THEN ${int(group('t', YEAR_ENDING_MARCH, 1))} - 1 END ` +
      `WHEN ${matches('t', APRIL_TO_MARCH)} THEN CASE WHEN soc_expand_year(${group('t', APRIL_TO_MARCH, 2)}) = soc_expand_year(${group('t', APRIL_TO_MARCH, 1)}) + 1 ` +
      `AND ${valid(`soc_expand_year(${group('t', APRIL_TO_MARCH, 1)})`)} THEN soc_expand_year(${group('t', APRIL_TO_MARCH, 1)}) END END`,
    `CREATE OR REPLACE MACRO soc_cy_year(t) AS CASE WHEN ${matches('t', CALENDAR_YEAR)} AND ${valid(int(group('t', CALENDAR_YEAR, 1)))} ` +
      `THEN ${int(group('t', CALENDAR_YEAR, 1))} END`,
    `CREATE OR REPLACE MACRO soc_month_number(w) AS CASE regexp_replace(w, '\\.$', '') ${monthCases} END`,
    // A macro pastes its arguments wherever they occur, and binding time grows with the pasted size: an argument used
    // several times is bound once, by a one-element list_transform (DuckDB 0.9.1 has no LET).
    `CREATE OR REPLACE MACRO soc_fy_period(st) AS list_transform([CAST(st AS INTEGER)], soc_st -> CASE WHEN soc_st IS NOT NULL THEN ` +
      `${period(fyLabel('soc_st'), `CAST(soc_st AS VARCHAR) || '-04-01'`, 'financial-year')} END)[1]`,
    `CREATE OR REPLACE MACRO soc_p_fy(t) AS soc_fy_period(soc_fy_start(t))`,
    `CREATE OR REPLACE MACRO soc_p_cy(t) AS CASE WHEN soc_cy_year(t) IS NOT NULL THEN ` +
      `${period('CAST(soc_cy_year(t) AS VARCHAR)', `CAST(soc_cy_year(t) AS VARCHAR) || '-01-01'`, 'calendar-year')} END`,
    // A quarter of a calendar year (Q1 = Jan–Mar) or of a financial year (Q1 = Apr–Jun).
    `CREATE OR REPLACE MACRO soc_quarter(q, rest) AS list_transform([struct_pack(cy := CAST(soc_cy_year(rest) AS INTEGER), fy := CAST(soc_fy_start(rest) AS INTEGER))], soc_y -> CASE ` +
      `WHEN struct_extract(soc_y, 'cy') IS NOT NULL THEN ${period(`CAST(struct_extract(soc_y, 'cy') AS VARCHAR) || ' Q' || CAST(q AS VARCHAR)`,
        `CAST(struct_extract(soc_y, 'cy') AS VARCHAR) || '-' || ${pad2('3 * q - 2')} || '-01'`, 'quarter')} ` +
      `WHEN struct_extract(soc_y, 'fy') IS NOT NULL THEN ${period(`${fyLabel("struct_extract(soc_y, 'fy')")} || ' Q' || CAST(q AS VARCHAR)`,
        `CAST(struct_extract(soc_y, 'fy') + CASE WHEN q = 4 THEN 1 ELSE 0 END AS VARCHAR) || '-' || ${pad2('CASE WHEN q = 4 THEN 1 ELSE 3 * q + 1 END')} || '-01'`,
        'quarter')} END)[1]`,
    `CREATE OR REPLACE MACRO soc_p_quarter(t) AS CASE ` +
      `WHEN ${matches('t', QUARTER_FIRST)} THEN soc_quarter(${int(group('t', QUARTER_FIRST, 1))}, ${group('t', QUARTER_FIRST, 2)}) ` +
      // As in periods.ts, a single digit before "q" is read as the quarter, leaving no year.
      `WHEN ${matches('t', QUARTER_LAST)} AND NOT regexp_full_match(${group('t', QUARTER_LAST, 1)}, '[0-9]') ` +
      `THEN soc_quarter(${int(group('t', QUARTER_LAST, 2))}, ${group('t', QUARTER_LAST, 1)}) END`,
    `CREATE OR REPLACE MACRO soc_month_of(y, m) AS CASE WHEN ${valid('y')} AND m BETWEEN 1 AND 12 THEN ` +
      `${period(`CAST(y AS VARCHAR) || '-' || ${pad2('m')}`, `CAST(y AS VARCHAR) || '-' || ${pad2('m')} || '-01'`, 'month')} END`,
    `CREATE OR REPLACE MACRO soc_p_month(t) AS CASE ` +
      `WHEN ${matches('t', ISO_MONTH)} THEN soc_month_of(${int(group('t', ISO_MONTH, 1))}, ${int(group('t', ISO_MONTH, 2))}) ` +
      `WHEN ${matches('t', WORD_MONTH)} THEN soc_month_of(soc_expand_year(${group('t', WORD_MONTH, 2)}), soc_month_number(${group('t', WORD_MONTH, 1)})) ` +
      `WHEN ${matches('t', EXCEL_MONTH)} THEN soc_month_of(soc_expand_year(${group('t', EXCEL_MONTH, 2)}), soc_month_number(${group('t', EXCEL_MONTH, 1)})) END`,
    // Days per month by arithmetic: make_date() would raise an error on 30 February, and TRY_CAST is not trusted to.
    `CREATE OR REPLACE MACRO soc_date_of(y, m, d) AS CASE WHEN ${valid('y')} AND m BETWEEN 1 AND 12 AND d >= 1 AND d <= ` +
      `CASE WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END WHEN m IN (4, 6, 9, 11) THEN 30 ELSE 31 END ` +
      `THEN ${period(`CAST(y AS VARCHAR) || '-' || ${pad2('m')} || '-' || ${pad2('d')}`, `CAST(y AS VARCHAR) || '-' || ${pad2('m')} || '-' || ${pad2('d')}`, 'date')} END`,
    `CREATE OR REPLACE MACRO soc_p_date(t) AS CASE ` +
      `WHEN ${matches('t', ISO_DATE)} THEN soc_date_of(${int(group('t', ISO_DATE, 1))}, ${int(group('t', ISO_DATE, 2))}, ${int(group('t', ISO_DATE, 3))}) ` +
      `WHEN ${matches('t', UK_DATE)} THEN soc_date_of(${int(group('t', UK_DATE, 5))}, ` +
      `${int(`${group('t', UK_DATE, 2)} || ${group('t', UK_DATE, 3)} || ${group('t', UK_DATE, 4)}`)}, ${int(group('t', UK_DATE, 1))}) ` +
      `WHEN ${matches('t', WORDY_DATE)} THEN soc_date_of(${int(group('t', WORDY_DATE, 3))}, soc_month_number(${group('t', WORDY_DATE, 2)}), ${int(group('t', WORDY_DATE, 1))}) END`,
    `CREATE OR REPLACE MACRO soc_month_end(d) AS CAST(CAST(d AS DATE) + INTERVAL 1 MONTH AS DATE) - 1`,
    // The last day a date or month names (periods.ts endOf()).
    `CREATE OR REPLACE MACRO soc_end_of(t) AS list_transform([CAST(t AS VARCHAR)], soc_r -> ` +
      `coalesce(struct_extract(soc_p_date(soc_r), 'start'), soc_month_end(struct_extract(soc_p_month(soc_r), 'start'))))[1]`,
    `CREATE OR REPLACE MACRO soc_day_month_year(d) AS CAST(day(CAST(d AS DATE)) AS VARCHAR) || ' ' || strftime(CAST(d AS DATE), '%b %Y')`,
    // From the month after a month end a year before, else from the day after `e` a year before. Macros paste their
    // arguments in place, so `e` (a large expression) is bound once by a one-element list_transform.
    `CREATE OR REPLACE MACRO soc_rolling_of(e) AS list_transform([CAST(e AS DATE)], soc_e -> CASE WHEN soc_e IS NOT NULL THEN ` +
      `${period(`'12 months ending ' || soc_day_month_year(soc_e)`,
        `CASE WHEN soc_e = soc_month_end(soc_e - CAST(day(soc_e) - 1 AS INTEGER)) THEN CAST(soc_e - CAST(day(soc_e) - 1 AS INTEGER) - INTERVAL 11 MONTH AS DATE) ` +
          `ELSE CAST(soc_e - INTERVAL 1 YEAR AS DATE) + 1 END`,
        'rolling-year')} END)[1]`,
    `CREATE OR REPLACE MACRO soc_p_rolling(t) AS CASE WHEN ${matches('t', ROLLING)} THEN soc_rolling_of(soc_end_of(${group('t', ROLLING, 1)})) END`,
    `CREATE OR REPLACE MACRO soc_point_at(d) AS list_transform([CAST(d AS DATE)], soc_d -> CASE WHEN soc_d IS NOT NULL THEN ` +
      `${period(`'As at ' || soc_day_month_year(soc_d)`, 'soc_d', 'point')} END)[1]`,
    `CREATE OR REPLACE MACRO soc_mid_year(y) AS CASE WHEN ${valid('y')} THEN ${period(`'Mid-' || CAST(y AS VARCHAR)`, `CAST(y AS VARCHAR) || '-06-30'`, 'point')} END`,
    `CREATE OR REPLACE MACRO soc_p_point(t) AS CASE WHEN ${matches('t', MID_YEAR)} THEN soc_mid_year(${int(group('t', MID_YEAR, 1))}) ` +
      `WHEN ${matches('t', AS_AT)} THEN soc_point_at(soc_end_of(${group('t', AS_AT, 1)})) END`,
  ];
}

/** SQL for the reading of a bare year in a column whose header gives `context` (periods.ts yearInContext()). */
export function yearInContextSql(t: string, context: Exclude<PeriodContext, { kind: 'rolling-year' }>): string {
  if (context.kind === 'mid-year') return `soc_mid_year(soc_cy_year(${t}))`;
  const day = `CAST(soc_cy_year(${t}) AS VARCHAR) || ${str(`-${String(context.month).padStart(2, '0')}-${String(context.day).padStart(2, '0')}`)}`;
  return `soc_point_at(TRY_CAST(${day} AS DATE))`;
}
