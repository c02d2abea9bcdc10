// Search on the web: results pages, paging and toggles, collapsed threads, refused queries (400 in the
// chrome), hostile queries, the Atom feed (read by Python's XML parser and feedparser), the mbox.gz
// download (read by Python's mailbox), the JSON API, the search box on every page and the help page.
// A small archive (the fedora-devel sample and a few hand-made messages): the matching rule itself
// is tested on openbmc in test/search/.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { importMessages } from '../../src/archive/ingest.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { openSource } from '../../src/mail/sources.ts';
import { search } from '../../src/search/search.ts';
import { openStore } from '../../src/store/open.ts';
import { createApp } from '../../src/web/app.ts';
import { tempDir } from '../helpers.ts';
import { get, hrefs, listSettings, mail, messages, navHref, SAMPLE, SITE } from './archive-fixture.ts';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasPython = spawnSync(PYTHON, ['-c', 'pass']).status === 0;
const hasFeedparser = hasPython && spawnSync(PYTHON, ['-c', 'import feedparser']).status === 0;

const dir = tempDir({ after }, 'listarchive-search-web-');
const path = join(dir, 'archive.sqlite');
const writer = await openStore(path);
await importMessages(
  writer,
  await writer.addList(listSettings('fedora-devel')),
  openSource(SAMPLE),
  inlinePreparer,
);
const EDGE = [
  mail({
    id: 'script@edge',
    subject: '<script>alert(1)</script> zebrafish',
    date: 'Tue, 05 Jan 2010 09:00:00 +0000',
  }),
  // a body line starting `From ` must come out of the mbox quoted, or it splits the message in two
  'From: Bob <bob@example.org>\nTo: edge@example.org\nSubject: zebrafish quoting\nDate: Wed, 06 Jan 2010 09:00:00 +0000\nMessage-ID: <from-line@edge>\n\nzebrafish\nFrom the start of a line\n>From an old quote\n',
];
await importMessages(
  writer,
  await writer.addList(listSettings('edge', { obfuscate: false })),
  messages(EDGE),
  inlinePreparer,
);
const reader = await openStore(path, { readonly: true });
const app = await createApp({ store: reader, site: SITE, logError: () => {} });
after(async () => {
  await reader.close();
  await writer.close();
});

/** The archive path (no leading slash) a relative link on `page` points to. */
function resolve(page: string, href: string): string {
  const url = new URL(href, `http://archive.test/${page}`);
  return url.pathname.slice(1) + url.search;
}

/** The result items of a results page: href, subject, datetime. */
function results(html: string): { href: string; subject: string; date: string | null; text: string }[] {
  const list = html.match(/<ol class="results"[^>]*>(.*?)<\/ol>/s)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/gs)].map(([, item]) => {
    const link = item.match(/^<a href="([^"]*)">(.*?)<\/a>/)!;
    return {
      href: link[1],
      subject: link[2],
      date: item.match(/<time datetime="([^"]*)"/)?.[1] ?? null,
      text: item,
    };
  });
}

/** The JSON of /api/v1/search (docs/api.md). */
interface SearchJson {
  query: string;
  list: string | null;
  total: number;
  threads?: number;
  offset: number;
  limit: number;
  order: string;
  results: {
    list: string;
    messageId: string;
    url: string;
    threadId: number;
    snippet: string;
    snippetSegments: { text: string; hit: boolean }[];
  }[];
  error?: string;
}

async function json(response: Response | Promise<Response>): Promise<SearchJson> {
  return (await (await response).json()) as SearchJson;
}

function totalOf(html: string): number {
  return Number(html.match(/<p class="totals">(\d+) messages?/)?.[1] ?? Number.NaN);
}

async function searchTotal(query: string, list = 'fedora-devel'): Promise<number> {
  return (await search(reader.read, query, { list, snippets: false })).total;
}

