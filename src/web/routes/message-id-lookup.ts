// What every `/<list>/<Message-ID>/…` and `/all/<Message-ID>/…` route does first: read the list and
// the id from the URL (the rule that tells them from blists URLs is in src/web/message-id-url.ts),
// find the messages, and answer an unknown id with the "did you mean" 404.

import type { Context } from 'hono';
import { DID_YOU_MEAN_MAX, DID_YOU_MEAN_MIN_CHARS } from '../../limits.ts';
import type { ArchiveRead, EntryRecord, IdMatch, ListRecord } from '../../store/store.ts';
import { ALL_LISTS, messageIdOfSegment } from '../message-id-url.ts';
import { CACHE, type Site } from '../site.ts';
import { messageIdPath, PageLinks } from '../views/links.ts';
import { didYouMeanPage } from '../views/message-id.ts';
import { requireList, sendHtml } from './pages.ts';
import { isListName, param } from './params.ts';

export interface MessageIdAddress {
  /** The list of the URL; null for `/all/`. */
  list: ListRecord | null;
  messageId: string;
}

/**
 * The list and Message-ID of a `/:list/:mid…` route, or null when the URL is not a Message-ID URL
 * (a year, a list file, a name that cannot be a list): the route passes it on. An unknown list is a 404.
 */
export function messageIdAddress(site: Site, c: Context): MessageIdAddress | null {
  const name = param(c, 'list');
  const messageId = messageIdOfSegment(param(c, 'mid'));
  if (messageId === null) return null;
  if (name === ALL_LISTS) return { list: null, messageId };
  if (!isListName(name)) return null;
  return { list: requireList(site, name), messageId };
}

/** The messages with the address's id: the list's, or every list's for `/all/` (by list, then arrival). */
export function messagesAt(ids: ArchiveRead, address: MessageIdAddress): Promise<EntryRecord[]> {
  return address.list
    ? ids.entriesInList(address.list.id, address.messageId)
    : ids.entriesInAllLists(address.messageId);
}

/** The names of the lists holding these messages, in order, each once. */
export function listsOf(entries: readonly EntryRecord[]): string[] {
  return [...new Set(entries.map((e) => e.list))];
}

/**
 * Message-IDs close to one that is not there, as public-inbox's ExtMsg looks for them: ids starting
 * with it (when it is long enough to be a real prefix) or equal but for case; failing that, ids
 * starting with it less its last word (a link cut at a `.` or a `-`, or with junk after the id).
 */
export async function closeMatches(
  ids: ArchiveRead,
  listId: number | null,
  messageId: string,
): Promise<IdMatch[]> {
  const long = messageId.length >= DID_YOU_MEAN_MIN_CHARS;
  const matches = await ids.idsLike(listId, messageId, long, DID_YOU_MEAN_MAX);
  if (matches.length > 0) return matches;
  const chopped = messageId.replace(/\W+\w*$/, '');
  if (chopped === messageId || chopped.length < DID_YOU_MEAN_MIN_CHARS) return [];
  return ids.idsLike(listId, chopped, true, DID_YOU_MEAN_MAX);
}

/** The 404 page of an unknown Message-ID: close matches, and the same id in other lists. */
export async function unknownMessageId(site: Site, ids: ArchiveRead, c: Context, address: MessageIdAddress) {
  const { list, messageId } = address;
  const elsewhere = list ? (await ids.entriesInAllLists(messageId)).filter((e) => e.list !== list.name) : [];
  const hideOf = (name: string) => {
    const record = site.reader.list(name);
    return record ? site.hide(record) : (text: string) => text;
  };
  return sendHtml(
    c,
    didYouMeanPage({
      frame: site.frame(c, `${site.config.title} - 404`, list?.name),
      list: list?.name ?? null,
      messageId,
      matches: await closeMatches(ids, list?.id ?? null, messageId),
      elsewhere,
      hide: hideOf,
    }),
    CACHE.error,
    404,
  );
}

/** The thread a Message-ID URL names: the list, and the (first) message with the id in it. */
export interface ThreadAddress {
  list: ListRecord;
  entry: EntryRecord;
}

/**
 * For the thread routes (`t/`, `T/`, `t.atom`): the thread of the URL's Message-ID; null when the URL
 * is no Message-ID URL; a response when the route must answer otherwise: the 404 of an unknown id,
 * or, for `/all/` when several lists hold the id, a redirect to the page that lets the reader choose.
 */
export async function threadAt(
  site: Site,
  ids: ArchiveRead,
  c: Context,
): Promise<ThreadAddress | Response | null> {
  const address = messageIdAddress(site, c);
  if (!address) return null;
  const entries = await messagesAt(ids, address);
  if (entries.length === 0) return unknownMessageId(site, ids, c, address);
  const lists = listsOf(entries);
  if (lists.length > 1) {
    c.header('Cache-Control', CACHE.index);
    return c.redirect(new PageLinks(site.pageOf(c)).to(messageIdPath(ALL_LISTS, address.messageId)), 302);
  }
  return { list: address.list ?? requireList(site, lists[0]), entry: entries[0] };
}
