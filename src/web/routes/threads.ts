// `/<list>/<Message-ID>/t/` (the thread nested, bodies included) and `/T/` (flat, by date), and
// their slashless forms, which public-inbox redirects too. Under `/all/` when one list holds the id.

import type { Context, Hono } from 'hono';
import { buildThreadTree, threadLines, threadWalk } from '../../archive/thread-tree.ts';
import { THREAD_PAGE_MESSAGES } from '../../limits.ts';
import { parseMessage } from '../../mail/parse.ts';
import type { EntryRecord } from '../../store/store.ts';
import { renderBody } from '../render/body.ts';
import { CACHE, type Site } from '../site.ts';
import type { HtmlString } from '../views/html.ts';
import { type ThreadItem, threadPage } from '../views/thread.ts';
import { threadAt } from './message-id-lookup.ts';
import { sendHtml } from './pages.ts';

type Mode = 'nested' | 'flat';

export function threadRoutes(app: Hono, site: Site): void {
  const { reader } = site;
  const ids = reader.read;

  /** The rows of the page: tree order with ghosts, or date order; entries in the order drawn. */
  async function rows(listId: number, threadId: number, entries: EntryRecord[], mode: Mode) {
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    if (mode === 'flat')
      return threadWalk(entries).map((m) => ({ entry: bySeq.get(m.seq) ?? null, depth: 0 }));
    const tree = buildThreadTree(await ids.threadContainers(listId, threadId), entries);
    return threadLines(tree).map((line) => ({
      entry: line.message ? (bySeq.get(line.message.seq) ?? null) : null,
      depth: line.depth,
    }));
  }

  async function answer(c: Context, mode: Mode) {
    const found = await threadAt(site, ids, c);
    if (found === null || found instanceof Response) return found;
    const { list, entry } = found;
    const entries = await ids.threadEntries(list.id, entry.threadId);
    const items: ThreadItem[] = [];
    let drawn = 0;
    for (const row of await rows(list.id, entry.threadId, entries, mode)) {
      let body: HtmlString | null = null;
      // Bodies of the first THREAD_PAGE_MESSAGES only: a thread of thousands is for the mbox.
      if (row.entry && drawn++ < THREAD_PAGE_MESSAGES) {
        body = renderBody(await parseMessage(await ids.raw(row.entry.storedId), { textOnly: true }), {
          obfuscate: list.obfuscate,
        });
      }
      items.push({ entry: row.entry, body, depth: row.depth });
    }
    const hide = site.hide(list);
    const oldest = threadWalk(entries)[0];
    const first = entries.find((e) => e.seq === oldest?.seq) ?? entry;
    const subject = first.subject.trim() === '' ? '(no subject)' : first.subject;
    return sendHtml(
      c,
      threadPage({
        frame: site.frame(c, `${list.name} mailing list - thread - ${hide(subject)}`, list.name),
        list: list.name,
        hide,
        timeZone: site.config.timeZone,
        mode,
        messageId: entry.messageId,
        subject: first.subject,
        count: entries.length,
        items,
      }),
      CACHE.message,
    );
  }

  app.get('/:list/:mid/t/', async (c, next) => (await answer(c, 'nested')) ?? next());
  app.get('/:list/:mid/T/', async (c, next) => (await answer(c, 'flat')) ?? next());

  // public-inbox sends `…/t` and `…/T` to the pages with a slash.
  for (const file of ['t', 'T']) {
    app.get(`/:list/:mid/${file}`, async (c, next) => {
      const found = await threadAt(site, ids, c);
      if (found === null || found instanceof Response) return found ?? next();
      c.header('Cache-Control', CACHE.static);
      return c.redirect(`${file}/`, 301);
    });
  }
}
