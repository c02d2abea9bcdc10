// The last step of every GET and HEAD: validators (ETag, Last-Modified), conditional requests (304),
// content coding (brotli or gzip) and the response cache. Routes just render a whole body and
// choose a Cache-Control; everything here is the same for every page.

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESS_INLINE_BYTES, COMPRESS_MIN_BYTES } from '../../limits.ts';
import type { ArchiveReader } from '../archive-reader.ts';
import type { CachedResponse, ResponseCache } from './response-cache.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|atom\+xml)|image\/svg\+xml)/i;

/** Weak: the same page may be sent with different content codings. */
function etagOf(body: Uint8Array): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** RFC 9110 §13.1.2: weak comparison, any listed tag or `*`. */
function noneMatch(header: string, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}

function notModified(c: Context, entry: CachedResponse): boolean {
  if (entry.status !== 200) return false;
  const ifNoneMatch = c.req.header('If-None-Match');
  // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
  if (ifNoneMatch !== undefined) return noneMatch(ifNoneMatch, entry.etag);
  const since = c.req.header('If-Modified-Since');
  if (since === undefined) return false;
  const time = Date.parse(since);
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

const BROTLI_OPTIONS = (size: number) => ({
  params: {
    // Brotli's default quality (11) costs ~100x gzip's time; 5 is smaller than gzip -6 at a
    // similar cost (0.18 ms for a 4 KB message page, 0.8 ms for a 36 KB month page).
    [constants.BROTLI_PARAM_QUALITY]: 5,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

async function encode(body: Uint8Array, coding: 'br' | 'gzip'): Promise<Uint8Array> {
  // Pages compress in well under a millisecond: in-line is faster than the thread pool's round trip
  // (0.66 ms for the same message page). Only large bodies go to the pool, off the event loop.
  if (body.byteLength <= COMPRESS_INLINE_BYTES) {
    return coding === 'br'
      ? brotliCompressSync(body, BROTLI_OPTIONS(body.byteLength))
      : gzipSync(body, { level: 6 });
  }
  return coding === 'br' ? brotli(body, BROTLI_OPTIONS(body.byteLength)) : gzipAsync(body, { level: 6 });
}

async function toEntry(response: Response, lastModified: Date): Promise<CachedResponse> {
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'content-length') headers.push([name, value]);
  });
  return { status: response.status, headers, body, etag: etagOf(body), lastModified, encoded: new Map() };
}

function isStorable(entry: CachedResponse): boolean {
  if (entry.status !== 200) return false;
  const cacheControl = entry.headers.find(([name]) => name === 'cache-control')?.[1] ?? '';
  return !/no-store|private/.test(cacheControl);
}

/**
 * A route sets this header on a response whose body is a stream to pass through untouched (mbox
 * downloads: already gzipped, and a month of a big list must not be held in memory). Such a
 * response gets Last-Modified and nothing else: no buffering, ETag, cache entry or re-encoding. A
 * header, not a flag on the Response object: Hono may copy the Response on its way back.
 */
export const STREAM_HEADER = 'x-listarchive-stream';

export function deliver(reader: ArchiveReader, cache: ResponseCache): MiddlewareHandler {
  reader.onChange(() => cache.clear());
  return async (c, next) => {
    reader.refresh();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    const key = url.pathname + url.search;
    let entry = cache.get(key);
    if (!entry) {
      const generation = reader.generation;
      await next();
      if (c.res.headers.has(STREAM_HEADER)) {
        c.res.headers.delete(STREAM_HEADER);
        c.res.headers.set('Last-Modified', reader.lastModified.toUTCString());
        return;
      }
      entry = await toEntry(c.res, reader.lastModified);
      // A page rendered while another request saw a commit holds old data: serve it, keep it not.
      if (isStorable(entry) && generation === reader.generation) cache.set(key, entry);
    }
    const headers = new Headers(entry.headers);
    if (entry.status === 200) {
      headers.set('ETag', entry.etag);
      headers.set('Last-Modified', entry.lastModified.toUTCString());
    }
    const type = headers.get('content-type') ?? '';
    const compressible = COMPRESSIBLE.test(type) && !headers.has('content-encoding');
    if (compressible) headers.set('Vary', 'Accept-Encoding');
    // Setting c.res merges the old response's headers into the new one; start from nothing.
    c.res = undefined as unknown as Response;
    if (notModified(c, entry)) {
      for (const name of ['content-type', 'content-disposition']) headers.delete(name);
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    let body = entry.body;
    const coding =
      compressible && body.byteLength >= COMPRESS_MIN_BYTES
        ? chooseEncoding(c.req.header('Accept-Encoding'))
        : null;
    if (coding) {
      let encoded = entry.encoded.get(coding);
      if (!encoded) {
        encoded = await encode(entry.body, coding);
        entry.encoded.set(coding, encoded);
        cache.grew(key, encoded.byteLength);
      }
      body = encoded;
      headers.set('Content-Encoding', coding);
    }
    headers.set('Content-Length', String(body.byteLength));
    c.res = new Response(body as Uint8Array<ArrayBuffer>, { status: entry.status, headers });
  };
}
