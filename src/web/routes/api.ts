// `/api/v1/…`: JSON for what the pages show (docs/api.md). Addresses, names, subjects and text are
// obfuscated exactly as on the pages when the list asks for it: an API must not hand out what the
// HTML hides.

import type { Context, Hono } from 'hono';
import { messageJson } from '../../archive/message-json.ts';
import { parseMessage } from '../../mail/parse.ts';
import type { Address } from '../../mail/types.ts';
import type { IndexLine } from '../../store/store.ts';
import { threadRows } from '../listing.ts';
import { CACHE, type Site } from '../site.ts';
import { slashed } from '../views/dates.ts';
import { listPath, messagePath } from '../views/links.ts';
import { parseDate, requireList } from './pages.ts';
import { notFound, param, parseNumber } from './params.ts';

type Hide = (text: string) => string;

function hideAddress(address: Address | null, hide: Hide): Address | null {
  return address && { name: hide(address.name), address: hide(address.address) };
}

function sendJson(c: Context, value: unknown, cacheControl: string) {
  return c.json(value, 200, { 'Cache-Control': cacheControl, 'Access-Control-Allow-Origin': '*' });
}

export function apiRoutes(app: Hono, site: Site): void {
  const { reader } = site;
  /** Root-relative URL of a page (with the base path): JSON readers have no page to be relative to. */
  const url = (path: string) => `${site.basePath}/${path}`;

  const lineJson = (list: string, line: IndexLine, hide: Hide) => ({
    day: line.day,
    n: line.n,
    url: url(messagePath(list, line.day, line.n)),
    messageId: line.messageId,
    subject: hide(line.subject),
    from: hideAddress({ name: line.fromName, address: line.fromAddress }, hide),
    date: line.date ? line.date.toISOString() : null,
    threadId: line.threadId,
    parentId: line.parentId,
  });

  app.get('/api/v1/lists', async (c) => {
    const activity = await reader.activity();
    const lists = reader.lists().map((list) => ({
      name: list.name,
      title: list.title,
      description: list.description,
      section: list.section,
      messages: activity.get(list.id)?.messages ?? 0,
      firstDay: activity.get(list.id)?.firstDay ?? null,
      lastDay: activity.get(list.id)?.lastDay ?? null,
      url: url(listPath(list.name)),
    }));
    return sendJson(c, { lists }, CACHE.index);
  });

  app.get('/api/v1/:list', async (c) => {
    const list = requireList(site, param(c, 'list'));
    const activity = (await reader.activity()).get(list.id);
    const days = activity ? await reader.read.dayCounts(list.id, activity.firstDay, activity.lastDay) : [];
    const years: {
      year: number;
      count: number;
      months: { month: string; count: number; days: { day: string; count: number }[] }[];
    }[] = [];
    for (const { period, count } of days) {
      const year = Number(period.slice(0, 4));
      if (years.at(-1)?.year !== year) years.push({ year, count: 0, months: [] });
      const y = years.at(-1)!;
      const month = period.slice(0, 7);
      if (y.months.at(-1)?.month !== month) y.months.push({ month, count: 0, days: [] });
      const m = y.months.at(-1)!;
      y.count += count;
      m.count += count;
      m.days.push({ day: period, count });
    }
    return sendJson(
      c,
      { list: list.name, messages: activity?.messages ?? 0, url: url(listPath(list.name)), years },
      CACHE.index,
    );
  });

  app.get('/api/v1/:list/thread/:thread', async (c) => {
    const list = requireList(site, param(c, 'list'));
    const threadId = parseNumber(param(c, 'thread'), 'thread') ?? notFound('A thread id is a number.');
    const hide = site.hide(list);
    const { lines, containers } = await reader.snapshot({
      lines: (read) => read.threadLines(list.id, threadId),
      containers: (read) => read.threadContainers(list.id, threadId),
    });
    if (lines.length === 0) notFound(`${list.name} has no thread ${threadId}.`);
    const parentOf = new Map(containers.map((container) => [container.messageId, container.parentId]));
    // Flat, in display order, with depth and parent: a tree any client can rebuild without recursion.
    const messages = threadRows(lines, containers).map((row) =>
      row.line
        ? { ...lineJson(list.name, row.line, hide), depth: row.depth, ghost: false }
        : {
            messageId: row.messageId,
            parentId: parentOf.get(row.messageId) ?? null,
            depth: row.depth,
            ghost: true,
          },
    );
    return sendJson(c, { list: list.name, threadId, messages }, CACHE.index);
  });

  app.get('/api/v1/:list/:year/:month/:day', async (c, next) => {
    const day = parseDate(c);
    if (day === null) return next();
    const list = requireList(site, param(c, 'list'));
    const hide = site.hide(list);
    const data = await reader.snapshot({
      lines: (read) => read.dayLines(list.id, day),
      prev: (read) => read.nearestDay(list.id, day, 'before'),
      next: (read) => read.nearestDay(list.id, day, 'after'),
    });
    if (data.lines.length === 0) notFound(`${list.name} has no messages from ${slashed(day)}.`);
    return sendJson(
      c,
      {
        list: list.name,
        day,
        prevDay: data.prev,
        nextDay: data.next,
        messages: data.lines.map((l) => lineJson(list.name, l, hide)),
      },
      CACHE.index,
    );
  });

  app.get('/api/v1/:list/:year/:month/:day/:n', async (c, next) => {
    const day = parseDate(c);
    const n = day === null ? null : parseNumber(param(c, 'n'), 'message');
    if (day === null || n === null) return next();
    const list = requireList(site, param(c, 'list'));
    const found = await reader.store.snapshot(async (read) => {
      const entry = await read.entryAt(list.id, day, n);
      return entry ? { entry, raw: await read.raw(entry.storedId) } : null;
    });
    if (!found) notFound(`${list.name} has no message ${n} on ${slashed(day)}.`);
    const { entry } = found;
    const hide = site.hide(list);
    const parsed = await parseMessage(found.raw);
    const json = messageJson(
      {
        ...entry,
        subject: hide(entry.subject),
        from: hideAddress(entry.from, hide),
        to: entry.to.map((a) => hideAddress(a, hide)!),
        cc: entry.cc.map((a) => hideAddress(a, hide)!),
      },
      hide(parsed.text),
    );
    return sendJson(c, { ...json, url: url(messagePath(list.name, entry.day, entry.n)) }, CACHE.message);
  });
}
