// The mbox `From ` line (the envelope): what kind of separator a line is, and the date it carries.
//
// Real separator lines seen in the corpora (../shared/corpus):
//   From magick-owner@unca-don.wizards.dupont.com Wed Feb  9 22:02 MET 2000     classic asctime, zone before year
//   From dev-return-1307-…@ponymail.apache.org  Mon Oct  5 04:41:25 2020        two spaces (ezmlm / mod_mbox)
//   From vondruch at redhat.com  Tue Jul 10 11:29:44 2012                       pipermail (`at` obfuscation)
//   From mboxrd@z Thu Jan  1 00:00:00 1970                                      public-inbox: no real date
//   From - Mon Jun  3 12:50:27 1996    and a bare `From - `                      Netscape / Mozilla
//   From 1844347792267117879@xxx                                                Gmail export, date stripped (mimekit issue1189)
// Body text that must not split (mimekit unmunged.mbox.txt): `From Russia with love`.

import { MBOX_MAX_SEPARATOR_LINE } from '../limits.ts';
import { MONTHS } from './dates.ts';

/**
 * - `dated`: `From <sender> <date>` with a date we can read.
 * - `netscape`: `From -` alone or followed by a date (Netscape/Mozilla folders).
 * - `bare`: `From <one token with @>` and nothing else (exports that drop the date).
 * - `other`: anything else — body text that happens to start with `From `.
 */
export type EnvelopeKind = 'dated' | 'netscape' | 'bare' | 'other';

export interface Envelope {
  kind: EnvelopeKind;
  /** The envelope date when it is a real date; null for public-inbox's 1970 placeholder or no date. */
  date: Date | null;
}

/** Zone names that appear in real `From ` lines, in minutes east of UTC. Unknown names count as UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  west: 60,
  bst: 60,
  met: 60,
  cet: 60,
  mest: 120,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  hst: -600,
  akst: -540,
  akdt: -480,
  pst: -480,
  pdt: -420,
  mst: -420,
  mdt: -360,
  cst: -360,
  cdt: -300,
  est: -300,
  edt: -240,
};

const WDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
const ZONE = '(?:\\s+([a-z]{1,5}|[+-]\\d{4}))?';
const UUCP = '(?:\\s+remote from \\S+)?';

/** `<sender> [Wdy] Mon dd hh:mm[:ss] [zone] yyyy [zone]` — asctime as written by MTAs and mail clients. */
const ASCTIME = new RegExp(
  `^(\\S.*?)\\s+${WDAY}${MON}\\s+(\\d{1,2})\\s+${TIME}${ZONE}\\s+(\\d{4})${ZONE}${UUCP}\\s*$`,
  'i',
);
/** `<sender> [Wdy,] dd Mon yyyy hh:mm[:ss] [zone]` — RFC 5322 style, written by a few tools. */
const RFC_STYLE = new RegExp(
  `^(\\S.*?)\\s+${WDAY}(\\d{1,2})\\s+${MON}\\s+(\\d{2,4})\\s+${TIME}${ZONE}\\s*$`,
  'i',
);
/** Netscape: `-`, optionally followed by a date (checked separately). */
const NETSCAPE = /^-(?:\s+(.*))?$/;
/** Gmail-style export without a date: a single token holding an `@`. */
const BARE = /^[^\s@]*@\S*\s*$/;

/**
 * Reads a `From ` line. `text` is the line without the leading `From ` and without its line end
 * (a trailing `\r` is tolerated).
 */
export function readEnvelope(text: string): Envelope {
  if (text.length > MBOX_MAX_SEPARATOR_LINE) return { kind: 'other', date: null };
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  const netscape = NETSCAPE.exec(line);
  if (netscape) {
    const rest = netscape[1]?.trim() ?? '';
    if (rest === '') return { kind: 'netscape', date: null };
    const dated = readDated(`- ${rest}`);
    return dated ? { kind: 'netscape', date: dated.date } : { kind: 'other', date: null };
  }
  const dated = readDated(line);
  if (dated) return dated;
  if (BARE.test(line)) return { kind: 'bare', date: null };
  return { kind: 'other', date: null };
}

function readDated(line: string): Envelope | null {
  let m = ASCTIME.exec(line);
  if (m) {
    const [, , mon, day, hh, mm, ss, zone1, year, zone2] = m;
    return { kind: 'dated', date: makeDate(+year, mon, +day, +hh, +mm, +(ss ?? 0), zone2 ?? zone1) };
  }
  m = RFC_STYLE.exec(line);
  if (m) {
    const [, , day, mon, year, hh, mm, ss, zone] = m;
    let y = +year;
    if (year.length === 2) y += y < 50 ? 2000 : 1900;
    else if (year.length === 3) y += 1900;
    return { kind: 'dated', date: makeDate(y, mon, +day, +hh, +mm, +(ss ?? 0), zone) };
  }
  return null;
}

/** A real instant, or null for an impossible date or the 1970-01-01 00:00:00 placeholder. */
function makeDate(
  year: number,
  monthName: string,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: string | undefined,
): Date | null {
  const month = MONTHS[monthName.slice(0, 3).toLowerCase()];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // public-inbox and git (`From mboxrd@z Thu Jan  1 00:00:00 1970`, b4's `From foo@z …`) write the
  // epoch when the date is unknown: that is no date (DESIGN.md §3).
  if (year === 1970 && month === 0 && day === 1 && hour === 0 && minute === 0 && second === 0) return null;
  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  if (new Date(utc).getUTCDate() !== day) return null; // 31 Feb and the like
  return new Date(utc - zoneOffset(zone) * 60_000);
}

/** Minutes east of UTC; 0 for no zone or a zone name we do not know (mbox dates are usually UTC). */
function zoneOffset(zone: string | undefined): number {
  if (!zone) return 0;
  if (zone[0] === '+' || zone[0] === '-') {
    const minutes = +zone.slice(1, 3) * 60 + +zone.slice(3, 5);
    return zone[0] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}
