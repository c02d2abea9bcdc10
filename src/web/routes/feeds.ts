// Atom feeds: `/<list>/new.atom` (the list's newest messages, archive order) and
// `/<list>/<Message-ID>/t.atom` (the thread's, newest first by date); FEED_ENTRIES of each.

import type { Context, Hono } from 'hono';
import { threadWalk } from '../../archive/thread-tree.ts';
import { FEED_ENTRIES } from '../../limits.ts';
import { parseMessage } from '../../mail/parse.ts';
import type { EntryRecord, ListRecord } from '../../store/store.ts';
import { renderBody } from '../render/body.ts';
import { CACHE, type Site } from '../site.ts';
import { type AtomEntry, atomFeed } from '../views/atom.ts';
import { listPath, messageIdPath, PageLinks } from '../views/links.ts';
import { subjectOf } from '../views/message-lists.ts';
import { threadAt } from './message-id-lookup.ts';
import { requireList } from './pages.ts';
import { isListName, param } from './params.ts';

const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

export function feedRoutes(app: Hono, site: Site): void {
  const { reader } = site;
  const ids = reader.read;

  async function entriesOf(list: ListRecord, entries: EntryRecord[], links: PageLinks): Promise<AtomEntry[]> {
    const hide = site.hide(list);
    const out: AtomEntry[] = [];
    for (const entry of entries) {
      const parsed = await parseMessage(await ids.raw(entry.storedId), { textOnly: true });
      const address = entry.from?.address ?? '';
      out.push({
        title: hide(subjectOf(entry.subject)),
        authorName: hide(entry.from?.name || address || '(unknown sender)'),
        authorEmail: list.obfuscate ? null : address || null,
        // A message without a usable Date: is dated by its day, the only date the page shows.
        updated: entry.date ?? new Date(`${entry.day}T00:00:00Z`),
        href: links.to(messageIdPath(list.name, entry.messageId)),
        idSeed: `${list.name}/${entry.day}/${entry.n}`,
        content: renderBody(parsed, { obfuscate: list.obfuscate }),
      });
    }
    return out;
  }

  function send(c: Context, body: string) {
    return c.body(body, 200, { 'Content-Type': ATOM_TYPE, 'Cache-Control': CACHE.index });
  }

  app.get('/:list/new.atom', async (c, next) => {
    const name = param(c, 'list');
    if (!isListName(name)) return next();
    const list = requireList(site, name);
    const links = new PageLinks(site.pageOf(c));
    const entries = await ids.newestEntries(list.id, FEED_ENTRIES);
    return send(
      c,
      atomFeed({
        title: `${list.name} mailing list`,
        selfHref: links.to(`${list.name}/new.atom`),
        alternateHref: links.to(listPath(list.name)),
        idSeed: `${list.name}/new.atom`,
        fallbackUpdated: reader.lastModified,
        entries: await entriesOf(list, entries, links),
      }),
    );
  });

  app.get('/:list/:mid/t.atom', async (c, next) => {
    const found = await threadAt(site, ids, c);
    if (found === null || found instanceof Response) return found ?? next();
    const { list, entry } = found;
    const links = new PageLinks(site.pageOf(c));
    const entries = await ids.threadEntries(list.id, entry.threadId);
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    const newest = threadWalk(entries)
      .reverse()
      .slice(0, FEED_ENTRIES)
      .map((m) => bySeq.get(m.seq)!);
    const subject = subjectOf(threadWalk(entries).map((m) => bySeq.get(m.seq)!)[0]?.subject ?? entry.subject);
    return send(
      c,
      atomFeed({
        title: site.hide(list)(subject),
        selfHref: links.to(messageIdPath(list.name, entry.messageId, 't.atom')),
        alternateHref: links.to(messageIdPath(list.name, entry.messageId, 't/')),
        idSeed: `${list.name}/thread/${entry.messageId}`,
        fallbackUpdated: reader.lastModified,
        entries: await entriesOf(list, newest, links),
      }),
    );
  });
}
