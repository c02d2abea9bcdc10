// `d:` values → a time range. Forms (all UTC, as lore's):
//   20210131  2021-01-31  2021-01-31T12:00  20210131120000  2021-01  2021     absolute
//   today  yesterday  now  3.days.ago  2.weeks.ago  6.months.ago  1.year.ago  5.hours.ago   relative
// and ranges of them: `a..b`, `a..`, `..b`.
//
// Each value stands for a span of time at its own precision — a day, a month, a year, a second —
// and a range runs from the start of its first value to the end of its last. So
// `d:20210101..20210131` is all of January, the 31st included. (public-inbox turns the end date into
// 20210131000000 and so drops the 31st; a reader expects the 31st in, so we differ there, on purpose.)
// Relative days, weeks, months and years name a whole UTC day (git's approxidate keeps the time of
// day; a day is what people mean by "since 2 weeks ago"); relative hours/minutes/seconds are instants.
// A single value alone is its span (d:2021-01 is January); a single instant means "since then".

import { SearchSyntaxError } from './query-parser.ts';

export interface DateRange {
  /** Inclusive start, ms since the epoch; null = unbounded. */
  from: number | null;
  /** Exclusive end, ms since the epoch; null = unbounded. */
  until: number | null;
}

interface Span {
  start: number;
  end: number;
  instant: boolean;
}

const DAY = 86_400_000;
const HELP =
  'dates look like 20210131, 2021-01-31, 2021-01, yesterday or 2.weeks.ago; ranges like 20210101..20210131';

function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0): number | null {
  const t = Date.UTC(year, month - 1, day, h, m, s);
  const d = new Date(t);
  const valid =
    year >= 1900 &&
    year <= 9999 &&
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    h < 24 &&
    m < 60 &&
    s < 60;
  return valid ? t : null;
}

function daySpan(t: number | null): Span | null {
  return t === null ? null : { start: t, end: t + DAY, instant: false };
}

function startOfDay(t: number): number {
  return t - (((t % DAY) + DAY) % DAY);
}

/** The UTC day N calendar months before `now`, clamped to the month's length (Mar 31 − 1 month = Feb 28). */
function monthsBefore(now: number, months: number): number {
  const d = new Date(now);
  const target = d.getUTCFullYear() * 12 + d.getUTCMonth() - months;
  const year = Math.floor(target / 12);
  const month = target - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), last));
}

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

function relative(text: string, now: number): Span | null {
  if (text === 'now') return { start: now, end: now, instant: true };
  if (text === 'today') return daySpan(startOfDay(now));
  if (text === 'yesterday') return daySpan(startOfDay(now) - DAY);
  const match = /^(\d{1,5})[._\s-]*(second|minute|hour|day|week|month|year)s?[._\s-]*ago$/.exec(text);
  if (!match) return null;
  const n = Number(match[1]);
  const unit = match[2];
  if (unit in UNIT_MS) {
    const t = now - n * UNIT_MS[unit];
    return { start: t, end: t, instant: true };
  }
  if (unit === 'day' || unit === 'week')
    return daySpan(startOfDay(now) - n * (unit === 'week' ? 7 : 1) * DAY);
  return daySpan(monthsBefore(now, unit === 'month' ? n : 12 * n));
}

function absolute(text: string): Span | null | undefined {
  let m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(text);
  m ??= /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t_ ](\d{1,2}):(\d{2})(?::(\d{2}))?z?)?$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] === undefined) return daySpan(utc(y, mo, d));
    const t = utc(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    const precision = m[6] === undefined ? 60_000 : 1000;
    return t === null ? null : { start: t, end: t + precision, instant: false };
  }
  m = /^(\d{4})-?(\d{2})$/.exec(text);
  if (m) {
    const start = utc(Number(m[1]), Number(m[2]), 1);
    return start === null ? null : { start, end: Date.UTC(Number(m[1]), Number(m[2]), 1), instant: false };
  }
  m = /^(\d{4})$/.exec(text);
  if (m) {
    const start = utc(Number(m[1]), 1, 1);
    return start === null ? null : { start, end: Date.UTC(Number(m[1]) + 1, 0, 1), instant: false };
  }
  return undefined;
}

function bound(text: string, whole: string, now: number): Span {
  const normalized = text.trim().toLowerCase();
  const span = absolute(normalized) ?? relative(normalized, now);
  if (span) return span;
  const why = absolute(normalized) === null ? `"${text}" is not a real date` : `"${text}" is not a date`;
  throw new SearchSyntaxError(`d:${whole} — ${why}; ${HELP}`);
}

/** Parses the value of a `d:` term (the part after `d:`); throws SearchSyntaxError for the user. */
export function parseDateRange(value: string, now: Date): DateRange {
  const t = now.getTime();
  const dots = value.indexOf('..');
  if (dots < 0) {
    const span = bound(value, value, t);
    return { from: span.start, until: span.instant ? null : span.end };
  }
  const left = value.slice(0, dots);
  const right = value.slice(dots + 2);
  if (!left.trim() && !right.trim())
    throw new SearchSyntaxError(`d:${value} — the range needs a date on one side; ${HELP}`);
  const from = left.trim() ? bound(left, value, t).start : null;
  const until = right.trim() ? bound(right, value, t).end : null;
  if (from !== null && until !== null && from >= until) {
    throw new SearchSyntaxError(`d:${value} — the range ends before it starts`);
  }
  return { from, until };
}
