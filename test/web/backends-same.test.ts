// The same archive imported into SQLite and into PostgreSQL serves the same bytes: every page a crawl
// from `/` reaches (blists pages, Message-ID pages, threads, raw messages, feeds, mbox downloads,
// attachments), searches in date order, the JSON API and the error pages. Only Date, ETag and
// Last-Modified may differ (they follow when each archive was written), and so does a feed's
// <updated> where it is that same instant; ETag follows the body, which is compared itself.
// Relevance order is each engine's own (FTS5's bm25, PostgreSQL's ts_rank_cd): there the same
// matches are counted, and the pages may rank them differently.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { postgresBackend, sqliteBackend } from '../backends.ts';
import { buildArchive, hrefs } from './archive-fixture.ts';

const LIMIT = 4000;
// content-length follows the body, compared itself
const VARYING = new Set(['date', 'etag', 'last-modified', 'content-length']);

const EXTRA = [
  '/fedora-devel/?q=rpm',
  '/fedora-devel/?q=rpm&o=20',
  '/fedora-devel/?q=rpm&r',
  '/api/v1/search?q=fedora&r=1',
  '/fedora-devel/?q=rpm&t=1',
  '/fedora-devel/?q=s:fedora+AND+NOT+f:kevin',
  '/fedora-devel/?q="package+review"',
  '/fedora-devel/?q=pack*',
  '/fedora-devel/?q=d:2010-01-04..2010-01-06',
  '/all/?q=fedora',
  '/all/?q=fedora&x=A',
  '/api/v1/search?q=rpm&list=fedora-devel',
  '/api/v1/lists',
  '/api/v1/fedora-devel',
  '/fedora-devel/2010/01/mbox.gz',
  '/fedora-devel/2010/01/04/mbox.gz',
  '/nowhere/',
  '/fedora-devel/1999/',
  '/fedora-devel/no-such-id@example.org/',
  '/fedora-devel/?q=s:(',
];

/** A search page or feed in relevance order (`r`, `r=…`). */
const byRelevance = (path: string) => new URL(path, 'http://x').searchParams.has('r');

async function answer(app: Awaited<ReturnType<typeof buildArchive>>['app'], path: string) {
  const response = await app.request(path, { headers: { 'accept-encoding': 'identity' } });
  let body = Buffer.from(await response.arrayBuffer());
  if (path.endsWith('.gz') && response.status === 200) body = gunzipSync(body);
  const lastModified = response.headers.get('last-modified');
  if (lastModified && response.headers.get('content-type')?.includes('atom')) {
    const instant = new Date(lastModified).toISOString();
    body = Buffer.from(
      body.toString('utf8').replaceAll(`<updated>${instant}</updated>`, '<updated>archive</updated>'),
    );
  }
  if (byRelevance(path) && response.status === 200) {
    const text = body.toString('utf8');
    // the count of matches, not their order
    body = Buffer.from(text.match(/<p class="totals">[^<]*|"total":\d+|<entry>/g)?.join('\n') ?? text);
  }
  const headers = [...response.headers].filter(([name]) => !VARYING.has(name));
  return { status: response.status, headers, body, type: response.headers.get('content-type') ?? '' };
}

test('SQLite and PostgreSQL serve the same bytes for the same archive', {
  skip: postgresBackend.skip,
}, async () => {
  const [sqlite, pg] = await Promise.all([
    buildArchive({ after }, { backend: sqliteBackend }),
    buildArchive({ after }, { backend: postgresBackend }),
  ]);
  const origin = 'http://archive.test';
  const seen = new Set<string>(['/', ...EXTRA]);
  const queue = ['/', ...EXTRA];
  const differences: string[] = [];
  let compared = 0;
  while (queue.length > 0 && compared < LIMIT) {
    const path = queue.shift()!;
    const [a, b] = await Promise.all([answer(sqlite.app, path), answer(pg.app, path)]);
    compared++;
    if (a.status !== b.status) differences.push(`${path}: status ${a.status} vs ${b.status}`);
    else if (!a.body.equals(b.body)) differences.push(`${path}: body differs`);
    else assert.deepEqual(b.headers, a.headers, path);
    if (a.status !== 200 || !a.type.startsWith('text/html')) continue;
    for (const href of hrefs(a.body.toString('utf8'))) {
      if (/^[a-z]+:/i.test(href)) continue;
      const target = new URL(href, origin + path);
      const next = target.pathname + target.search;
      if (target.origin === origin && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  assert.deepEqual(differences, []);
  // every page of the archive, not a sample of it
  assert.equal(queue.length, 0, `more than ${LIMIT} pages`);
  assert.ok(compared > 1000, `only ${compared} URLs compared`);
});