describe('results pages', () => {
  test('a subject word: the exact total, each result a blists message link with the word in its subject', async () => {
    const { status, text, response } = await get(app, '/fedora-devel/?q=s:rawhide');
    assert.equal(status, 200);
    assert.equal(totalOf(text), await searchTotal('s:rawhide'));
    assert.ok(totalOf(text) > 10);
    const items = results(text);
    assert.equal(items.length, Math.min(50, totalOf(text)));
    for (const item of items) {
      assert.match(item.subject, /rawhide/i);
      assert.match(resolve('fedora-devel/', item.href), /^fedora-devel\/2010\/01\/\d\d\/\d+$/);
    }
    // the first result's page is the message the result names
    const first = await get(app, `/${resolve('fedora-devel/', items[0].href)}`);
    assert.equal(first.status, 200);
    assert.ok(first.text.includes(items[0].subject));
    // cached like the other index pages
    assert.equal(response.headers.get('Cache-Control'), 'public, max-age=60');
    const etag = response.headers.get('ETag')!;
    assert.ok(etag);
    assert.equal((await get(app, '/fedora-devel/?q=s:rawhide', { 'If-None-Match': etag })).status, 304);
    // the results page is in the chrome, with the query in the box
    assert.match(text, /<header class="site">/);
    assert.match(text, /<input type="search" name="q" value="s:rawhide"/);
  });

  test('a phrase: fewer matches than its words ANDed, hits marked in snippets', async () => {
    const phrase = await get(app, `/fedora-devel/?q=${encodeURIComponent('"rawhide report"')}`);
    const words = await get(app, '/fedora-devel/?q=rawhide+report');
    assert.equal(phrase.status, 200);
    assert.equal(totalOf(phrase.text), await searchTotal('"rawhide report"'));
    assert.ok(totalOf(phrase.text) > 0 && totalOf(phrase.text) <= totalOf(words.text));
    assert.match(phrase.text, /<mark>[Rr]awhide [Rr]eport<\/mark>/);
    assert.match(phrase.text, /<q>&quot;rawhide report&quot;<\/q>/);
  });

  test('f: finds the author; d: a date range holds only mail of those days', async () => {
    const from = await get(app, '/fedora-devel/?q=f:jones');
    assert.equal(totalOf(from.text), await searchTotal('f:jones'));
    for (const item of results(from.text))
      assert.match(item.text, /<span class="from">\([^)]*Jones[^)]*\)<\/span>/);

    const range = await get(app, '/fedora-devel/?q=d:2010-01-04..2010-01-05&l=200');
    assert.equal(range.status, 200);
    const items = results(range.text);
    assert.equal(totalOf(range.text), items.length);
    // independent count: the stored entries whose Date: falls on the 4th or the 5th (UTC)
    const fedora = (await writer.getList('fedora-devel'))!;
    let inRange = 0;
    for await (const e of writer.read.entries(fedora.id)) {
      if (e.date && e.date >= new Date('2010-01-04T00:00:00Z') && e.date < new Date('2010-01-06T00:00:00Z'))
        inRange++;
    }
    assert.equal(items.length, inRange);
    for (const item of items) assert.match(item.date!, /^2010-01-0[45]T/);
  });

  test('paging: o= and l=, prev/next links, every match once', async () => {
    const total = await searchTotal('rawhide');
    const seen = new Set<string>();
    let href: string | null = '?q=rawhide&l=12';
    let pages = 0;
    let previous: string | null = null;
    while (href !== null) {
      const { status, text } = await get(app, `/fedora-devel/${href}`);
      assert.equal(status, 200);
      const items = results(text);
      assert.match(text, new RegExp(`<ol class="results" start="${pages * 12 + 1}">`));
      for (const item of items) seen.add(item.href);
      const prev = navHref(text, 'prev');
      if (pages === 0) assert.equal(prev, null);
      else assert.equal(prev?.replaceAll('&amp;', '&'), previous);
      previous = href;
      href = navHref(text, 'next')?.replaceAll('&amp;', '&') ?? null;
      if (href) assert.equal(href, `?q=rawhide&o=${(pages + 1) * 12}&l=12`);
      pages++;
    }
    assert.equal(pages, Math.ceil(total / 12));
    assert.equal(seen.size, total);
    // l= is capped at 200; junk numbers are their defaults
    const big = await get(app, '/fedora-devel/?q=the&l=5000');
    assert.equal(results(big.text).length, Math.min(200, totalOf(big.text)));
    const junk = await get(app, '/fedora-devel/?q=rawhide&o=-5&l=abc');
    assert.equal(junk.status, 200);
    assert.match(junk.text, /<ol class="results" start="1">/);
  });

  test('order: date by default (newest first), r for relevance; the toggles link to each other', async () => {
    const byDate = await get(app, '/fedora-devel/?q=rawhide');
    assert.match(
      byDate.text,
      /sorted by: <strong>date<\/strong> \| <a href="\?q=rawhide&amp;r">relevance<\/a>/,
    );
    const dates = results(byDate.text).map((r) => r.date!);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const byRelevance = await get(app, '/fedora-devel/?q=rawhide&r');
    assert.match(byRelevance.text, /<a href="\?q=rawhide">date<\/a> \| <strong>relevance<\/strong>/);
    assert.equal(totalOf(byRelevance.text), totalOf(byDate.text));
    assert.notDeepEqual(
      results(byRelevance.text).map((r) => r.href),
      results(byDate.text).map((r) => r.href),
    );
  });

  test('t collapses threads: one result per thread with its match count, in either order', async () => {
    const api = await json(app.request('/api/v1/search?q=rawhide&list=fedora-devel&t=1&l=200'));
    const threads = api.threads ?? Number.NaN;
    const threadIds = api.results.map((r) => r.threadId);
    assert.equal(new Set(threadIds).size, threadIds.length);
    assert.equal(threadIds.length, threads);
    assert.ok(threads < api.total);
    const page = await get(app, '/fedora-devel/?q=rawhide&t=1&l=200');
    assert.match(page.text, new RegExp(`${api.total} messages in ${threads} threads match`));
    assert.equal(results(page.text).length, threads);
    assert.match(page.text, /<span class="thread-hits">\d+ matches in the thread<\/span>/);
    assert.match(
      page.text,
      /threads: <a href="\?q=rawhide&amp;l=200">expanded<\/a> \| <strong>collapsed<\/strong>/,
    );
    // relevance within collapsed threads (bm25 cannot sit inside SQLite's window functions)
    const ranked = await get(app, '/fedora-devel/?q=rawhide&t=1&r');
    assert.equal(ranked.status, 200);
    assert.equal(results(ranked.text).length, Math.min(50, threads));
  });

  test('addresses in snippets are hidden on an obfuscating list, even when a hit splits them', async () => {
    const { text } = await get(app, '/fedora-devel/?q=redhat&l=200');
    assert.ok(totalOf(text) > 0);
    assert.doesNotMatch(text, /@(?:<mark>)?redhat/i);
    assert.match(text, /@<mark>\.\.\.hat<\/mark>\.com/);
    // Message-IDs are never obfuscated (docs/api.md): everything else is
    const api = await json(app.request('/api/v1/search?q=redhat&list=fedora-devel&l=200'));
    const shown = api.results.map((r) => ({ ...r, messageId: '' }));
    assert.doesNotMatch(JSON.stringify(shown), /@redhat/i);
  });

  test('an empty q on a list is the list page; /all/ without q is the search form', async () => {
    const list = await get(app, '/fedora-devel/?q=');
    assert.equal(list.status, 200);
    assert.match(list.text, /<title>fedora-devel mailing list<\/title>/);
    const all = await get(app, '/all/');
    assert.equal(all.status, 200);
    assert.match(all.text, /<form class="search-form" method="get" action=".\/">/);
    const bare = await get(app, '/all');
    assert.equal(bare.status, 301);
    assert.equal(bare.response.headers.get('Location'), 'all/');
  });

  test('/all/ searches every list, names each result list, l: narrows', async () => {
    const { status, text } = await get(app, '/all/?q=zebrafish');
    assert.equal(status, 200);
    assert.equal(totalOf(text), 2);
    for (const item of results(text)) {
      assert.match(resolve('all/', item.href), /^edge\/2010\/01\/0[56]\/1$/);
      assert.match(item.text, /<a class="result-list" href="..\/edge\/">edge<\/a>/);
    }
    assert.equal(totalOf((await get(app, '/all/?q=zebrafish+l:fedora-devel')).text), 0);
    assert.equal(
      totalOf((await get(app, '/all/?q=rawhide+l:fedora-devel')).text),
      await searchTotal('rawhide'),
    );
    assert.equal((await get(app, '/nope/?q=x')).status, 404);
  });
});

