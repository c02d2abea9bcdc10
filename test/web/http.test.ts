// HTTP behaviour shared by all pages: security headers, validators and 304s, content coding, HEAD,
// cache lifetimes, error pages without details, the base path, and new mail showing without a restart.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { importMessages } from '../../src/archive/ingest.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { openStore } from '../../src/store/open.ts';
import type { ArchiveRead } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import { chooseEncoding } from '../../src/web/http/reply.ts';
import { buildArchive, get, hrefs, mail, messages, SITE, settled } from './archive-fixture.ts';

const fx = await buildArchive({ after });
const MESSAGE = '/fedora-devel/2010/01/04/3';

/** The edge list's message with attachments, as the writer stored it. */
async function filesEntry() {
  const edge = (await fx.writer.getList('edge'))!;
  return (await fx.writer.read.entriesInList(edge.id, 'files@edge'))[0];
}

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

describe('headers', () => {
  test('every response carries the strict CSP, nosniff and a referrer policy — errors too', async () => {
    for (const path of [
      '/',
      '/fedora-devel/',
      MESSAGE,
      '/nope/',
      '/fedora-devel/2010/13/',
      '/api/v1/lists',
      '/robots.txt',
    ]) {
      const { response } = await get(fx.app, path);
      assert.equal(response.headers.get('content-security-policy'), CSP, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.ok(response.headers.get('referrer-policy'), path);
    }
  });

  test('no page has inline script or style (the CSP would block them)', async () => {
    for (const path of ['/', '/fedora-devel/', '/fedora-devel/2010/', '/fedora-devel/2010/01/', MESSAGE]) {
      const { text } = await get(fx.app, path);
      assert.doesNotMatch(text, /<script(?![^>]*\ssrc=)/, path);
      assert.doesNotMatch(text, /<style|\sstyle=|\son[a-z]+=/i, path);
    }
  });

  test('cache lifetimes: short for indexes, long for messages, longer for attachments, none for health', async () => {
    const maxAge = async (path: string) => (await get(fx.app, path)).response.headers.get('cache-control');
    assert.equal(await maxAge('/'), 'public, max-age=60');
    assert.equal(await maxAge('/fedora-devel/2010/01/04/'), 'public, max-age=60');
    assert.equal(await maxAge(MESSAGE), 'public, max-age=3600, stale-while-revalidate=86400');
    const files = await filesEntry();
    assert.equal(
      await maxAge(`/edge/${files.day.replaceAll('-', '/')}/${files.n}/1`),
      'public, max-age=604800',
    );
    assert.equal(await maxAge('/healthz'), 'no-store');
  });
});

describe('validators', () => {
  test('ETag and Last-Modified; If-None-Match and If-Modified-Since answer 304', async () => {
    const first = await get(fx.app, MESSAGE);
    const etag = first.response.headers.get('etag')!;
    const lastModified = first.response.headers.get('last-modified')!;
    assert.match(etag, /^W\/"[\w-]+"$/);
    assert.ok(!Number.isNaN(Date.parse(lastModified)));
    const byTag = await get(fx.app, MESSAGE, { 'If-None-Match': etag });
    assert.equal(byTag.status, 304);
    assert.equal(byTag.text, '');
    assert.equal(byTag.response.headers.get('etag'), etag);
    assert.equal(byTag.response.headers.get('content-security-policy'), CSP);
    assert.equal((await get(fx.app, MESSAGE, { 'If-None-Match': `"other", ${etag}` })).status, 304);
    assert.equal((await get(fx.app, MESSAGE, { 'If-None-Match': '"other"' })).status, 200);
    assert.equal((await get(fx.app, MESSAGE, { 'If-Modified-Since': lastModified })).status, 304);
    assert.equal(
      (await get(fx.app, MESSAGE, { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status,
      200,
    );
    // If-None-Match wins when both are sent.
    assert.equal(
      (await get(fx.app, MESSAGE, { 'If-None-Match': '"other"', 'If-Modified-Since': lastModified })).status,
      200,
    );
  });

  test('a 404 has no validators and never answers 304', async () => {
    const { response } = await get(fx.app, '/nope/', { 'If-None-Match': '*' });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('etag'), null);
  });
});

describe('content coding', () => {
  test('brotli preferred, gzip otherwise, identity without Accept-Encoding; bodies decode to the same page', async () => {
    const plain = await fx.app.request('/fedora-devel/2010/01/');
    const identity = Buffer.from(await plain.arrayBuffer());
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
    const br = await fx.app.request('/fedora-devel/2010/01/', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    assert.equal(br.headers.get('content-encoding'), 'br');
    const brBody = Buffer.from(await br.arrayBuffer());
    assert.equal(Number(br.headers.get('content-length')), brBody.length);
    assert.ok(brBody.length < identity.length / 3);
    assert.deepEqual(brotliDecompressSync(brBody), identity);
    const gz = await fx.app.request('/fedora-devel/2010/01/', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.deepEqual(gunzipSync(Buffer.from(await gz.arrayBuffer())), identity);
    // The validator is the same for all codings (weak), so a revalidation matches any of them.
    assert.equal(br.headers.get('etag'), plain.headers.get('etag'));
  });

  test('Accept-Encoding negotiation honours q-values', () => {
    assert.equal(chooseEncoding(undefined), null);
    assert.equal(chooseEncoding('identity'), null);
    assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(chooseEncoding('br;q=0.5, gzip;q=0.9'), 'gzip');
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('gzip;q=0, br;q=0'), null);
  });

  test('binary attachments are not compressed', async () => {
    const files = await filesEntry();
    const response = await fx.app.request(`/edge/${files.day.replaceAll('-', '/')}/${files.n}/2`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
    });
    assert.equal(response.headers.get('content-encoding'), null);
  });
});

test('HEAD answers like GET without a body', async () => {
  const head = await fx.app.request(MESSAGE, { method: 'HEAD' });
  const getResponse = await fx.app.request(MESSAGE);
  assert.equal(head.status, 200);
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  assert.equal(head.headers.get('etag'), getResponse.headers.get('etag'));
  assert.equal(head.headers.get('content-length'), getResponse.headers.get('content-length'));
  assert.equal((await fx.app.request('/nope/', { method: 'HEAD' })).status, 404);
});

test('robots.txt, healthz and the static files', async () => {
  const robots = await get(fx.app, '/robots.txt');
  assert.equal(robots.status, 200);
  assert.match(robots.text, /^User-agent: \*\nDisallow: \/api\/\n/);
  const health = await get(fx.app, '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.text, 'ok\n');
  for (const [path, type] of [
    ['/_/style.css', 'text/css; charset=utf-8'],
    ['/_/keys.js', 'text/javascript; charset=utf-8'],
  ]) {
    const { status, response } = await get(fx.app, path);
    assert.equal(status, 200, path);
    assert.equal(response.headers.get('content-type'), type);
  }
  assert.equal((await get(fx.app, '/_/other.css')).status, 404);
});

test('a server error logs the cause and shows a page without details', async (t) => {
  const store = await openStore(fx.path, { readonly: true });
  const logged: string[] = [];
  const app = await createApp({ store, site: SITE, logError: (m) => logged.push(m) });
  // Break the message query only: the chrome still renders, the route fails. Pages read on a
  // snapshot, which has a read handle of its own on PostgreSQL: break that one too.
  const failing = async () => {
    throw new Error('disk on fire /secret/path');
  };
  (store.read as { raw: ArchiveRead['raw'] }).raw = failing;
  const snapshot = store.snapshot.bind(store);
  store.snapshot = (reads) => snapshot((read) => reads(Object.assign(Object.create(read), { raw: failing })));
  t.after(() => store.close());
  const { status, text, response } = await get(app, MESSAGE);
  assert.equal(status, 500);
  assert.match(text, /Server error/);
  assert.match(text, /Powered by listarchive/);
  assert.doesNotMatch(text, /disk on fire|secret|\.ts/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(logged.length, 1);
  assert.match(logged[0], /GET \/fedora-devel\/2010\/01\/04\/3: Error: disk on fire/);
});

test('under a base path every link stays relative and resolves inside the prefix', async (t) => {
  const based = await buildArchive(t, { basePath: '/lists/archive/' });
  const root = await get(based.app, '/lists/archive/');
  assert.equal(root.status, 200);
  assert.equal((await get(based.app, '/lists/archive/fedora-devel/2010/01/04/3')).status, 200);
  assert.equal((await get(based.app, '/fedora-devel/')).status, 404);
  const redirect = await get(based.app, '/lists/archive');
  assert.equal(redirect.status, 301);
  assert.equal(
    new URL(redirect.response.headers.get('location')!, 'http://x/lists/archive').pathname,
    '/lists/archive/',
  );
  // `data:,` is the empty favicon that stops browsers asking for /favicon.ico: no path at all.
  for (const href of hrefs(root.text).filter((h) => h !== 'data:,')) {
    assert.ok(!href.startsWith('/') && !href.includes('://'), href);
    assert.ok(new URL(href, 'http://x/lists/archive/').pathname.startsWith('/lists/archive/'), href);
  }
  assert.match((await get(based.app, '/lists/archive/robots.txt')).text, /Disallow: \/lists\/archive\/api\//);
});

test('new mail shows without a restart, and cached pages are renewed', async () => {
  const before = await get(fx.app, '/edge/');
  const etag = before.response.headers.get('etag')!;
  assert.equal((await get(fx.app, '/edge/', { 'If-None-Match': etag })).status, 304);
  const edge = (await fx.writer.getList('edge'))!;
  await importMessages(
    fx.writer,
    edge,
    messages([
      mail({ id: 'late@edge', subject: 'arrived while serving', date: 'Wed, 06 Jan 2010 08:00:00 +0000' }),
    ]),
    inlinePreparer,
  );
  const afterImport = await settled(
    () => get(fx.app, '/edge/', { 'If-None-Match': etag }),
    (answer) => answer.status !== 304,
  );
  assert.equal(afterImport.status, 200);
  assert.match(afterImport.text, /arrived while serving/);
  assert.equal((await get(fx.app, '/edge/2010/01/06/')).status, 200);
  assert.equal((await get(fx.app, '/edge/2010/01/06/1')).status, 200);
});
