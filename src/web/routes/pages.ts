// The blists index pages: `/`, `/<list>/`, `/<list>/YYYY/`, `/<list>/YYYY/MM/`, `/<list>/YYYY/MM/DD/`,
// and the redirects that add a missing trailing slash (relative, so they work under any prefix).

import type { Context, Hono, Next } from 'hono';
import { MONTH_PAGE_PER_DAY, RECENT_MESSAGES } from '../../limits.ts';
import type { IndexLine, ListRecord } from '../../store/store.ts';
import { indentedRows } from '../listing.ts';
import { groupBySection } from '../sections.ts';
import { CACHE, type Site } from '../site.ts';
import { dayKey, daysInMonth, monthKey, slashed } from '../views/dates.ts';
import type { HtmlString } from '../views/html.ts';
import { listPage } from '../views/list.ts';
import { type DayListing, dayPage, monthPage, yearPage } from '../views/periods.ts';
import { sitePage } from '../views/site.ts';
import { isListName, notFound, param, parseDay, parseMonth, parseYear } from './params.ts';

export function sendHtml(
  c: Context,
  body: HtmlString,
  cacheControl: string,
  status: 200 | 400 | 404 | 500 = 200,
) {
  return c.body(body.value, status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': cacheControl,
  });
}

/** The list named in the URL, or a 404 that says there is none. */
export function requireList(site: Site, name: string): ListRecord {
  const list = isListName(name) ? site.reader.list(name) : null;
  return list ?? notFound(`There is no list "${name}" here.`);
}

/** Moved permanently to the same path with a slash: the relative Location `last-segment/`. */
function addSlash(c: Context, last: string) {
  c.header('Cache-Control', CACHE.static);
  return c.redirect(`${encodeURIComponent(last)}/`, 301);
}

