// A crawl of the whole archive from `/`: every relative link the pages draw must answer 200 (a ghost
// parent must never be linked; a calendar day, a month, a year only when it has mail), and no link
// may leave the archive or be absolute.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildArchive, hrefs } from './archive-fixture.ts';

const fx = await buildArchive({ after });
// Every message also has its Message-ID page and raw bytes, every thread its t/, T/, mbox and feed
// (public-inbox URLs): about 3,200 pages.
const LIMIT = 4000;

test('every link drawn from / answers 200', async () => {
  const origin = 'http://archive.test';
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  const failures: string[] = [];
  let crawled = 0;
  while (queue.length > 0 && crawled < LIMIT) {
    const path = queue.shift()!;
    const response = await fx.app.request(path);
    crawled++;
    if (response.status !== 200) {
      failures.push(`${path}: ${response.status}`);
      continue;
    }
    if (!response.headers.get('content-type')?.startsWith('text/html')) continue;
    for (const href of hrefs(await response.text())) {
      if (/^[a-z]+:/i.test(href)) continue; // links inside mail bodies (http:, https:, mailto:)
      assert.ok(!href.startsWith('/'), `absolute link ${href} on ${path}`);
      const target = new URL(href, origin + path);
      assert.equal(target.origin, origin);
      const next = target.pathname;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(queue.length, 0, `more than ${LIMIT} pages`);
  // 3 lists of the sample plus the edge list: all messages, days, months, attachments, static files.
  assert.ok(crawled > 292 * 2 + 100, `only ${crawled} pages crawled`);
});
