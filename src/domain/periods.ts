/**
 * Periods as UK police and ONS tables write them: each form read, ordered and compared. Past 300 lines because the
 * readers of the seven period types share one table of forms that the SQL macros (src/query/period-sql.ts) mirror.
 */
import { splitGluedNote, splitPeriodNote } from './period-notes';

/**
 * The kinds of period a value can name. A `rolling-year` is the 12 months ending a date ("12 months ending
 * 31-03-2003"), published quarterly so that consecutive ones overlap; a `point` is a moment ("As at 31 March 2023",
 * "Mid-2019"), whose start and end are the same day.
 */
export type PeriodType = 'financial-year' | 'calendar-year' | 'quarter' | 'month' | 'date' | 'rolling-year' | 'point';

/** Every period type, in the order a tie between readings is broken (the first wins). */
export const PERIOD_TYPES: readonly PeriodType[] = ['financial-year', 'calendar-year', 'quarter', 'month', 'date', 'rolling-year', 'point'];

/** A recognised period: its type, canonical label and first and last days (ISO dates, inclusive). */
export interface Period {
  readonly type: PeriodType;
  /**
   * Canonical label: "2023/24", "2023", "2023 Q1", "2023/24 Q1", "2023-04", "2023-04-05", "12 months ending 31 Mar 2003",
   * "As at 31 Mar 2023", "Mid-2019".
   */
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function validYear(y: number): boolean {
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** "sep", "Sept", "September" → 9; undefined for anything else. */
function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = w === 'sept' ? 8 : w.length === 3 ? MONTHS.indexOf(w) : MONTH_NAMES.indexOf(w);
  return i < 0 ? undefined : i + 1;
}

// Two-digit years 00–69 are 20xx and 70–99 are 19xx (e.g. IOPC's "04/05" and "99/00").
function expandYear(digits: string): number {
  const n = Number(digits);
  if (digits.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** The financial year (April to March) starting in April of `startYear`. */
export function financialYear(startYear: number): Period {
  return {
    type: 'financial-year',
    label: `${startYear}/${pad((startYear + 1) % 100)}`,
    start: iso(startYear, 4, 1),
    end: iso(startYear + 1, 3, 31),
  };
}

function calendarYear(year: number): Period {
  return { type: 'calendar-year', label: String(year), start: iso(year, 1, 1), end: iso(year, 12, 31) };
}

function month(year: number, m: number): Period {
  return { type: 'month', label: `${year}-${pad(m)}`, start: iso(year, m, 1), end: iso(year, m, daysIn(year, m)) };
}

function date(year: number, m: number, d: number): Period | undefined {
  if (!validYear(year) || m < 1 || m > 12 || d < 1 || d > daysIn(year, m)) return undefined;
  const s = iso(year, m, d);
  return { type: 'date', label: s, start: s, end: s };
}

/** A quarter of a calendar year (Q1 = January–March) or of a financial year (Q1 = April–June). */
function quarter(year: Period, q: number): Period {
  const [y, m] = year.start.split('-').map(Number);
  const first = m + 3 * (q - 1);
  const startYear = y + Math.floor((first - 1) / 12);
  const startMonth = ((first - 1) % 12) + 1;
  const endMonth = startMonth + 2;
  return {
    type: 'quarter',
    label: `${year.label} Q${q}`,
    start: iso(startYear, startMonth, 1),
    end: iso(startYear, endMonth, daysIn(startYear, endMonth)),
  };
}

const FY = /^(?:fy|f\/y)?\s*(\d{4}|\d{2})(?:\s*[-/]\s*|\s+to\s+)(\d{4}|\d{2})$/;
const YEAR_ENDING_MARCH = /^(?:year ending|ye)\s+(?:31\s+)?mar(?:ch)?\s+(\d{4})$/;
// "April 2023 to March 2024", "1 April 2017 to 31 March 2018", and ONS's "Apr '10 to Mar '11".
const APRIL_TO_MARCH = /^(?:1(?:st)?\s+)?apr(?:il)?\s+'?(\d{4}|\d{2})\s*(?:-|to)\s*(?:31(?:st)?\s+)?mar(?:ch)?\s+'?(\d{4}|\d{2})$/;

function parseFinancialYear(s: string): Period | undefined {
  let m = FY.exec(s);
  if (m) {
    const [, a, b] = m;
    if (a.length === 2 && b.length === 4) return undefined;
    // Bare "12-13" is as likely an age band as a year; "12/13" and "FY12-13" are years.
    if (a.length === 2 && !s.startsWith('f') && !s.includes('/')) return undefined;
    const start = expandYear(a);
    const consecutive = b.length === 4 ? Number(b) === start + 1 : Number(b) === (start + 1) % 100;
    return consecutive && validYear(start) ? financialYear(start) : undefined;
  }
  m = YEAR_ENDING_MARCH.exec(s);
  if (m) return validYear(Number(m[1]) - 1) ? financialYear(Number(m[1]) - 1) : undefined;
  m = APRIL_TO_MARCH.exec(s);
  if (m && expandYear(m[2]) === expandYear(m[1]) + 1 && validYear(expandYear(m[1]))) return financialYear(expandYear(m[1]));
  return undefined;
}

function parseCalendarYear(s: string): Period | undefined {
  // "2023.0": Excel and some exporters write whole-number years as floats.
  const m = /^(\d{4})(?:\.0+)?$/.exec(s);
  return m && validYear(Number(m[1])) ? calendarYear(Number(m[1])) : undefined;
}

function parseQuarter(s: string): Period | undefined {
  const m = /^q([1-4])[\s-]*(.+)$/.exec(s) ?? /^(.+?)[\s-]*q([1-4])$/.exec(s);
  if (!m) return undefined;
  const [q, rest] = /^\d$/.test(m[1]) ? [Number(m[1]), m[2]] : [Number(m[2]), m[1]];
  const year = parseCalendarYear(rest) ?? parseFinancialYear(rest);
  return year ? quarter(year, q) : undefined;
}

function parseMonth(s: string): Period | undefined {
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return validYear(y) && mo >= 1 && mo <= 12 ? month(y, mo) : undefined;
  }
  // "Apr 2023", "April 2023", "Apr-2023", and Excel's "mmm-yy" ("Apr-23"; "Apr 23" could be a day).
  m = /^([a-z]+\.?)(?:\s+|\s*-\s*)(\d{4})$/.exec(s) ?? /^([a-z]+)-(\d{2})$/.exec(s);
  if (m) {
    const mo = monthNumber(m[1]);
    const y = expandYear(m[2]);
    return mo !== undefined && validYear(y) ? month(y, mo) : undefined;
  }
  return undefined;
}

// An optional time after a date, as exporters write it: "T12:00:00+01:00", " 00:00".
const TIME = String.raw`(?:[t\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?`;
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`);
const UK_DATE = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);
const WORDY_DATE = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+\.?),?\s+(\d{4})$/;

function parseDate(s: string): Period | undefined {
  let m = ISO_DATE.exec(s);
  if (m) return date(Number(m[1]), Number(m[2]), Number(m[3]));
  m = UK_DATE.exec(s);
  if (m) return date(Number(m[4]), Number(m[3]), Number(m[1]));
  m = WORDY_DATE.exec(s);
  if (m) {
    const mo = monthNumber(m[2]);
    return mo === undefined ? undefined : date(Number(m[3]), mo, Number(m[1]));
  }
  return undefined;
}

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "31 Mar 2003" for 2003-03-31. */
function dayMonthYear(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d} ${MONTH_ABBR[m - 1]} ${y}`;
}

/** The last day a date or month label names: the date itself, or the month's last day. */
function endOf(s: string): string | undefined {
  return parseDate(s)?.end ?? parseMonth(s)?.end;
}

/** The 12 months ending `end` (inclusive): from the month after a month end a year before, else the day after `end` a year before. */
function rollingYear(end: string): Period {
  const [y, m, d] = end.split('-').map(Number);
  const from = d === daysIn(y, m) ? new Date(Date.UTC(y - 1, m, 1)) : new Date(Date.UTC(y - 1, m - 1, d + 1));
  const start = iso(from.getUTCFullYear(), from.getUTCMonth() + 1, from.getUTCDate());
  return { type: 'rolling-year', label: `12 months ending ${dayMonthYear(end)}`, start, end };
}

/** A moment: "As at 31 Mar 2023" (or "Mid-2019" for 30 June, the date of ONS mid-year estimates). */
function point(day: string, label = `As at ${dayMonthYear(day)}`): Period {
  return { type: 'point', label, start: day, end: day };
}

function midYear(year: number): Period | undefined {
  return validYear(year) ? point(iso(year, 6, 30), `Mid-${year}`) : undefined;
}

// "Year ending March 2019" is also financial year 2018/19: parseFinancialYear reads that first.
const ROLLING = /^(?:year ending|ye|(?:12|twelve) months? (?:ending|to)|rolling (?:year|12 months) (?:ending|to))\s+(.+)$/;
const MID_YEAR = /^mid[- ]?(?:year[- ]?)?(\d{4})$/;
const AS_AT = /^as at:?\s+(.+)$/;

function parseRollingYear(s: string): Period | undefined {
  const m = ROLLING.exec(s);
  const end = m ? endOf(m[1]) : undefined;
  return end ? rollingYear(end) : undefined;
}

function parsePoint(s: string): Period | undefined {
  let m = MID_YEAR.exec(s);
  if (m) return midYear(Number(m[1]));
  m = AS_AT.exec(s);
  const day = m ? endOf(m[1]) : undefined;
  return day ? point(day) : undefined;
}

/**
 * What a column's header says about the values under it: bare years are each year's 31 March under "As at 31 March",
 * and each year's 30 June under "Mid-year" (ONS population estimates); dates and months are the 12 months ending them
 * under "12 months ending" (the Home Office's quarterly recorded-crime series writes "31-03-2003" there).
 */
export type PeriodContext = { kind: 'as-at'; month: number; day: number } | { kind: 'mid-year' } | { kind: 'rolling-year' };

const AS_AT_DAY = /^as at:?\s+(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+each year)?$/;
const MID_YEAR_HEADER = /^mid[- ]?year\b/;
const ROLLING_HEADER = /^(?:year ending|(?:12|twelve) months? (?:ending|to)|rolling (?:year|12 months) (?:ending|to))\s*:?$/;

/** The context a column header gives bare years ("As at 31 March", "Mid-year estimate"), or undefined. */
export function periodContext(header: string): PeriodContext | undefined {
  const s = clean(header);
  const m = AS_AT_DAY.exec(s);
  if (m) {
    const [day, month] = [Number(m[1]), monthNumber(m[2])];
    // 29 February is refused: it is no day of most years.
    return month !== undefined && day >= 1 && day <= daysIn(2023, month) ? { kind: 'as-at', month, day } : undefined;
  }
  if (ROLLING_HEADER.test(s)) return { kind: 'rolling-year' };
  return MID_YEAR_HEADER.test(s) && !/\d{4}/.test(s) ? { kind: 'mid-year' } : undefined;
}

/** A bare year read in its column's context: 31 March 2023 in an "As at 31 March" column; Mid-2023 in a "Mid-year" one. */
function yearInContext(s: string, context: { kind: 'as-at'; month: number; day: number } | { kind: 'mid-year' }): Period | undefined {
  const year = parseCalendarYear(s);
  if (!year) return undefined;
  const y = Number(year.label);
  return context.kind === 'mid-year' ? midYear(y) : point(iso(y, context.month, context.day));
}

const PARSERS = [parseFinancialYear, parseCalendarYear, parseQuarter, parseMonth, parseDate, parseRollingYear, parsePoint];

/** Period text as the parsers read it: trimmed, lower-case, one kind of dash, apostrophe and space, footnote markers dropped. */
function clean(text: string): string {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ');
  const unmarked = splitPeriodNote(s).text;
  return splitGluedNote(unmarked)?.text ?? unmarked;
}

/** The parsers as a column's context changes them (src/query/normalise.ts periodExpr() does the same in SQL). */
function parsersIn(context: PeriodContext): ((s: string) => Period | undefined)[] {
  if (context.kind === 'rolling-year') {
    const ending = (parse: (s: string) => Period | undefined) => (t: string) => {
      const p = parse(t);
      return p && rollingYear(p.end);
    };
    return PARSERS.map((p) => (p === parseMonth || p === parseDate ? ending(p) : p));
  }
  return PARSERS.map((p) => (p === parseCalendarYear ? (t: string) => yearInContext(t, context) : p));
}

function readings(s: string, context?: PeriodContext): Period[] {
  const parsers = context ? parsersIn(context) : PARSERS;
  return parsers.map((parse) => parse(s)).filter((p): p is Period => p !== undefined);
}

/** A period label read with its footnote marker: the readings of the label, and the marker as a note. */
export interface PeriodLabel {
  /** Every reading, most likely first (empty when the label names no period). */
  readings: Period[];
  /** The footnote marker glued to the label ("*", "~", "[note 3]", "10,11"), if any. */
  note?: string;
}

/** Reads a label as parsePeriodCandidates does, and keeps the footnote marker it dropped as a note. */
export function readPeriodLabel(text: string, context?: PeriodContext): PeriodLabel {
  const unmarked = splitPeriodNote(text.trim().replace(/\s+/g, ' '));
  const s = clean(text);
  const found = s === '' ? [] : readings(s, context);
  if (!found.length) return { readings: [] };
  // A glued number comes before any symbol marker: "20191*" has the note "1*".
  const glued = splitGluedNote(unmarked.text)?.note;
  const note = glued !== undefined ? `${glued}${unmarked.note ?? ''}` : unmarked.note;
  return note === undefined ? { readings: found } : { readings: found, note };
}

/**
 * Every reading of a period label, most likely first. "2000-01" … "2011-12" are a financial year and an ISO month;
 * "year ending March 2019" is a financial year and a rolling year. A column recogniser should pick the reading that
 * fits the whole column. Footnote markers are dropped (`10/11*`, `2019 [note 3]`, `30 September 20191`); `context`
 * (from the column header, periodContext()) reads bare years as points in time.
 */
export function parsePeriodCandidates(text: string, context?: PeriodContext): Period[] {
  return readPeriodLabel(text, context).readings;
}

/** The period a label names ("2023/24", "FY23/24", "Q1 2023", "Apr 2023", "05/04/2023", "Mid-2019"), or undefined. */
export function parsePeriod(text: string, context?: PeriodContext): Period | undefined {
  return parsePeriodCandidates(text, context)[0];
}