describe('refused and hostile queries', () => {
  test('a syntax error is a 400 page in the chrome that says what and where', async () => {
    for (const url of ['/fedora-devel/?q=s:(foo', '/all/?q=foo+AND', '/fedora-devel/?q=d:2010-13-45']) {
      const { status, text, response } = await get(app, url);
      assert.equal(status, 400, url);
      assert.match(text, /<header class="site">/);
      assert.match(text, /<nav class="lists"/);
      assert.match(text, /<p class="error">The query <q>.*<\/q> cannot be searched: .+<\/p>/);
      assert.match(text, /<input type="search" name="q" value="[^"]+"/);
      assert.equal(response.headers.get('Cache-Control'), 'public, max-age=60');
    }
    const { text } = await get(app, '/fedora-devel/?q=s:(foo');
    assert.match(text, /never closed/);
  });

  test('quotes, FTS5 and SQL syntax, markup and over-long queries are harmless and escaped', async () => {
    const hostile = [
      '"',
      'NEAR(',
      'NEAR(a b)',
      '*',
      'a*',
      "'); DROP TABLE messages; --",
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      's:"unterminated',
      'f:" OR 1=1 --',
      'subject:^ rowid MATCH',
      '((((((((((((((((((x',
      'x'.repeat(3000),
      '\u0000\u202e',
    ];
    for (const query of hostile) {
      for (const base of ['/fedora-devel/', '/all/']) {
        const { status, text } = await get(app, `${base}?q=${encodeURIComponent(query)}`);
        assert.ok(status === 200 || status === 400, `${query}: ${status}`);
        assert.doesNotMatch(text, /<script>alert|<img src=x/, query);
        const api = await app.request(`/api/v1/search?q=${encodeURIComponent(query)}`);
        assert.ok(api.status === 200 || api.status === 400, `${query}: API ${api.status}`);
        assert.ok(typeof (await api.json()) === 'object');
      }
    }
    // the markup query is searched as words, and the subject that holds them is shown escaped
    const { text } = await get(app, `/all/?q=${encodeURIComponent('<script>alert(1)</script> zebrafish')}`);
    assert.equal(totalOf(text), 1);
    assert.match(text, /&lt;script&gt;/);
    assert.doesNotMatch(text, /<script>alert/);
    // nothing was dropped
    assert.equal(await searchTotal('d:2000..2020'), 292);
  });

  test('the API answers a refused query with 400 {error}, an unknown list with 404, no q with 400', async () => {
    const bad = await app.request('/api/v1/search?q=s:(foo');
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error ?? '', /never closed/);
    const unknown = await app.request('/api/v1/search?q=x&list=nope');
    assert.equal(unknown.status, 404);
    assert.match((await json(unknown)).error ?? '', /no list "nope"/);
    const empty = await app.request('/api/v1/search');
    assert.equal(empty.status, 400);
    assert.ok((await json(empty)).error);
  });
});

