// The site's plumbing: `/robots.txt`, `/healthz` and the static files under `/_/` (src/web/static/).

import { readFile } from 'node:fs/promises';
import type { Hono } from 'hono';
import { CACHE, type Site } from '../site.ts';

/** The files `/_/NAME` serves, with their types: a fixed list, so no path ever reaches the disk. */
const STATIC_FILES: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
  'keys.js': 'text/javascript; charset=utf-8',
};

const STATIC_DIR = new URL('../static/', import.meta.url);

export function serviceRoutes(app: Hono, site: Site): void {
  const staticCache = new Map<string, Uint8Array<ArrayBuffer>>();

  app.get('/robots.txt', (c) => {
    // The JSON API duplicates every page: crawlers need only the HTML.
    const body = `User-agent: *\nDisallow: ${site.basePath}/api/\n`;
    return c.body(body, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': CACHE.static });
  });

  app.get('/healthz', async (c) => {
    // Touches the database, so a broken or vanished archive shows here and not in user requests.
    try {
      await site.reader.store.ping();
      return c.body('ok\n', 200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': CACHE.never,
      });
    } catch (error) {
      console.error(`healthz: ${(error as Error).message}`);
      return c.body('archive unreadable\n', 503, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': CACHE.never,
      });
    }
  });

  app.get('/_/:file', async (c, next) => {
    const name = c.req.param('file');
    const type = Object.hasOwn(STATIC_FILES, name) ? STATIC_FILES[name] : undefined;
    if (!type) return next();
    let content = staticCache.get(name);
    if (!content) {
      try {
        content = new Uint8Array(await readFile(new URL(name, STATIC_DIR)));
      } catch {
        return next();
      }
      staticCache.set(name, content);
    }
    return c.body(content, 200, { 'Content-Type': type, 'Cache-Control': CACHE.static });
  });
}
