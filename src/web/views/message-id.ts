// The pages of public-inbox's Message-ID addresses that the blists message page does not cover: the
// links row under a message, a Message-ID reused for different messages, a Message-ID found in
// several lists (`/all/`), and the "did you mean" 404.

import type { EntryRecord } from '../../store/store.ts';
import { formatAddress } from '../render/body.ts';
import { formatMailDate, slashed } from './dates.ts';
import { counted, type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import { messageIdPath, messagePath, type PageLinks } from './links.ts';
import { subjectOf } from './message-lists.ts';
import { navRow } from './nav.ts';

/** The anchor of a message on a thread page: its permanent address, `d2010-01-04-3`. */
export function messageAnchor(entry: { day: string; n: number }): string {
  return `d${entry.day}-${entry.n}`;
}

export interface MessageLinks {
  links: PageLinks;
  list: string;
  entry: EntryRecord;
  /** Message-ID of the thread's first message: the thread's pages and feed hang on it. */
  threadRootId: string;
}

/** Under a message: raw, the thread as pages, mbox and feed, the reply instructions, the blists address. */
export function messageLinks(data: MessageLinks): HtmlString {
  const { links, list, entry } = data;
  const thread = (file: string) => links.to(messageIdPath(list, data.threadRootId, file));
  const anchor = `#${messageAnchor(entry)}`;
  return navRow([
    { label: 'raw', href: links.to(messageIdPath(list, entry.messageId, 'raw')) },
    { label: 'nested thread', href: `${thread('t/')}${anchor}` },
    { label: 'flat thread', href: `${thread('T/')}${anchor}` },
    { label: 'thread mbox.gz', href: thread('t.mbox.gz') },
    { label: 'thread Atom', href: thread('t.atom') },
    { label: 'reply', href: '#R' },
    { label: 'permanent address', href: links.to(messagePath(list, entry.day, entry.n)), rel: 'bookmark' },
  ]);
}

/** One line that names a message: subject, author, day/N, each linking where it says. */
function messageLine(entry: EntryRecord, list: string, links: PageLinks, hide: (t: string) => string) {
  return html`<li><a href="${links.to(messageIdPath(list, entry.messageId))}">${hide(subjectOf(entry.subject))}</a> <span class="from">(${hide(formatAddress(entry.from))})</span> <a class="day" href="${links.to(messagePath(list, entry.day, entry.n))}">${list}/${slashed(entry.day)}/${entry.n}</a></li>
`;
}

export interface ReusedIdPage {
  frame: Frame;
  list: string;
  messageId: string;
  /** Each message: its entry and the rendered article (messageArticle) with its own links. */
  messages: { entry: EntryRecord; article: HtmlString }[];
}

/** A Message-ID reused for different messages: all of them, as public-inbox shows them. */
export function reusedIdPage(data: ReusedIdPage): HtmlString {
  const { links } = data.frame;
  return page(
    data.frame,
    html`<h1>${counted(data.messages.length, 'message')} with Message-ID &lt;${data.messageId}&gt;</h1>
<p class="more">Different messages were sent with the same Message-ID; each has its own permanent address.</p>
${data.messages.map(
  ({ entry, article }) => html`<article class="message" id="${messageAnchor(entry)}">
${navRow([
  {
    label: `${data.list}/${slashed(entry.day)}/${entry.n}`,
    href: links.to(messagePath(data.list, entry.day, entry.n)),
    rel: 'bookmark',
  },
  { label: 'raw', href: links.to(`${messagePath(data.list, entry.day, entry.n)}/raw`) },
])}
${article}
</article>
`,
)}`,
  );
}

export interface ChoicePage {
  frame: Frame;
  messageId: string;
  entries: EntryRecord[];
  hide: (list: string) => (text: string) => string;
  timeZone: string;
}

/** `/all/<Message-ID>/` when several lists hold the id: one line per list, to pick from. */
export function choicePage(data: ChoicePage): HtmlString {
  const { links } = data.frame;
  return page(
    data.frame,
    html`<h1>Message-ID &lt;${data.messageId}&gt; is in ${counted(new Set(data.entries.map((e) => e.list)).size, 'list')}</h1>
<ul class="choices">
${data.entries.map(
  (
    entry,
  ) => html`<li><a href="${links.to(messageIdPath(entry.list, entry.messageId))}">${entry.list}</a>: ${data.hide(entry.list)(subjectOf(entry.subject))} <span class="from">(${data.hide(entry.list)(formatAddress(entry.from))}, ${entry.date ? formatMailDate(entry.date, data.timeZone) : slashed(entry.day)})</span></li>
`,
)}</ul>`,
  );
}

export interface DidYouMeanPage {
  frame: Frame;
  /** The list searched, or null for `/all/`. */
  list: string | null;
  messageId: string;
  /** Close matches: Message-IDs with the same start or differing only in case. */
  matches: { list: string; messageId: string }[];
  /** The same id in other lists (searching one list only). */
  elsewhere: EntryRecord[];
  hide: (list: string) => (text: string) => string;
}

/** 404 for an unknown Message-ID, with what the reader may have meant (public-inbox's ExtMsg). */
export function didYouMeanPage(data: DidYouMeanPage): HtmlString {
  const { links } = data.frame;
  const where = data.list === null ? 'any list' : data.list;
  return page(
    data.frame,
    html`<h1>Not found</h1>
<p class="error">There is no message with Message-ID &lt;${data.messageId}&gt; in ${where}.</p>
${
  data.elsewhere.length > 0
    ? html`<h2>In other lists</h2>
<ul class="choices">
${data.elsewhere.map((entry) => messageLine(entry, entry.list, links, data.hide(entry.list)))}</ul>`
    : ''
}${
  data.matches.length > 0
    ? html`<h2>Did you mean</h2>
<ul class="choices">
${data.matches.map(
  (
    match,
  ) => html`<li><a href="${links.to(messageIdPath(match.list, match.messageId))}">&lt;${match.messageId}&gt;</a>${data.list === null ? html` <span class="from">(${match.list})</span>` : ''}</li>
`,
)}</ul>`
    : ''
}<p><a href="${links.to('')}">All lists</a></p>`,
  );
}
