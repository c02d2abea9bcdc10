// `/<list>/YYYY/MM/DD/N`: blists' navigation row, the headers, the body, the attachments and a
// compact overview of the thread.

import type { AttachmentInfo } from '../../mail/types.ts';
import type { EntryAddress, EntryRecord, IndexLine } from '../../store/store.ts';
import { formatAddress } from '../render/body.ts';
import { formatMailDate, monthKey } from './dates.ts';
import { type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import {
  attachmentPath,
  dayPath,
  listPath,
  messagePath,
  monthPath,
  type PageLinks,
  yearPath,
} from './links.ts';
import { type ListingRow, threadOverview } from './message-lists.ts';
import { navRow } from './nav.ts';

export interface MessageNavigation {
  prev: EntryAddress | null;
  next: EntryAddress | null;
  threadPrev: IndexLine | null;
  threadNext: IndexLine | null;
}

export interface MessagePage {
  frame: Frame;
  list: string;
  entry: EntryRecord;
  nav: MessageNavigation;
  /** The rendered body (src/web/render/body.ts), already obfuscated as the list wants. */
  body: HtmlString;
  thread: ListingRow[];
  /** Rows of the whole thread; more than `thread.length` when the overview was cut. */
  threadRows: number;
  hide: (text: string) => string;
  /** Zone for the Date: line. */
  timeZone: string;
  /** The message's Message-ID page (`<list>/<Message-ID>/`, a path from the root): its Message-ID links there. */
  messageIdPath?: string;
  /** Drawn under the message: the Message-ID page's links (raw, thread, mbox). */
  messageLinks?: HtmlString;
  /** Drawn at the end of the page: the Message-ID page's reply instructions. */
  reply?: HtmlString;
}

/** Types shown in the browser as text (served as text/plain); everything else is a download. */
export function isTextType(contentType: string): boolean {
  const type = contentType.toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'message/rfc822' ||
    type === 'message/delivery-status' ||
    type === 'application/pgp-signature' ||
    type === 'application/pgp-keys' ||
    type === 'application/x-patch' ||
    type === 'application/x-diff' ||
    type === 'application/x-shellscript' ||
    type === 'application/json' ||
    type === 'application/xml'
  );
}

function navigation(data: MessagePage): HtmlString {
  const { links } = data.frame;
  const { list, entry, nav } = data;
  const to = (target: { day: string; n: number } | null) =>
    target ? links.to(messagePath(list, target.day, target.n)) : null;
  const [year, month] = entry.day.split('-').map(Number);
  return navRow([
    { label: '<prev', href: to(nav.prev), rel: 'prev' },
    { label: 'next>', href: to(nav.next), rel: 'next' },
    { label: '<thread-prev', href: to(nav.threadPrev), rel: 'thread-prev' },
    { label: 'thread-next>', href: to(nav.threadNext), rel: 'thread-next' },
    { label: 'day', href: links.to(dayPath(list, entry.day)), rel: 'up' },
    { label: 'month', href: links.to(monthPath(list, monthKey(year, month))) },
    { label: 'year', href: links.to(yearPath(list, year)) },
    { label: 'list', href: links.to(listPath(list)) },
  ]);
}

/** What the headers, body and attachments of one message need (a message page, a thread page). */
export interface MessageArticle {
  list: string;
  entry: EntryRecord;
  body: HtmlString;
  hide: (text: string) => string;
  timeZone: string;
  links: PageLinks;
  messageIdPath?: string;
}

function headers(data: MessageArticle): HtmlString {
  const { entry, hide, links } = data;
  const line = (name: string, value: string) => html`${name}: ${value}\n`;
  const id = `<${entry.messageId}>`;
  // The link stays on the Message-ID line: it is the one place a page shows a Message-ID whole.
  const idLine = data.messageIdPath
    ? html`Message-ID: <a href="${links.to(data.messageIdPath)}">${id}</a>\n`
    : line('Message-ID', id);
  return html`<pre class="headers">${idLine}${line(
    'Date',
    entry.date ? formatMailDate(entry.date, data.timeZone) : '(none)',
  )}${line('From', hide(formatAddress(entry.from)))}${
    entry.to.length > 0 ? line('To', hide(entry.to.map(formatAddress).join(', '))) : ''
  }${entry.cc.length > 0 ? line('Cc', hide(entry.cc.map(formatAddress).join(', '))) : ''}${line(
    'Subject',
    hide(entry.subject),
  )}</pre>`;
}

function attachmentLine(attachment: AttachmentInfo, data: MessageArticle, links: PageLinks): HtmlString {
  const href = links.to(attachmentPath(data.list, data.entry.day, data.entry.n, attachment.index));
  const verb = isTextType(attachment.contentType) ? 'View' : 'Download';
  return html`<li><a href="${href}">${verb} attachment "${attachment.filename}"</a> of type "${attachment.contentType}" (${attachment.size} bytes)</li>
`;
}

/** Headers, body and attachment list of one message. */
export function messageArticle(data: MessageArticle): HtmlString {
  const { entry, links } = data;
  return html`${headers(data)}
<div class="body">${data.body}</div>
${
  entry.attachments.length > 0
    ? html`<ul class="attachments">
${entry.attachments.map((a) => attachmentLine(a, data, links))}</ul>`
    : ''
}`;
}

export function messagePage(data: MessagePage): HtmlString {
  const { links } = data.frame;
  const { entry, list, hide } = data;
  return page(
    data.frame,
    html`${navigation(data)}
${messageArticle({ ...data, links })}
${data.messageLinks ?? ''}
${navigation(data)}
${
  data.thread.length > 1
    ? html`<section class="thread-overview"><h2>Thread</h2>
${threadOverview(data.thread, { list, links, hide, currentSeq: entry.seq })}
${data.threadRows > data.thread.length ? html`<p class="more">… ${data.threadRows - data.thread.length} more messages in this thread.</p>` : ''}</section>`
    : ''
}
${data.reply ?? ''}`,
  );
}
