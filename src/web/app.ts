// The web application: `createWeb` builds it for `listarchive serve` (with the fast path for cached
// pages), `createApp` for the tests (`app.request()`), browser tests and benchmarks. It reads the
// store and never writes it.

import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { getPath } from 'hono/utils/url';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { ArchiveReader } from './archive-reader.ts';
import { deliver } from './http/deliver.ts';
import { type CachedPageListener, cachedPageListener } from './http/fast-path.ts';
import { ResponseCache } from './http/response-cache.ts';
import { securityHeaders } from './http/security.ts';
import { apiRoutes } from './routes/api.ts';
import { feedRoutes } from './routes/feeds.ts';
import { mboxRoutes } from './routes/mbox.ts';
import { messageRoutes } from './routes/message.ts';
import { messageIdRoutes } from './routes/message-id.ts';
import { pageRoutes, sendHtml } from './routes/pages.ts';
import { searchRoutes } from './routes/search.ts';
import { serviceRoutes } from './routes/service.ts';
import { threadRoutes } from './routes/threads.ts';
import { CACHE, Site } from './site.ts';
import { DEFAULT_SITE, type SiteConfig } from './site-config.ts';
import { bareErrorPage, errorPage } from './views/errors.ts';

export interface AppOptions {
  /** An open store, or the location of an archive to open read-only (a path or a postgres:// URL). */
  store: Store | string;
  site?: SiteConfig;
  /** URL prefix the archive lives under: '/' (default) or e.g. '/archive'. */
  basePath?: string;
  /** Where server errors are reported (default: stderr). */
  logError?: (message: string) => void;
}

/** '/' → '', '/archive/' → '/archive'; anything but a clean absolute path is refused. */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed !== '' && !/^(?:\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) {
    throw new Error(`base path "${basePath}" must look like /archive or /lists/public`);
  }
  return trimmed;
}

/** Router paths for a request to the base path without its slash, and for one outside the base path. */
const BASE_ONLY = '/.base';
const OUTSIDE = '/.outside';

/** The request path as the routes see it: below the base path, or a path no page route matches. */
function pathBelowBase(path: string, basePath: string): string {
  if (basePath === '') return path;
  if (path === basePath) return BASE_ONLY;
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : OUTSIDE;
}

export interface Web {
  app: Hono;
  /** Answers requests for pages in the app's response cache without the app (server.ts). */
  cachedPages: CachedPageListener;
}

export async function createApp(options: AppOptions): Promise<Hono> {
  return (await createWeb(options)).app;
}

export async function createWeb(options: AppOptions): Promise<Web> {
  const store =
    typeof options.store === 'string' ? await openStore(options.store, { readonly: true }) : options.store;
  const basePath = normalizeBasePath(options.basePath ?? '/');
  const logError = options.logError ?? ((message: string) => console.error(message));
  const reader = await ArchiveReader.open(store);
  const site = new Site(reader, options.site ?? DEFAULT_SITE, basePath);

  // Routes are written from the archive root; the base path is taken off before routing (Hono's own
  // basePath() would put the root page at `/prefix` instead of `/prefix/`).
  const app = new Hono({ getPath: (request) => pathBelowBase(getPath(request), basePath) });
  app.use('*', securityHeaders());
  const cache = new ResponseCache();
  app.use('*', deliver(reader, cache));
  if (basePath !== '') {
    app.get(BASE_ONLY, (c) => {
      c.header('Cache-Control', CACHE.static);
      return c.redirect(`${basePath.slice(basePath.lastIndexOf('/') + 1)}/`, 301);
    });
  }

  serviceRoutes(app, site);
  // before the API's `/api/v1/:list` and the list page `/<list>/`, which it answers when q= is given
  searchRoutes(app, site);
  apiRoutes(app, site);
  pageRoutes(app, site);
  messageRoutes(app, site);
  // public-inbox's URLs, after the blists ones: those pass on what is not theirs (a segment that is
  // not a year), and these take it as a Message-ID (src/web/message-id-url.ts has the rule).
  feedRoutes(app, site);
  mboxRoutes(app, site);
  threadRoutes(app, site);
  messageIdRoutes(app, site);

  const errorResponse = (
    c: Parameters<Parameters<Hono['notFound']>[0]>[0],
    status: 400 | 404 | 500,
    message: string,
  ) => {
    let body: ReturnType<typeof errorPage>;
    try {
      body = errorPage(site.frame(c, `${site.config.title} - ${status}`), status, message);
    } catch {
      // The archive itself failed (the chrome lists its lists): say so without the chrome.
      body = bareErrorPage(status, message);
    }
    return sendHtml(c, body, status === 500 ? CACHE.never : CACHE.error, status);
  };
  const notFound: Parameters<Hono['notFound']>[0] = (c) =>
    errorResponse(c, 404, 'There is no such page in this archive.');
  const onError: Parameters<Hono['onError']>[0] = (error, c) => {
    if (error instanceof HTTPException && (error.status === 400 || error.status === 404)) {
      return errorResponse(c, error.status, error.message);
    }
    logError(`${new Date().toISOString()} ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return errorResponse(c, 500, 'The server failed to answer this request. It has been logged.');
  };
  app.notFound(notFound);
  app.onError(onError);
  return { app, cachedPages: cachedPageListener(reader, cache) };
}
