// Cached pages answered straight from node:http, before @hono/node-server and Hono build a Request,
// a Context, Headers and a Response for them: a third of a cache hit's CPU time on the openbmc
// message pages, and their p99 (BENCHMARKS.md, "Web"). It answers only what it can answer exactly as
// the app would, through the same reply.ts; a miss, a URL or Host the app would normalise or refuse,
// a coding not compressed yet, anything odd goes on to the app.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArchiveReader } from '../archive-reader.ts';
import { bodyOf, headersOf, variantFor } from './reply.ts';
import type { ResponseCache } from './response-cache.ts';

/**
 * A request target that the WHATWG URL parser leaves as it is, so it is its own cache key (deliver.ts
 * keys by the parsed URL's pathname + search): no fragment, no characters URL percent-encodes
 * (space, quotes, <>, `, {}, ^, \), no empty query.
 */
const PLAIN_TARGET = /^\/[\w.~!$&()*+,;=:@%/-]*(?:\?[\w.~!$&()*+,;=:@%/?-]+)?$/;
/** `.` and `..` segments (also written %2e), which the parser resolves. */
const DOT_SEGMENT = /\/(?:\.|%2e)(?:\.|%2e)?(?:[/?]|$)/i;
/**
 * @hono/node-server's own test for a Host it uses without parsing (reValidHost); any other Host it
 * checks and may refuse (400), so those requests go to the app.
 */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/** The cache key of a request target, or null when only the app can tell it. */
export function plainCacheKey(target: string): string | null {
  return PLAIN_TARGET.test(target) && !DOT_SEGMENT.test(target) ? target : null;
}

/** Answers a GET or HEAD from the response cache and returns true, or returns false untouched. */
export type CachedPageListener = (request: IncomingMessage, response: ServerResponse) => boolean;

export function cachedPageListener(reader: ArchiveReader, cache: ResponseCache): CachedPageListener {
  return (request, response) => {
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const key = plainCacheKey(request.url ?? '');
    const headers = request.headers;
    if (key === null || headers.host === undefined || !PLAIN_HOST.test(headers.host)) return false;
    try {
      // New mail empties the cache (the listener deliver.ts registers).
      reader.refresh();
    } catch {
      return false; // the app answers with its error page
    }
    const entry = cache.get(key);
    if (entry === undefined) return false;
    const ifNoneMatch = headers['if-none-match'];
    // node:http keeps the first of repeated If-Modified-Since headers where the app's Headers joins
    // them; it matters only without If-None-Match, which is rare: leave that to the app.
    if (ifNoneMatch === undefined && headers['if-modified-since'] !== undefined) return false;
    const variant = variantFor(entry, {
      ifNoneMatch,
      ifModifiedSince: undefined,
      acceptEncoding: headers['accept-encoding'],
    });
    const body = bodyOf(entry, variant);
    if (body === undefined) return false;
    const wire = headersOf(entry, variant);
    // @hono/node-server adds a default Content-Type to a body without one, and not to a HEAD's.
    if (body !== null && wire['content-type'] === undefined) return false;
    try {
      response.writeHead(variant === 'not-modified' ? 304 : entry.status, wire);
    } catch {
      // A value node:http refuses; nothing is sent yet, and the app answers it as it would (500).
      return false;
    }
    if (body === null || method === 'HEAD') response.end();
    else response.end(body);
    return true;
  };
}
