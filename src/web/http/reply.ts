// How a finished response answers one request: 304 when the client's copy is current, otherwise the
// body in the best content coding the client takes, with the headers exactly as they go on the wire.
// Both ways to the response cache answer through here — the Hono middleware (deliver.ts) and the
// node:http fast path (fast-path.ts) — so a page is the same bytes whichever way it went.

import { COMPRESS_MIN_BYTES } from '../../limits.ts';
import type { CachedResponse } from './response-cache.ts';
import { addSecurityHeaders } from './security.ts';

/** Which form of a response a request gets. */
export type Variant = 'identity' | 'br' | 'gzip' | 'not-modified';

/** The request headers an answer depends on (undefined: not sent). */
export interface Conditions {
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  acceptEncoding: string | undefined;
}

/** RFC 9110 §13.1.2: weak comparison, any listed tag or `*`. */
function noneMatch(header: string, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}

function notModified(entry: CachedResponse, conditions: Conditions): boolean {
  if (entry.status !== 200) return false;
  // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
  if (conditions.ifNoneMatch !== undefined) return noneMatch(conditions.ifNoneMatch, entry.etag);
  if (conditions.ifModifiedSince === undefined) return false;
  const time = Date.parse(conditions.ifModifiedSince);
  return !Number.isNaN(time) && entry.lastModified.getTime() <= time;
}

/** The preferred coding the client accepts: br over gzip, q=0 means refused. */
export function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  const q = new Map<string, number>();
  for (const item of accept.split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  const of = (coding: string) => q.get(coding) ?? q.get('*') ?? 0;
  if (of('br') > 0 && of('br') >= of('gzip')) return 'br';
  if (of('gzip') > 0) return 'gzip';
  return null;
}

export function variantFor(entry: CachedResponse, conditions: Conditions): Variant {
  if (notModified(entry, conditions)) return 'not-modified';
  const coding =
    entry.compressible && entry.body.byteLength >= COMPRESS_MIN_BYTES
      ? chooseEncoding(conditions.acceptEncoding)
      : null;
  return coding ?? 'identity';
}

/** The body of a variant, or undefined when that coding is not made yet (deliver.ts makes it). */
export function bodyOf(entry: CachedResponse, variant: Variant): Buffer | null | undefined {
  if (variant === 'not-modified') return null;
  return variant === 'identity' ? entry.body : entry.encoded.get(variant);
}

/**
 * The headers of a variant as node:http sends them, made once per entry and variant: lower-case names
 * in the order a Headers object iterates (sorted), which is how @hono/node-server passes the app's
 * responses to node:http. Call it once the variant's body exists (its length is in the headers).
 */
export function headersOf(entry: CachedResponse, variant: Variant): Record<string, string> {
  const made = entry.sent.get(variant);
  if (made) return made;
  const headers = new Headers(entry.headers);
  if (entry.status === 200) {
    headers.set('ETag', entry.etag);
    headers.set('Last-Modified', entry.lastModified.toUTCString());
  }
  if (entry.compressible) headers.set('Vary', 'Accept-Encoding');
  // Before a 304 drops Content-Disposition: a 304's headers replace the cached copy's (RFC 9111
  // §4.3.4), so a download's sandboxed policy must stay on it.
  addSecurityHeaders(headers);
  const body = bodyOf(entry, variant);
  if (body === null) {
    headers.delete('content-type');
    headers.delete('content-disposition');
  } else {
    if (body === undefined) throw new Error(`no ${variant} body made yet`);
    if (variant !== 'identity') headers.set('Content-Encoding', variant);
    headers.set('Content-Length', String(body.byteLength));
  }
  // One value per name: no response of the archive sets cookies, the one header that may repeat.
  const wire: Record<string, string> = {};
  for (const [name, value] of headers) wire[name] = value;
  entry.sent.set(variant, wire);
  return wire;
}