describe('Atom and mbox.gz', () => {
  test('x=A is an Atom 1.0 feed of the same results, links resolving to the message pages', async () => {
    const page = await get(app, '/fedora-devel/?q=rawhide&l=5');
    assert.match(
      page.text,
      /<link rel="alternate" type="application\/atom\+xml" href="\?q=rawhide&amp;l=5&amp;x=A">/,
    );
    const { status, text, response } = await get(app, '/fedora-devel/?q=rawhide&l=5&x=A');
    assert.equal(status, 200);
    assert.equal(response.headers.get('Content-Type'), 'application/atom+xml; charset=utf-8');
    assert.ok(response.headers.get('ETag'));
    if (!hasPython) return;
    const script = `
import sys, json, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == A + 'feed', root.tag
out = {k: root.find(A + k).text for k in ('id', 'title', 'updated')}
out['links'] = {l.get('rel'): l.get('href') for l in root.findall(A + 'link')}
out['entries'] = [{
  'id': e.find(A + 'id').text, 'title': e.find(A + 'title').text, 'updated': e.find(A + 'updated').text,
  'author': e.find(A + 'author/' + A + 'name').text, 'href': e.find(A + 'link').get('href'),
  'content': e.find(A + 'content').text} for e in root.findall(A + 'entry')]
print(json.dumps(out))`;
    const run = spawnSync(PYTHON, ['-c', script], { input: text });
    assert.equal(run.status, 0, run.stderr.toString());
    const feed = JSON.parse(run.stdout.toString());
    assert.match(feed.id, /^urn:uuid:/);
    assert.match(feed.title, /rawhide/);
    assert.ok(!Number.isNaN(Date.parse(feed.updated)));
    assert.equal(feed.links.self, '?q=rawhide&l=5&x=A');
    assert.equal(feed.links.alternate, '?q=rawhide&l=5');
    assert.equal(feed.entries.length, 5);
    const pageItems = results(page.text);
    feed.entries.forEach((entry: Record<string, string>, i: number) => {
      assert.match(entry.id, /^urn:uuid:/);
      assert.ok(entry.title && entry.author && !Number.isNaN(Date.parse(entry.updated)));
      assert.equal(entry.href, pageItems[i].href);
    });
    assert.match(feed.entries.map((e: { content: string }) => e.content).join(''), /<mark>/);
    const target = await get(app, `/${resolve('fedora-devel/', feed.entries[0].href)}`);
    assert.equal(target.status, 200);
    if (hasFeedparser) {
      const parsed = spawnSync(
        PYTHON,
        [
          '-c',
          'import sys, feedparser; f = feedparser.parse(sys.stdin.buffer.read()); print(int(f.bozo), f.version, len(f.entries))',
        ],
        { input: text },
      );
      assert.equal(parsed.stdout.toString().trim(), '0 atom10 5');
    }
  });

  test('POST x=m downloads every match as gzipped mboxrd: as many messages as the total, From lines quoted', async () => {
    const total = await searchTotal('rawhide');
    const response = await app.request('/fedora-devel/?q=rawhide&x=m', { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), 'application/gzip');
    assert.match(
      response.headers.get('Content-Disposition')!,
      /^attachment; filename="fedora-devel-search.mbox.gz"/,
    );
    const mbox = gunzipSync(Buffer.from(await response.arrayBuffer()));
    const edge = gunzipSync(
      Buffer.from(await (await app.request('/all/?q=zebrafish&x=m', { method: 'POST' })).arrayBuffer()),
    ).toString();
    assert.match(edge, /^>From the start of a line$/m);
    assert.match(edge, /^>>From an old quote$/m);
    if (!hasPython) return;
    for (const [bytes, expected] of [
      [mbox, total],
      [Buffer.from(edge), 2],
    ] as const) {
      const file = join(dir, `results-${expected}.mbox`);
      writeFileSync(file, bytes);
      const run = spawnSync(PYTHON, [
        '-c',
        'import sys, mailbox; print(len([m["Message-ID"] for m in mailbox.mbox(sys.argv[1])]))',
        file,
      ]);
      assert.equal(run.status, 0, run.stderr.toString());
      assert.equal(Number(run.stdout.toString()), expected);
    }
    // the fields may come in a form body too; a GET with x=m is the results page, a POST without it 404
    const form = await app.request('/fedora-devel/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '16' },
      body: 'q=rawhide&x=m&',
    });
    assert.equal(form.status, 200);
    assert.equal(form.headers.get('Content-Type'), 'application/gzip');
    assert.equal(
      (await get(app, '/fedora-devel/?q=rawhide&x=m')).response.headers.get('Content-Type'),
      'text/html; charset=utf-8',
    );
    assert.equal((await app.request('/fedora-devel/?q=rawhide', { method: 'POST' })).status, 404);
    assert.equal((await app.request('/fedora-devel/?q=s:(&x=m', { method: 'POST' })).status, 400);
    // the results page offers the download as a POST form
    const page = await get(app, '/fedora-devel/?q=rawhide');
    assert.match(page.text, /<form class="search-download" method="post" action="\?q=rawhide&amp;x=m">/);
  });
});