export function pageRoutes(app: Hono, site: Site): void {
  const { reader } = site;

  app.get('/', async (c) => {
    const activity = await reader.activity();
    const monthCounts = await Promise.all(reader.lists().map((list) => reader.monthCounts(list.id)));
    const lists = reader.lists().map((list, i) => ({
      name: list.name,
      section: list.section,
      title: list.title,
      description: list.description,
      messages: activity.get(list.id)?.messages ?? 0,
      lastDay: activity.get(list.id)?.lastDay ?? null,
      monthCounts: monthCounts[i],
    }));
    return sendHtml(
      c,
      sitePage({
        frame: site.frame(c, site.config.title),
        groups: groupBySection(lists, site.config.sections),
        totalMessages: lists.reduce((n, l) => n + l.messages, 0),
      }),
      CACHE.index,
    );
  });

  app.get('/:list', (c, next) => {
    const name = param(c, 'list');
    if (!isListName(name) || !reader.list(name)) return next();
    return addSlash(c, name);
  });

  app.get('/:list/', async (c) => {
    const list = requireList(site, param(c, 'list'));
    const data = await reader.snapshot({
      monthCounts: () => reader.monthCounts(list.id),
      recent: (read) => read.recentLines(list.id, RECENT_MESSAGES),
      total: async () => (await reader.activity()).get(list.id)?.messages ?? 0,
    });
    return sendHtml(
      c,
      listPage({
        // the list's Atom feed (routes/feeds.ts), for feed readers to discover
        frame: { ...site.frame(c, `${list.name} mailing list`, list.name), atom: 'new.atom' },
        list,
        hide: site.hide(list),
        ...data,
      }),
      CACHE.index,
    );
  });

  app.get('/:list/:year', (c, next) =>
    slashRedirect(c, next, () => parseYear(param(c, 'year')) !== null, 'year'),
  );

  app.get('/:list/:year/', async (c, next) => {
    const year = parseYear(param(c, 'year'));
    if (year === null) return next();
    const list = requireList(site, param(c, 'list'));
    const data = await reader.snapshot({
      counts: (read) => read.dayCounts(list.id, dayKey(year, 1, 1), dayKey(year, 12, 31)),
      before: (read) => read.nearestDay(list.id, dayKey(year, 1, 1), 'before'),
      after: (read) => read.nearestDay(list.id, dayKey(year, 12, 31), 'after'),
    });
    if (data.counts.length === 0) notFound(`${list.name} has no messages from ${year}.`);
    return sendHtml(
      c,
      yearPage({
        frame: site.frame(c, `${list.name} mailing list - ${year}`, list.name),
        list: list.name,
        hide: site.hide(list),
        year,
        dayCounts: new Map(data.counts.map((d) => [d.period, d.count])),
        prevYear: data.before ? Number(data.before.slice(0, 4)) : null,
        nextYear: data.after ? Number(data.after.slice(0, 4)) : null,
      }),
      CACHE.index,
    );
  });

  app.get('/:list/:year/:month', (c, next) =>
    slashRedirect(
      c,
      next,
      () => parseYear(param(c, 'year')) !== null && parseMonth(param(c, 'month')) !== null,
      'month',
    ),
  );

  app.get('/:list/:year/:month/', async (c, next) => {
    const year = parseYear(param(c, 'year'));
    const month = year === null ? null : parseMonth(param(c, 'month'));
    if (year === null || month === null) return next();
    const list = requireList(site, param(c, 'list'));
    const first = dayKey(year, month, 1);
    const last = dayKey(year, month, daysInMonth(year, month));
    const data = await reader.snapshot({
      counts: (read) => read.dayCounts(list.id, first, last),
      lines: (read) => read.rangeLines(list.id, first, last, MONTH_PAGE_PER_DAY),
      before: (read) => read.nearestDay(list.id, first, 'before'),
      after: (read) => read.nearestDay(list.id, last, 'after'),
    });
    if (data.counts.length === 0)
      notFound(`${list.name} has no messages from ${year}/${monthKey(year, month).slice(5)}.`);
    const byDay = new Map<string, IndexLine[]>();
    for (const line of data.lines) {
      let day = byDay.get(line.day);
      if (!day) byDay.set(line.day, (day = []));
      day.push(line);
    }
    const days: DayListing[] = data.counts.map(({ period, count }) => ({
      day: period,
      count,
      rows: indentedRows(byDay.get(period) ?? []),
    }));
    return sendHtml(
      c,
      monthPage({
        frame: site.frame(
          c,
          `${list.name} mailing list - ${year}/${monthKey(year, month).slice(5)}`,
          list.name,
        ),
        list: list.name,
        hide: site.hide(list),
        year,
        month,
        dayCounts: new Map(data.counts.map((d) => [d.period, d.count])),
        days,
        prevMonth: data.before?.slice(0, 7) ?? null,
        nextMonth: data.after?.slice(0, 7) ?? null,
      }),
      CACHE.index,
    );
  });

  app.get('/:list/:year/:month/:day', (c, next) =>
    slashRedirect(c, next, () => parseDate(c) !== null, 'day'),
  );

  app.get('/:list/:year/:month/:day/', async (c, next) => {
    const day = parseDate(c);
    if (day === null) return next();
    const list = requireList(site, param(c, 'list'));
    const data = await reader.snapshot({
      lines: (read) => read.dayLines(list.id, day),
      before: (read) => read.nearestDay(list.id, day, 'before'),
      after: (read) => read.nearestDay(list.id, day, 'after'),
    });
    if (data.lines.length === 0) notFound(`${list.name} has no messages from ${slashed(day)}.`);
    return sendHtml(
      c,
      dayPage({
        frame: site.frame(c, `${list.name} mailing list - ${slashed(day)}`, list.name),
        list: list.name,
        hide: site.hide(list),
        day,
        rows: indentedRows(data.lines),
        prevDay: data.before,
        nextDay: data.after,
      }),
      CACHE.index,
    );
  });

  /** `/<list>/…/<part>` without its slash: redirect when the list exists and the parts parse. */
  function slashRedirect(c: Context, next: Next, parses: () => boolean, part: string) {
    if (!parses()) return next();
    requireList(site, param(c, 'list'));
    return addSlash(c, param(c, part));
  }
}

/** The day of `/:list/:year/:month/:day…` as YYYY-MM-DD, or null when a part has the wrong shape. */
export function parseDate(c: Context): string | null {
  const year = parseYear(param(c, 'year'));
  const month = year === null ? null : parseMonth(param(c, 'month'));
  const day = year === null || month === null ? null : parseDay(year, month, param(c, 'day'));
  return day === null ? null : dayKey(year!, month!, day);
}
