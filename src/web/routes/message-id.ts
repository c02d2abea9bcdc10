// public-inbox's message addresses (DESIGN.md §3): `/<list>/<Message-ID>` (301 to the same with a
// slash), `/<list>/<Message-ID>/` (the message page), `/<list>/<Message-ID>/raw` (its bytes), the
// same under `/all/`, and `/<list>/YYYY/MM/DD/N/raw` (one message's bytes by its blists address).

import type { Context, Hono } from 'hono';
import { threadWalk } from '../../archive/thread-tree.ts';
import { charsetParam, headerValue, scanHeaders } from '../../mail/headers.ts';
import { parseMessage } from '../../mail/parse.ts';
import { withoutPrivateHeaders } from '../../mail/private-headers.ts';
import type { EntryRecord, ListRecord } from '../../store/store.ts';
import { mboxrdChunks } from '../mboxrd.ts';
import { absoluteUrl } from '../message-id-url.ts';
import { renderBody } from '../render/body.ts';
import { CACHE, type Site } from '../site.ts';
import { slashed } from '../views/dates.ts';
import { messageIdPath, messagePath, PageLinks } from '../views/links.ts';
import { messageArticle } from '../views/message.ts';
import { choicePage, messageLinks, reusedIdPage } from '../views/message-id.ts';
import { replyInstructions } from '../views/reply.ts';
import { renderMessagePage } from './message.ts';
import { listsOf, messageIdAddress, messagesAt, unknownMessageId } from './message-id-lookup.ts';
import { parseDate, requireList, sendHtml } from './pages.ts';
import { notFound, param, parseNumber } from './params.ts';

const CHARSET_LABEL = /^[A-Za-z0-9._:-]{1,40}$/;

/** `text/plain`, with the charset the message declares at its top when it declares a sane one. */
function rawContentType(raw: Uint8Array): string {
  const charset = charsetParam(headerValue(scanHeaders(raw).fields, 'content-type'));
  return charset && CHARSET_LABEL.test(charset) ? `text/plain; charset=${charset}` : 'text/plain';
}

export function messageIdRoutes(app: Hono, site: Site): void {
  const { reader } = site;
  const ids = reader.read;

  /** The Message-ID page of a single message: the blists page plus links, reply and canonical address. */
  async function singleMessage(c: Context, list: ListRecord, entry: EntryRecord) {
    const links = new PageLinks(site.pageOf(c));
    const page = await renderMessagePage(site, c, list, entry, (threadLines) => {
      // The thread's pages and feed hang on its oldest message, so each thread has one set.
      const threadRootId = threadWalk(threadLines)[0]?.messageId ?? entry.messageId;
      return {
        canonical: links.to(messagePath(list.name, entry.day, entry.n)),
        atom: links.to(messageIdPath(list.name, threadRootId, 't.atom')),
        messageLinks: messageLinks({ links, list: list.name, entry, threadRootId }),
        reply: replyInstructions({
          listAddress: list.address,
          messageId: entry.messageId,
          subject: entry.subject,
          sender: entry.from?.address ?? '',
          obfuscate: list.obfuscate,
          hide: site.hide(list),
          rawHref: links.to(messageIdPath(list.name, entry.messageId, 'raw')),
        }),
      };
    });
    return sendHtml(c, page, CACHE.message);
  }

  /** Several messages of one list share the Message-ID: all of them, each with its own address. */
  async function reusedId(c: Context, list: ListRecord, entries: EntryRecord[]) {
    const frame = site.frame(c, `${list.name} mailing list - <${entries[0].messageId}>`, list.name);
    const hide = site.hide(list);
    const messages = [];
    for (const entry of entries) {
      const parsed = await parseMessage(await ids.raw(entry.storedId), { textOnly: true });
      const body = renderBody(parsed, { obfuscate: list.obfuscate });
      const article = messageArticle({
        list: list.name,
        entry,
        body,
        hide,
        timeZone: site.config.timeZone,
        links: frame.links,
      });
      messages.push({ entry, article });
    }
    const page = reusedIdPage({ frame, list: list.name, messageId: entries[0].messageId, messages });
    return sendHtml(c, page, CACHE.message);
  }

  app.get('/:list/:mid', async (c, next) => {
    const address = messageIdAddress(site, c);
    if (!address) return next();
    if ((await messagesAt(ids, address)).length === 0) return unknownMessageId(site, ids, c, address);
    // b4 sends HEAD here and reads the Location (see absoluteUrl): it must be absolute.
    const target = messageIdPath(address.list?.name ?? 'all', address.messageId);
    c.header('Cache-Control', CACHE.static);
    return c.redirect(absoluteUrl(c, site.basePath, target), 301);
  });

  app.get('/:list/:mid/', async (c, next) => {
    const address = messageIdAddress(site, c);
    if (!address) return next();
    const entries = await messagesAt(ids, address);
    if (entries.length === 0) return unknownMessageId(site, ids, c, address);
    const lists = listsOf(entries);
    if (lists.length > 1) {
      const frame = site.frame(c, `${site.config.title} - <${address.messageId}>`);
      const hide = (name: string) => site.hide(requireList(site, name));
      const page = choicePage({
        frame,
        messageId: address.messageId,
        entries,
        hide,
        timeZone: site.config.timeZone,
      });
      return sendHtml(c, page, CACHE.index);
    }
    const list = address.list ?? requireList(site, lists[0]);
    return entries.length === 1 ? singleMessage(c, list, entries[0]) : reusedId(c, list, entries);
  });

  app.get('/:list/:mid/raw', async (c, next) => {
    const address = messageIdAddress(site, c);
    if (!address) return next();
    const entries = await messagesAt(ids, address);
    if (entries.length === 0) return unknownMessageId(site, ids, c, address);
    const stored = [...new Set(entries.map((e) => e.storedId))];
    if (stored.length === 1) {
      const raw = withoutPrivateHeaders(await ids.raw(stored[0]));
      return c.body(new Uint8Array(raw), 200, {
        'Content-Type': rawContentType(raw),
        'Cache-Control': CACHE.message,
      });
    }
    // A reused Message-ID: every message, as mboxrd, as public-inbox's raw does for any id. No
    // charset: each message may declare its own.
    const parts: Uint8Array[] = [];
    for (const id of stored) {
      const message = await ids.mboxMessage(id);
      if (message) parts.push(...mboxrdChunks(message));
    }
    return c.body(new Uint8Array(Buffer.concat(parts)), 200, {
      'Content-Type': 'text/plain',
      'Cache-Control': CACHE.message,
    });
  });

  app.get('/:list/:year/:month/:day/:n/raw', async (c, next) => {
    const day = parseDate(c);
    const n = day === null ? null : parseNumber(param(c, 'n'), 'message');
    if (day === null || n === null) return next();
    const list = requireList(site, param(c, 'list'));
    const entry = await ids.entryAt(list.id, day, n);
    if (!entry) notFound(`${list.name} has no message ${n} on ${slashed(day)}.`);
    const raw = withoutPrivateHeaders(await ids.raw(entry.storedId));
    return c.body(new Uint8Array(raw), 200, {
      'Content-Type': rawContentType(raw),
      'Cache-Control': CACHE.message,
    });
  });
}
