// The last step of every GET and HEAD through the app: the response cache and the validator (ETag)
// of each page, and compressed bodies (brotli or gzip) made on first demand; reply.ts chooses 304 or
// the content coding and writes the headers. Routes just render a whole body and choose a
// Cache-Control; everything here is the same for every page.

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESS_INLINE_BYTES } from '../../limits.ts';
import type { ArchiveReader } from '../archive-reader.ts';
import { bodyOf, headersOf, variantFor } from './reply.ts';
import type { CachedResponse, ResponseCache } from './response-cache.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|atom\+xml)|image\/svg\+xml)/i;

/** Weak: the same page may be sent with different content codings. */
function etagOf(body: Uint8Array): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
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

async function encode(body: Buffer, coding: 'br' | 'gzip'): Promise<Buffer> {
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
  const body = Buffer.from(await response.arrayBuffer());
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'content-length') headers.push([name, value]);
  });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers,
    body,
    etag: etagOf(body),
    lastModified,
    compressible: COMPRESSIBLE.test(type) && !response.headers.has('content-encoding'),
    encoded: new Map(),
    sent: new Map(),
  };
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
    await reader.ready();
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
    const variant = variantFor(entry, {
      ifNoneMatch: c.req.header('If-None-Match'),
      ifModifiedSince: c.req.header('If-Modified-Since'),
      acceptEncoding: c.req.header('Accept-Encoding'),
    });
    let body = bodyOf(entry, variant);
    if (body === undefined && variant !== 'not-modified' && variant !== 'identity') {
      body = await encode(entry.body, variant);
      entry.encoded.set(variant, body);
      cache.grew(key, body.byteLength);
    }
    // Setting c.res merges the old response's headers into the new one; start from nothing.
    c.res = undefined as unknown as Response;
    c.res = new Response(body as Uint8Array<ArrayBuffer> | null, {
      status: variant === 'not-modified' ? 304 : entry.status,
      headers: headersOf(entry, variant),
    });
  };
}
