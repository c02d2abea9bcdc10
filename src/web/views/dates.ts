// Calendar arithmetic and date display for the pages. Days are the archive's YYYY-MM-DD strings (in
// the list's zone already); only the Date: header is an instant, shown in the site's zone.

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Monday first, as blists' calendars. */
export const WEEKDAY_ABBREVIATIONS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 for Monday … 6 for Sunday. */
export function mondayIndex(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM` of a year and month. */
export function monthKey(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

/** `YYYY-MM-DD`. */
export function dayKey(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `2010-01-04` → `2010/01/04`, the form blists titles use. */
export function slashed(day: string): string {
  return day.replaceAll('-', '/');
}

/** `2010-01-04` → `Monday, January 4`. */
export function longDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${WEEKDAY_NAMES[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${MONTH_NAMES[m - 1]} ${d}`;
}

/** Every month from `first` to `last` (YYYY-MM, inclusive), for charts with gaps filled. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const end = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7));
  while (year * 12 + month <= end) {
    months.push(monthKey(year, month));
    if (++month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    dateFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** An instant as an RFC 5322 date in `timeZone`: `Mon, 04 Jan 2010 10:00:00 +0100`. */
export function formatMailDate(date: Date, timeZone: string): string {
  if (Number.isNaN(date.getTime())) return '';
  const parts: Record<string, string> = {};
  for (const part of dateFormatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  // longOffset gives `GMT+01:00`, or `GMT` for a zero offset.
  const offset = parts.timeZoneName === 'GMT' ? '+0000' : parts.timeZoneName.slice(3).replace(':', '');
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
}
