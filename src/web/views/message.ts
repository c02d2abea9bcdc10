// `/<list>/YYYY/MM/DD/N`: blists' navigation row, the headers, the body, the attachments and a
// compact overview of the thread.

import type { AttachmentInfo } from '../../mail/types.ts';
import type { EntryAddress, IndexLine } from '../../store/sqlite/archive-queries.ts';
import type { EntryRecord } from '../../store/store.ts';
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

function headers(data: MessagePage): HtmlString {
  const { entry, hide } = data;
  const line = (name: string, value: string) => html`${name}: ${value}\n`;
  return html`<pre class="headers">${line('Message-ID', `<${entry.messageId}>`)}${line(
    'Date',
    entry.date ? formatMailDate(entry.date, data.timeZone) : '(none)',
  )}${line('From', hide(formatAddress(entry.from)))}${
    entry.to.length > 0 ? line('To', hide(entry.to.map(formatAddress).join(', '))) : ''
  }${entry.cc.length > 0 ? line('Cc', hide(entry.cc.map(formatAddress).join(', '))) : ''}${line(
    'Subject',
    hide(entry.subject),
  )}</pre>`;
}

function attachmentLine(attachment: AttachmentInfo, data: MessagePage, links: PageLinks): HtmlString {
  const href = links.to(attachmentPath(data.list, data.entry.day, data.entry.n, attachment.index));
  const verb = isTextType(attachment.contentType) ? 'View' : 'Download';
  return html`<li><a href="${href}">${verb} attachment "${attachment.filename}"</a> of type "${attachment.contentType}" (${attachment.size} bytes)</li>
`;
}

export function messagePage(data: MessagePage): HtmlString {
  const { links } = data.frame;
  const { entry, list, hide } = data;
  return page(
    data.frame,
    html`${navigation(data)}
${headers(data)}
<div class="body">${data.body}</div>
${
  entry.attachments.length > 0
    ? html`<ul class="attachments">
${entry.attachments.map((a) => attachmentLine(a, data, links))}</ul>`
    : ''
}
${navigation(data)}
${
  data.thread.length > 1
    ? html`<section class="thread-overview"><h2>Thread</h2>
${threadOverview(data.thread, { list, links, hide, currentSeq: entry.seq })}
${data.threadRows > data.thread.length ? html`<p class="more">… ${data.threadRows - data.thread.length} more messages in this thread.</p>` : ''}</section>`
    : ''
}`,
  );
}
