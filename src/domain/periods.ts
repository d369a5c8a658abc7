/** The kinds of period a value can name. */
export type PeriodType = 'financial-year' | 'calendar-year' | 'quarter' | 'month' | 'date';

/** A recognised period: its type, canonical label and first and last days (ISO dates, inclusive). */
export interface Period {
  readonly type: PeriodType;
  /** Canonical label: "2023/24", "2023", "2023 Q1", "2023/24 Q1", "2023-04", "2023-04-05". */
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
const APRIL_TO_MARCH = /^apr(?:il)?\s+(\d{4})\s*(?:-|to)\s*mar(?:ch)?\s+(\d{4})$/;

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
  if (m && Number(m[2]) === Number(m[1]) + 1 && validYear(Number(m[1]))) return financialYear(Number(m[1]));
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

const PARSERS = [parseFinancialYear, parseCalendarYear, parseQuarter, parseMonth, parseDate];

function clean(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ');
}

/**
 * Every reading of a period label, most likely first. Only "2000-01" … "2011-12" have two: a financial year and
 * an ISO month. A column recogniser should pick the reading that fits the whole column.
 */
export function parsePeriodCandidates(text: string): Period[] {
  const s = clean(text);
  if (s === '') return [];
  return PARSERS.map((parse) => parse(s)).filter((p): p is Period => p !== undefined);
}

/** The period a label names ("2023/24", "FY23/24", "Q1 2023", "Apr 2023", "05/04/2023"), or undefined. */
export function parsePeriod(text: string): Period | undefined {
  return parsePeriodCandidates(text)[0];
}
