// A whole thread on one page, bodies included (public-inbox's `/<Message-ID>/t/` and `/T/`): nested
// in tree order with replies indented, or flat in date order. Each message is anchored by its
// permanent address, so a message page can link to its place in the thread.

import type { EntryRecord } from '../../store/store.ts';
import { counted, type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import { listPath, messageIdPath, messagePath } from './links.ts';
import { messageArticle } from './message.ts';
import { messageAnchor } from './message-id.ts';
import { subjectOf } from './message-lists.ts';
import { navRow } from './nav.ts';

/** Deepest indentation drawn (style.css has a class per level); deeper replies stay at this depth. */
const MAX_INDENT = 8;

/** One row of the page: a message (its body, or null past the page's limit) or a ghost (entry null). */
export interface ThreadItem {
  entry: EntryRecord | null;
  body: HtmlString | null;
  depth: number;
}

export interface ThreadPage {
  frame: Frame;
  list: string;
  hide: (text: string) => string;
  timeZone: string;
  mode: 'nested' | 'flat';
  /** The Message-ID of the page's URL: its sibling pages and downloads hang on it. */
  messageId: string;
  subject: string;
  /** Messages of the thread (ghosts not counted). */
  count: number;
  items: ThreadItem[];
}

function item(data: ThreadPage, row: ThreadItem): HtmlString {
  const { links } = data.frame;
  const indent = data.mode === 'nested' ? ` indent-${Math.min(row.depth, MAX_INDENT)}` : '';
  const { entry } = row;
  if (!entry) return html`<p class="ghost${indent}">(message not in archive)</p>\n`;
  const body =
    row.body ??
    html`<p class="more">Body not shown: the thread is too long for one page (see the thread mbox).</p>`;
  return html`<article class="message${indent}" id="${messageAnchor(entry)}">
${navRow([
  { label: 'message', href: links.to(messageIdPath(data.list, entry.messageId)), rel: 'bookmark' },
  {
    label: `${data.list}/${entry.day.replaceAll('-', '/')}/${entry.n}`,
    href: links.to(messagePath(data.list, entry.day, entry.n)),
  },
  { label: 'raw', href: links.to(messageIdPath(data.list, entry.messageId, 'raw')) },
])}
${messageArticle({ list: data.list, entry, body, hide: data.hide, timeZone: data.timeZone, links })}
</article>
`;
}

export function threadPage(data: ThreadPage): HtmlString {
  const { links } = data.frame;
  const here = (file: string) => links.to(messageIdPath(data.list, data.messageId, file));
  return page(
    data.frame,
    html`${navRow([
      { label: 'nested', href: data.mode === 'nested' ? null : here('t/') },
      { label: 'flat', href: data.mode === 'flat' ? null : here('T/') },
      { label: 'thread mbox.gz', href: here('t.mbox.gz') },
      { label: 'thread Atom', href: here('t.atom') },
      { label: 'list', href: links.to(listPath(data.list)), rel: 'up' },
    ])}
<h1>${data.hide(subjectOf(data.subject))}</h1>
<p class="more">${counted(data.count, 'message')} in this thread, ${data.mode === 'nested' ? 'replies below what they answer' : 'oldest first'}.</p>
${data.items.map((row) => item(data, row))}`,
  );
}
