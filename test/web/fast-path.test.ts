// The fast path for cached pages (src/web/http/fast-path.ts) answers with exactly the bytes the app
// would: status, headers in order and case, body. It lives in node:http, below app.request(), so these
// tests open sockets: one server with the fast path in front of the app, one with the app alone,
// sharing one app and one response cache.

import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { importMessages } from '../../src/archive/ingest.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { openStore } from '../../src/store/open.ts';
import { createWeb } from '../../src/web/app.ts';
import { plainCacheKey } from '../../src/web/http/fast-path.ts';
import { createWebServer } from '../../src/web/server.ts';
import { buildArchive, mail, messages, SITE, settled } from './archive-fixture.ts';

const fx = await buildArchive({ after });
const MESSAGE = '/fedora-devel/2010/01/04/3';
const edgeList = (await fx.writer.getList('edge'))!;
const files = (await fx.writer.read.entriesInList(edgeList.id, 'files@edge'))[0];
const ATTACHMENT = `/edge/${files.day.replaceAll('-', '/')}/${files.n}/1`;

interface Answer {
  status: number;
  /** Raw header lines as received, Date left out (it may tick between two requests). */
  headers: string[];
  body: Buffer;
}

function fetchRaw(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Host without the port: an ephemeral port may lie outside the ones the fast path takes as is.
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method, headers: { Host: 'localhost', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const lines: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (res.rawHeaders[i].toLowerCase() !== 'date')
              lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
          }
          resolve({ status: res.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The same app served twice: with the fast path in front (counting what it answers), and alone. */
async function servers(basePath?: string) {
  const store = await openStore(fx.path, { readonly: true });
  const web = await createWeb({ store, site: SITE, basePath, logError: () => {} });
  const fastHits: string[] = [];
  const withFastPath = createWebServer({
    app: web.app,
    cachedPages: (req, res) => {
      const hit = web.cachedPages(req, res);
      if (hit) fastHits.push(`${req.method} ${req.url}`);
      return hit;
    },
  });
  const appOnly = createServer(getRequestListener(web.app.fetch));
  const fast = await listen(withFastPath);
  const slow = await listen(appOnly);
  const close = async () => {
    for (const server of [withFastPath, appOnly]) {
      server.closeAllConnections();
      server.close();
    }
    await store.close();
  };
  return { fast, slow, fastHits, close };
}

describe('the fast path answers as the app does', () => {
  let s: Awaited<ReturnType<typeof servers>>;
  before(async () => {
    s = await servers();
  });
  after(() => s.close());

  /** Asks both servers, asserts the answers are equal, and returns whether the fast path answered. */
  async function same(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const hitsBefore = s.fastHits.length;
    const viaFast = await fetchRaw(s.fast, path, headers, method);
    const viaApp = await fetchRaw(s.slow, path, headers, method);
    assert.deepEqual(viaFast, viaApp, `${method} ${path} ${JSON.stringify(headers)}`);
    return { answer: viaFast, fast: s.fastHits.length > hitsBefore };
  }

  test('GET and HEAD of cached pages: the first request renders, the next ones take the fast path', async () => {
    for (const path of [
      '/',
      '/fedora-devel/',
      '/fedora-devel/2010/01/',
      MESSAGE,
      ATTACHMENT,
      '/robots.txt',
    ]) {
      const first = await same(path);
      assert.equal(first.answer.status, 200, path);
      assert.equal(first.fast, false, `${path} was not cached yet`);
      const again = await same(path);
      assert.equal(again.fast, true, path);
      assert.ok(again.answer.body.length > 0);
      const head = await same(path, {}, 'HEAD');
      assert.equal(head.fast, true, path);
      assert.equal(head.answer.body.length, 0);
    }
  });

  test('every content coding, once it is made, and q-values', async () => {
    for (const accept of [
      'br',
      'gzip',
      'gzip, deflate, br, zstd',
      'br;q=0, gzip',
      'identity',
      '*',
      'br;q=0, gzip;q=0',
    ]) {
      await same(MESSAGE, { 'Accept-Encoding': accept }); // may compress it first, through the app
      const again = await same(MESSAGE, { 'Accept-Encoding': accept });
      assert.equal(again.fast, true, accept);
    }
    const br = await same(MESSAGE, { 'Accept-Encoding': 'br' });
    assert.ok(br.answer.headers.includes('content-encoding: br'));
  });

  test('If-None-Match: 304 with the same headers, 200 for another tag; If-Modified-Since', async () => {
    const page = await same(MESSAGE);
    const etag = page.answer.headers.find((h) => h.startsWith('etag: '))!.slice(6);
    const lastModified = page.answer.headers.find((h) => h.startsWith('last-modified: '))!.slice(15);
    const conditional: Record<string, string>[] = [
      { 'If-None-Match': etag },
      { 'If-None-Match': `"other", ${etag}`, 'Accept-Encoding': 'br' },
      { 'If-None-Match': '*' },
      { 'If-None-Match': etag, 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
    ];
    for (const headers of conditional) {
      const answer = await same(MESSAGE, headers);
      assert.equal(answer.answer.status, 304, JSON.stringify(headers));
      assert.equal(answer.fast, true);
      assert.equal((await same(MESSAGE, headers, 'HEAD')).answer.status, 304);
    }
    assert.equal((await same(MESSAGE, { 'If-None-Match': '"other"' })).answer.status, 200);
    // If-Modified-Since alone is the app's to answer (see fast-path.ts), with the same result.
    const since = await same(MESSAGE, { 'If-Modified-Since': lastModified });
    assert.equal(since.answer.status, 304);
    assert.equal(since.fast, false);
    // An attachment's 304 carries the same policy through both paths.
    await same(ATTACHMENT);
    const attachmentTag = (await same(ATTACHMENT)).answer.headers
      .find((h) => h.startsWith('etag: '))!
      .slice(6);
    const revalidated = await same(ATTACHMENT, { 'If-None-Match': attachmentTag });
    assert.equal(revalidated.answer.status, 304);
    // A 304's headers replace the cached copy's: a download keeps its sandboxed policy.
    assert.ok(
      revalidated.answer.headers.some(
        (h) => h.startsWith('content-security-policy: ') && h.endsWith('; sandbox'),
      ),
      revalidated.answer.headers.join('\n'),
    );
  });

  test('pages never cached, unknown pages and odd requests go to the app', async () => {
    for (const [path, status] of [
      ['/nope/', 404],
      ['/fedora-devel/2010/13/', 400],
      ['/healthz', 200],
      ['/fedora-devel/2010/01', 301],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const answer = await same(path);
        assert.equal(answer.answer.status, status, path);
        assert.equal(answer.fast, false, path);
      }
    }
    // Targets the URL parser rewrites, and an unusual Host, are not cache keys as they stand.
    for (const path of ['/fedora-devel/x/../', '/fedora-devel/%2e/', '/fedora-devel/?', '/./fedora-devel/']) {
      const answer = await same(path);
      assert.equal(answer.fast, false, path);
    }
    assert.equal((await same('/fedora-devel/', { Host: 'EXAMPLE.org:80' })).fast, false);
    assert.equal((await same('/fedora-devel/', {}, 'POST')).fast, false);
  });

  test('new mail empties the cache: the next request sees it', async () => {
    await same('/edge/');
    assert.equal((await same('/edge/')).fast, true);
    await importMessages(
      fx.writer,
      edgeList,
      messages([mail({ id: 'fast@edge', subject: 'seen at once', date: 'Thu, 07 Jan 2010 08:00:00 +0000' })]),
      inlinePreparer,
    );
    const fresh = await settled(
      () => fetchRaw(s.fast, '/edge/'),
      (answer) => answer.body.toString().includes('seen at once'),
    );
    assert.match(fresh.body.toString(), /seen at once/);
    assert.equal((await same('/edge/')).fast, true);
  });
});

test('under a base path the fast path answers the prefixed pages, and only those', async (t) => {
  const s = await servers('/lists/archive/');
  t.after(s.close);
  for (const path of ['/lists/archive/', '/lists/archive/fedora-devel/2010/01/04/3', '/fedora-devel/']) {
    for (let i = 0; i < 2; i++) {
      const viaFast = await fetchRaw(s.fast, path);
      assert.deepEqual(viaFast, await fetchRaw(s.slow, path), path);
    }
  }
  assert.deepEqual(s.fastHits, ['GET /lists/archive/', 'GET /lists/archive/fedora-devel/2010/01/04/3']);
});

test('a target the fast path keys as it stands is one the URL parser leaves as it is', () => {
  const alphabet = 'abc/.%2eE?#&=+@:;,!$\'()*~_- \\"<>`{}^|[]é';
  let random = 7;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random;
  };
  let accepted = 0;
  for (let n = 0; n < 20000; n++) {
    let target = '/';
    for (let length = next() % 12; length > 0; length--) target += alphabet[next() % alphabet.length];
    if (plainCacheKey(target) === null) continue;
    accepted++;
    const url = new URL(`http://localhost${target}`);
    assert.equal(url.pathname + url.search, target, target);
  }
  assert.ok(accepted > 1000, `only ${accepted} accepted`);
  for (const target of [
    '/a/../b',
    '/a/%2E%2e/b',
    '/a/.',
    '/a?',
    "/a?x='",
    '/a#f',
    '/a b',
    '/a\\b',
    'http://x/',
  ])
    assert.equal(plainCacheKey(target), null, target);
  assert.equal(plainCacheKey('/openbmc/CAO%3Dnoty@mail.gmail.com/'), '/openbmc/CAO%3Dnoty@mail.gmail.com/');
});
