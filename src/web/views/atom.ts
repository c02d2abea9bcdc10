// Atom 1.0 feeds (RFC 4287): a list's newest messages (`/<list>/new.atom`) and a thread's
// (`/<list>/<Message-ID>/t.atom`), newest first, as public-inbox serves them.
//
// Links are relative, resolved against the feed's own URL (RFC 4287 §1.2, RFC 3986 §5.1.3): the
// archive promises relative links everywhere (DESIGN.md §3) so it works under any prefix and host
// without knowing its public URL, and a cached feed never carries another Host's address. Ids must
// be absolute IRIs, so they are `urn:uuid:`s derived from what they name (RFC 4122 §4.3 layout).

import { createHash } from 'node:crypto';
import { escapeHtml, type HtmlString } from './html.ts';

export interface AtomEntry {
  title: string;
  authorName: string;
  /** Omitted when the list hides addresses. */
  authorEmail: string | null;
  updated: Date;
  /** Relative link to the message page. */
  href: string;
  /** What the entry's id is made from: unique and permanent (the list and the blists address). */
  idSeed: string;
  /** The rendered body (HTML), sent as `type="html"` content. */
  content: HtmlString;
}

export interface AtomFeed {
  title: string;
  /** Relative links to the feed itself and to the page it stands for. */
  selfHref: string;
  alternateHref: string;
  idSeed: string;
  /** When the feed has no entries (an empty list): the archive's last change. */
  fallbackUpdated: Date;
  entries: AtomEntry[];
}

/** Text for XML 1.0: escaped, and the characters XML forbids (noncharacters, lone surrogates) replaced. */
function xml(text: string): string {
  return escapeHtml(text.toWellFormed()).replace(/[\uFFFE\uFFFF]/g, '\uFFFD');
}

export function urnUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function entryXml(entry: AtomEntry): string {
  const email = entry.authorEmail ? `<email>${xml(entry.authorEmail)}</email>` : '';
  return `<entry>
<author><name>${xml(entry.authorName)}</name>${email}</author>
<title>${xml(entry.title)}</title>
<updated>${entry.updated.toISOString()}</updated>
<link href="${xml(entry.href)}"/>
<id>${urnUuid(entry.idSeed)}</id>
<content type="html">${xml(entry.content.value)}</content>
</entry>
`;
}

/** The feed document; `updated` is the newest entry's. */
export function atomFeed(feed: AtomFeed): string {
  const times = feed.entries.map((e) => e.updated.getTime());
  const newest = new Date(times.length > 0 ? Math.max(...times) : feed.fallbackUpdated.getTime());
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${xml(feed.title)}</title>
<link rel="self" href="${xml(feed.selfHref)}"/>
<link rel="alternate" type="text/html" href="${xml(feed.alternateHref)}"/>
<id>${urnUuid(feed.idSeed)}</id>
<updated>${newest.toISOString()}</updated>
${feed.entries.map(entryXml).join('')}</feed>
`;
}
