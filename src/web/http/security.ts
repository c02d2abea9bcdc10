// Headers on every response, errors and 304s included. The policy allows no inline script or style
// at all: mail is hostile input, and even a sanitiser miss must not run. Attachments get a sandbox on
// top, in case a browser renders one despite the headers that say not to.

import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'";

/** Sets the security headers on a finished response's headers (the cache's fast path uses it too). */
export function addSecurityHeaders(headers: Headers): void {
  const download = headers.has('content-disposition');
  headers.set(
    'Content-Security-Policy',
    download ? `${CONTENT_SECURITY_POLICY}; sandbox` : CONTENT_SECURITY_POLICY,
  );
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Answers from the response cache carry them already (reply.ts), a 304's as its 200's.
    if (!c.res.headers.has('Content-Security-Policy')) addSecurityHeaders(c.res.headers);
  };
}
