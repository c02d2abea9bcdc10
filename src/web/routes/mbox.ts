// Gzipped mboxrd downloads (src/web/mboxrd.ts), streamed: `/<list>/<Message-ID>/t.mbox.gz` (the
// thread, what b4 fetches; under `/all/` the threads of every list holding the id, each message
// once), `/<list>/YYYY/MM/DD/mbox.gz` (a day) and `/<list>/YYYY/MM/mbox.gz` (a month).

import type { Context, Hono } from 'hono';
import { STREAM_HEADER } from '../http/deliver.ts';
import { mboxGzipStream } from '../mboxrd.ts';
import { CACHE, type Site } from '../site.ts';
import { dayKey, daysInMonth, monthKey, slashed } from '../views/dates.ts';
import { contentDisposition } from './message.ts';
import { messageIdAddress, messagesAt, unknownMessageId } from './message-id-lookup.ts';
import { parseDate, requireList } from './pages.ts';
import { notFound, param, parseMonth, parseYear } from './params.ts';

export function mboxRoutes(app: Hono, site: Site): void {
  const ids = site.reader.read;

  /** The download: headers now, messages read one by one as the client takes them. */
  function download(c: Context, storedIds: number[], filename: string): Response {
    const headers = {
      'Content-Type': 'application/gzip',
      'Content-Disposition': contentDisposition('attachment', filename),
      'Cache-Control': CACHE.index,
      [STREAM_HEADER]: '1',
    };
    // HEAD (Hono answers it through the GET route): no stream, so no message is read for nothing.
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(
      mboxGzipStream(storedIds, (id) => ids.mboxMessage(id)),
      { status: 200, headers },
    );
  }

  app.get('/:list/:mid/t.mbox.gz', async (c, next) => {
    const address = messageIdAddress(site, c);
    if (!address) return next();
    const entries = await messagesAt(ids, address);
    // b4 reads a 404 here as "that message-id is not known".
    if (entries.length === 0) return unknownMessageId(site, ids, c, address);
    // Every thread the id stands in (a reused id may stand in several), each message once.
    const threads = new Map<string, { listId: number; threadId: number }>();
    for (const entry of entries) {
      const listId = site.reader.list(entry.list)?.id;
      if (listId !== undefined)
        threads.set(`${listId}:${entry.threadId}`, { listId, threadId: entry.threadId });
    }
    const stored = new Set<number>();
    for (const { listId, threadId } of threads.values()) {
      for (const id of await ids.threadStoredIds(listId, threadId)) stored.add(id);
    }
    // One list: its arrival order. Across lists (`/all/`) no list's order is the order: storage order.
    const order = address.list ? [...stored] : [...stored].sort((a, b) => a - b);
    return download(c, order, 't.mbox.gz');
  });

  app.get('/:list/:year/:month/:day/mbox.gz', async (c, next) => {
    const day = parseDate(c);
    if (day === null) return next();
    const list = requireList(site, param(c, 'list'));
    const stored = await ids.periodStoredIds(list.id, day, day);
    if (stored.length === 0) notFound(`${list.name} has no messages from ${slashed(day)}.`);
    return download(c, stored, `${list.name}-${day}.mbox.gz`);
  });

  app.get('/:list/:year/:month/mbox.gz', async (c, next) => {
    const year = parseYear(param(c, 'year'));
    const month = year === null ? null : parseMonth(param(c, 'month'));
    if (year === null || month === null) return next();
    const list = requireList(site, param(c, 'list'));
    const first = dayKey(year, month, 1);
    const stored = await ids.periodStoredIds(list.id, first, dayKey(year, month, daysInMonth(year, month)));
    if (stored.length === 0) notFound(`${list.name} has no messages from ${slashed(monthKey(year, month))}.`);
    return download(c, stored, `${list.name}-${monthKey(year, month)}.mbox.gz`);
  });
}