describe('API', () => {
  test('GET /api/v1/search: exact total, one page of results with blists urls and plain-text snippets', async () => {
    const response = await app.request('/api/v1/search?q=rawhide&list=fedora-devel&o=5&l=3');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal(response.headers.get('Cache-Control'), 'public, max-age=60');
    const body = await json(response);
    assert.deepEqual(Object.keys(body), ['query', 'list', 'total', 'offset', 'limit', 'order', 'results']);
    assert.equal(body.total, await searchTotal('rawhide'));
    assert.equal(body.results.length, 3);
    assert.equal(body.offset, 5);
    for (const result of body.results) {
      assert.deepEqual(Object.keys(result), [
        'list',
        'messageId',
        'subject',
        'from',
        'date',
        'day',
        'n',
        'url',
        'threadId',
        'snippet',
        'snippetSegments',
      ]);
      assert.match(result.url, /^\/fedora-devel\/2010\/01\/\d\d\/\d+$/);
      assert.equal(typeof result.snippet, 'string');
      assert.equal(result.snippet, result.snippetSegments.map((s: { text: string }) => s.text).join(''));
      const page = await get(app, result.url);
      assert.equal(page.status, 200);
    }
    // the same results as the page's 6th to 8th
    const page = results((await get(app, '/fedora-devel/?q=rawhide')).text).slice(5, 8);
    assert.deepEqual(
      body.results.map((r: { url: string }) => r.url),
      page.map((r) => `/${resolve('fedora-devel/', r.href)}`),
    );
    const all = await json(app.request('/api/v1/search?q=zebrafish'));
    assert.equal(all.total, 2);
    assert.equal(all.list, null);
  });
});

