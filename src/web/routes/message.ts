// `/<list>/YYYY/MM/DD/N` (a message) and `/<list>/YYYY/MM/DD/N/K` (its K-th attachment).

import type { Context, Hono } from 'hono';
import { THREAD_OVERVIEW_ROWS } from '../../limits.ts';
import { extractAttachment } from '../../mail/attachment.ts';
import { parseMessage } from '../../mail/parse.ts';
import type { EntryRecord, IndexLine, ListRecord } from '../../store/store.ts';
import { threadNeighbourLines, threadRows } from '../listing.ts';
import { renderBody } from '../render/body.ts';
import { CACHE, type Site } from '../site.ts';
import { slashed } from '../views/dates.ts';
import type { HtmlString } from '../views/html.ts';
import { messageIdPath } from '../views/links.ts';
import { isTextType, messagePage } from '../views/message.ts';
import type { ListingRow } from '../views/message-lists.ts';
import { parseDate, requireList, sendHtml } from './pages.ts';
import { notFound, param, parseNumber } from './params.ts';

/** The message at the URL's address, or null when the URL is not a message URL at all. */
function addressOf(site: Site, c: Context): { list: ListRecord; day: string; n: number } | null {
  const day = parseDate(c);
  const n = day === null ? null : parseNumber(param(c, 'n'), 'message');
  if (day === null || n === null) return null;
  return { list: requireList(site, param(c, 'list')), day, n };
}

/** At most THREAD_OVERVIEW_ROWS rows of a long thread, around the current message. */
function overviewWindow(rows: ListingRow[], seq: number): ListingRow[] {
  if (rows.length <= THREAD_OVERVIEW_ROWS) return rows;
  const at = rows.findIndex((row) => row.line?.seq === seq);
  const start = Math.max(0, Math.min(at - THREAD_OVERVIEW_ROWS / 2, rows.length - THREAD_OVERVIEW_ROWS));
  return rows.slice(start, start + THREAD_OVERVIEW_ROWS);
}

/** `Content-Disposition` with an ASCII fallback name and the exact name in RFC 8187 form. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const plain = filename.replace(/[^\x20-\x7e]|["\\/%;]/g, '_').trim() || 'attachment';
  const exact = encodeURIComponent(filename.replace(/[/\\]/g, '_')).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${plain}"; filename*=UTF-8''${exact}`;
}

/** The declared charset when it is a plausible label; otherwise UTF-8 if the bytes are, else windows-1252. */
export function textCharset(declared: string | null, content: Uint8Array): string {
  if (declared && /^[A-Za-z0-9._:-]{1,40}$/.test(declared)) return declared.toLowerCase();
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** What the Message-ID page (routes/message-id.ts) adds to the blists message page. */
export interface MessagePageExtras {
  /** Relative link to the message's blists address, its permanent one. */
  canonical: string;
  /** Relative link to the thread's Atom feed. */
  atom: string;
  messageLinks: HtmlString;
  reply: HtmlString;
}

/**
 * The message page of one entry: `/<list>/YYYY/MM/DD/N` draws it plain; `/<list>/<Message-ID>/`
 * draws the same page with its extras, made from the thread's index lines. The neighbours and the
 * thread are read on one snapshot.
 */
export async function renderMessagePage(
  site: Site,
  c: Context,
  list: ListRecord,
  entry: EntryRecord,
  extrasOf?: (threadLines: IndexLine[]) => MessagePageExtras,
): Promise<HtmlString> {
  const data = await site.reader.snapshot({
    prev: (read) => read.neighbour(list.id, entry.seq, 'prev'),
    next: (read) => read.neighbour(list.id, entry.seq, 'next'),
    lines: (read) => read.threadLines(list.id, entry.threadId),
    containers: (read) => read.threadContainers(list.id, entry.threadId),
    raw: (read) => read.raw(entry.storedId),
  });
  const { lines } = data;
  const parsed = await parseMessage(data.raw, { textOnly: true });
  const rows = threadRows(lines, data.containers);
  const thread = threadNeighbourLines(lines, entry.seq);
  const hide = site.hide(list);
  const subject = entry.subject.trim() === '' ? '(no subject)' : entry.subject;
  const frame = site.frame(
    c,
    `${list.name} mailing list - ${slashed(entry.day)} - ${hide(subject)}`,
    list.name,
  );
  const extras = extrasOf?.(lines);
  if (extras) {
    frame.canonical = extras.canonical;
    frame.atom = extras.atom;
  }
  return messagePage({
    frame,
    list: list.name,
    entry,
    nav: { prev: data.prev, next: data.next, threadPrev: thread.prev, threadNext: thread.next },
    body: renderBody(parsed, { obfuscate: list.obfuscate }),
    thread: overviewWindow(rows, entry.seq),
    threadRows: rows.length,
    hide,
    timeZone: site.config.timeZone,
    messageIdPath: messageIdPath(list.name, entry.messageId),
    messageLinks: extras?.messageLinks,
    reply: extras?.reply,
  });
}

export function messageRoutes(app: Hono, site: Site): void {
  const { read } = site.reader;

  app.get('/:list/:year/:month/:day/:n', async (c, next) => {
    const address = addressOf(site, c);
    if (!address) return next();
    const { list, day, n } = address;
    const entry = await read.entryAt(list.id, day, n);
    if (!entry) notFound(`${list.name} has no message ${n} on ${slashed(day)}.`);
    return sendHtml(c, await renderMessagePage(site, c, list, entry), CACHE.message);
  });

  app.get('/:list/:year/:month/:day/:n/:k', async (c, next) => {
    const address = addressOf(site, c);
    const k = address === null ? null : parseNumber(param(c, 'k'), 'attachment');
    if (!address || k === null) return next();
    const { list, day, n } = address;
    const found = await site.reader.store.snapshot(async (snapshot) => {
      const entry = await snapshot.entryAt(list.id, day, n);
      return entry?.attachments.some((a) => a.index === k) ? snapshot.raw(entry.storedId) : null;
    });
    const attachment = found && (await extractAttachment(found, k));
    if (!attachment) notFound(`Message ${slashed(day)}/${n} of ${list.name} has no attachment ${k}.`);
    const content = attachment.content as Uint8Array<ArrayBuffer>;
    // Never HTML inline: text of any kind is shown as plain text, everything else downloads.
    const headers = isTextType(attachment.contentType)
      ? {
          'Content-Type': `text/plain; charset=${textCharset(attachment.charset, content)}`,
          'Content-Disposition': contentDisposition('inline', attachment.filename),
        }
      : {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': contentDisposition('attachment', attachment.filename),
        };
    return c.body(content, 200, { ...headers, 'Cache-Control': CACHE.attachment });
  });
}
