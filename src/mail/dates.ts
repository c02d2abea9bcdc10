// Mail dates: RFC 5322 and the obsolete and broken forms found in real archives.
//
// Accepted: `Thu, 1 Jan 2010 12:00:00 +0100`, missing weekday or seconds, 2- and 3-digit years
// (RFC 5322 §4.3: 00–49 → 20xx, 50–99 → 19xx, 3 digits + 1900), named zones (UT, GMT, EST … PDT,
// a few common others), military letters (as +0000, RFC 5322 §4.3), comments such as `(EDT)` or
// `(UTC)`, asctime (`Wed Sep 30 19:56:38 2020 +1000`), `May 8, 2005 1:17 PM`, ISO 8601
// (`2015-05-13T23:50:30Z`, `2016-07-19 11:54:24 +0200`). No time zone means UTC.
// Rejected (null): no month name or no year or no time, out-of-range fields (`59:10`,
// ruby-mail-fixtures/error_emails/bad_date_header2.eml), and dates before 1970-01-02 or more than
// two days in the future (ruby-mail-fixtures has 1969 and 3609): the caller flags `bad-date`.

/** Month abbreviations as mail writes them, to 0-based month numbers (also used by mbox-envelope.ts). */
export const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** Zone names → minutes east of UTC (RFC 5322 §4.3 plus ones common in old mail). */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/** Earliest accepted date: 1970-01-01 is the placeholder of broken clocks and public-inbox exports. */
const EARLIEST = Date.UTC(1970, 0, 2);
/** How far in the future a date may lie (clock skew, time zones). */
const FUTURE_SLACK_MS = 2 * 24 * 3600 * 1000;
/** Longer "dates" are junk; the cap keeps the scan cheap on hostile input. */
const MAX_DATE_CHARS = 300;

function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  for (const c of value) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function inRange(ms: number, now: number): Date | null {
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > now + FUTURE_SLACK_MS) return null;
  return new Date(ms);
}

function zoneMinutes(token: string): number | null {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(token);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    if (Number(numeric[3]) > 59 || minutes > 18 * 60) return null;
    return numeric[1] === '-' ? -minutes : minutes;
  }
  if (token in ZONES) return ZONES[token];
  if (/^[a-ik-z]$/.test(token)) return 0; // military: sign convention was botched, so "unknown"
  return null;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2}|[a-z]{2,4})?$/;

function parseIso(value: string, now: number): Date | null | undefined {
  const match = ISO.exec(value);
  if (!match) return undefined;
  const zone = match[7] ? zoneMinutes(match[7]) : 0;
  if (zone === null) return null;
  return build(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +(match[6] ?? 0), zone, now);
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: number,
  now: number,
): Date | null {
  if (month < 0 || month > 11 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  if (new Date(ms).getUTCDate() !== day) return null; // 31 Feb
  return inRange(ms - zone * 60_000, now);
}

/**
 * Parses a Date:-style value; null for anything unusable or outside 1970-01-02 … now + 2 days.
 * Never throws. `now` is for tests.
 */
export function parseMailDate(value: string | null | undefined, now: number = Date.now()): Date | null {
  if (typeof value !== 'string') return null;
  const text = stripComments(value.slice(0, MAX_DATE_CHARS))
    .replace(/\s*:\s*/g, ':') // `09 :  55 : 06` (RFC 2822 A.6.3)
    .trim()
    .toLowerCase();
  if (!text) return null;
  const iso = parseIso(text, now);
  if (iso !== undefined) return iso;

  let day = -1;
  let month = -1;
  let year = -1;
  let time: number[] | null = null;
  let zone: number | null = null;
  let pm: boolean | null = null;
  // `12:00:00+0100` and `01-Jan-2010` are split into their parts
  const tokens = text
    .replace(/(\d)([+-]\d{4})\b/g, '$1 $2')
    .split(/[\s,]+|(?<=\d)-(?=[a-z])|(?<=[a-z])-(?=\d)/);
  for (const token of tokens) {
    if (!token) continue;
    const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(token);
    if (clock && !time) {
      time = [+clock[1], +clock[2], +(clock[3] ?? 0)];
    } else if (/^\d{1,4}$/.test(token)) {
      const n = +token;
      if (token.length <= 2 && n >= 1 && n <= 31 && day < 0) day = n;
      else if (year < 0)
        year = token.length === 4 ? n : token.length === 3 ? n + 1900 : n < 50 ? n + 2000 : n + 1900;
    } else if (token.slice(0, 3) in MONTHS && month < 0 && /^[a-z]+\.?$/.test(token)) {
      month = MONTHS[token.slice(0, 3)];
    } else if (WEEKDAYS.has(token.slice(0, 3))) {
      // weekday: ignored, as RFC 5322 allows it to be wrong
    } else if (token === 'am' || token === 'pm') {
      pm = token === 'pm';
    } else if (zone === null && zoneMinutes(token) !== null) {
      zone = zoneMinutes(token);
    }
    // other words (`at`, stray text after the zone), extra numbers and broken zones are ignored
  }
  if (day < 0 || month < 0 || year < 0 || !time) return null;
  let [hour, minute, second] = time;
  if (pm !== null) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return build(year, month, day, hour, minute, second, zone ?? 0, now);
}

/**
 * Date of the newest hop: the date after the last `;` of the topmost Received: header whose date
 * parses. Headers are given in message order (newest Received first).
 */
export function newestReceivedDate(
  headers: Iterable<{ name: string; value: string }>,
  now: number = Date.now(),
): Date | null {
  for (const header of headers) {
    if (header.name.toLowerCase() !== 'received') continue;
    // comments first: `(envelope-from <a;b@c>)` may hold a semicolon
    const value = stripComments(header.value.slice(0, 64 * 1024));
    const semicolon = value.lastIndexOf(';');
    if (semicolon < 0) continue;
    const date = parseMailDate(value.slice(semicolon + 1), now);
    if (date) return date;
  }
  return null;
}