describe('search box and help', () => {
  test('every page has the box: a list page searches the list, other pages all lists; help is linked', async () => {
    const cases: [string, string][] = [
      ['', 'all/'],
      ['fedora-devel/', 'fedora-devel/'],
      ['fedora-devel/2010/01/', 'fedora-devel/'],
      ['fedora-devel/2010/01/04/', 'fedora-devel/'],
      ['fedora-devel/2010/01/04/1', 'fedora-devel/'],
      ['all/?q=rawhide', 'all/'],
      ['_/text/help/', 'all/'],
      ['no-such-list/', 'all/'],
    ];
    for (const [page, target] of cases) {
      const { text } = await get(app, `/${page}`);
      const form = text.match(
        /<form class="search" role="search" method="get" action="([^"]*)"><input type="search" name="q"[^>]*> <button type="submit">search<\/button> <a href="([^"]*)">help<\/a><\/form>/,
      );
      assert.ok(form, page);
      assert.equal(resolve(page, form[1]), target, page);
      assert.equal(resolve(page, form[2]), '_/text/help/', page);
    }
  });

  test('under --base-path the box and the results stay below the prefix', async () => {
    const based = await createApp({ store: reader, site: SITE, basePath: '/archive', logError: () => {} });
    const day = await get(based, '/archive/fedora-devel/2010/01/04/');
    const action = day.text.match(/<form class="search"[^>]* action="([^"]*)"/)![1];
    assert.equal(
      new URL(action, 'http://h/archive/fedora-devel/2010/01/04/').pathname,
      '/archive/fedora-devel/',
    );
    const { status, text } = await get(based, '/archive/all/?q=rawhide&l=3');
    assert.equal(status, 200);
    for (const href of hrefs(text)) {
      if (href.startsWith('data:')) continue;
      assert.match(new URL(href, 'http://h/archive/all/?q=rawhide&l=3').pathname, /^\/archive\//, href);
    }
    const api = await json(based.request('/archive/api/v1/search?q=rawhide&l=1'));
    assert.match(api.results[0].url, /^\/archive\/fedora-devel\//);
  });

  test('the help page lists every prefix, the operators and the date forms', async () => {
    const { status, text } = await get(app, '/_/text/help/');
    assert.equal(status, 200);
    for (const prefix of ['s:', 'f:', 't:', 'c:', 'a:', 'b:', 'bs:', 'nq:', 'q:', 'm:', 'dfn:', 'd:', 'l:']) {
      assert.ok(text.includes(`<td><code>${prefix}</code></td>`), prefix);
    }
    for (const word of ['AND', 'OR', 'NOT', '-a', '"kernel panic"', '2.weeks.ago', '..']) {
      assert.ok(text.includes(word), word);
    }
    const bare = await get(app, '/_/text/help');
    assert.equal(bare.status, 301);
    assert.equal(bare.response.headers.get('Location'), 'help/');
  });
});
