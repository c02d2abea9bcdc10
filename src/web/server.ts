// The HTTP server of `listarchive serve`: pages in the response cache are answered straight from
// node:http (http/fast-path.ts), everything else by the Hono app through @hono/node-server.

import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Web } from './app.ts';

/** `hostname` stands in for a missing Host header, as @hono/node-server's serve() does. */
export function createWebServer(web: Web, hostname?: string): Server {
  const viaApp = getRequestListener(web.app.fetch, { hostname });
  return createServer((request, response) => {
    if (!web.cachedPages(request, response)) viaApp(request, response);
  });
}
