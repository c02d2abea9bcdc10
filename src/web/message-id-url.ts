// Message-IDs in URLs, the public-inbox way (DESIGN.md §3; lore.kernel.org's contract that b4 and
// kernel developers' links rely on).
//
// The rule that tells a Message-ID URL from a blists one: below `/<list>/`, a segment of exactly four
// digits is a year (`/<list>/2019/…`, blists); the names listed in LIST_FILES are the list's own
// files (`new.atom`); every other segment is a Message-ID, with or without `@` (Gmail's web client
// sends ids like `<FMfcgxwGDDpcbrVbWGfkMRbZCLSZqpMM>`). So a Message-ID of exactly four digits
// has no URL (none is in the corpora; blists' years keep their addresses). `all` is not a list:
// `/all/<Message-ID>/` looks in every list, and a list must not be named `all`.

import type { Context } from 'hono';

/** Names directly below `/<list>/` that are never Message-IDs. */
export const LIST_FILES = new Set(['new.atom']);

/** The path segment standing for every list (public-inbox's extindex convention, lore's `/all/`). */
export const ALL_LISTS = 'all';

/**
 * The Message-ID a path segment (already percent-decoded by the router) names, or null when the
 * segment is a year or a list file. Brackets are tolerated (`%3Cid%40host%3E`, pasted from a header).
 */
export function messageIdOfSegment(segment: string): string | null {
  if (/^\d{4}$/.test(segment) || LIST_FILES.has(segment)) return null;
  const id = segment.startsWith('<') && segment.endsWith('>') ? segment.slice(1, -1) : segment;
  return id === '' ? null : id;
}

/**
 * An absolute URL of a path below the archive root, for the one place a relative link does not do:
 * the Location of the Message-ID redirect. b4 takes the Location apart (`rsplit('/')`) and fetches
 * `<everything before the id>/<id>/t.mbox.gz` with python-requests, which needs a scheme and host.
 * Host is the request's; the scheme is `https` when a proxy says so in X-Forwarded-Proto.
 */
export function absoluteUrl(c: Context, basePath: string, path: string): string {
  const url = new URL(c.req.url);
  const forwarded = c.req.header('X-Forwarded-Proto')?.split(',')[0].trim().toLowerCase();
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : url.protocol.slice(0, -1);
  return `${scheme}://${url.host}${basePath}/${path}`;
}
