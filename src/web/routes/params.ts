// Reading the parts of blists URLs. A part of the wrong shape (letters where a year goes) is not
// one of these pages: null, and the route passes it on (404 unless a later route wants it). A part of
// the right shape but impossible (month 13, February 30, message 0) is a 400 that says so.

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { MAX_LIST_NAME } from '../../limits.ts';
import { daysInMonth } from '../views/dates.ts';

const LIST_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** A path parameter of the matched route ('' when the route has none of that name). */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}

export function badRequest(message: string): never {
  throw new HTTPException(400, { message });
}

export function notFound(message: string): never {
  throw new HTTPException(404, { message });
}

export function isListName(name: string): boolean {
  return name.length <= MAX_LIST_NAME && LIST_NAME.test(name);
}

export function parseYear(text: string): number | null {
  if (!/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  // 1970 is blists' day for undatable mail; nothing older is a real mail date.
  if (year < 1970) badRequest(`there is no mail from the year ${text}`);
  return year;
}

export function parseMonth(text: string): number | null {
  if (!/^\d{2}$/.test(text)) return null;
  const month = Number(text);
  if (month < 1 || month > 12) badRequest(`"${text}" is not a month (01 to 12)`);
  return month;
}

export function parseDay(year: number, month: number, text: string): number | null {
  if (!/^\d{2}$/.test(text)) return null;
  const day = Number(text);
  if (day < 1 || day > daysInMonth(year, month))
    badRequest(`${year}/${String(month).padStart(2, '0')} has no day ${text}`);
  return day;
}

/** A message number N or attachment number K: 1, 2, … written without leading zeros. */
export function parseNumber(text: string, what: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  if (!/^[1-9]\d{0,8}$/.test(text)) badRequest(`"${text}" is not a ${what} number (1, 2, …)`);
  return Number(text);
}
