// The Atom feeds read by feedparser (test/compat/feed_read.py), as feed readers read them: well
// formed (no bozo), Atom 1.0, newest first, 25 entries at most, each with an id, a title, an author
// and a time, and every entry's link a message page that answers 200.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../helpers.ts';
import { needsPythonModule, python, type Served, serveArchive } from './compat-fixture.ts';
import { edgeMessages, IDS } from './edge-mail.ts';

const skip = needsPythonModule('feedparser');

interface FeedRead {
  bozo: boolean;
  bozoException: string;
  version: string;
  title: string;
  id: string;
  updated: string;
  selfLink: string;
  entries: {
    link: string;
    id: string;
    title: string;
    author: string;
    updated: string;
    contentType: string;
  }[];
}

let served: Served;
before(async () => {
  if (skip.skip) return;
  served = await serveArchive([
    { name: 'fedora', obfuscate: true, sources: [`${repoRoot}examples/fedora-devel-2010-01.mbox.gz`] },
    { name: 'edge', messages: edgeMessages() },
  ]);
});
after(() => served?.close());

const read = (path: string) => python('feed_read.py', [`${served.origin}${path}`]) as Promise<FeedRead>;

/** Every entry is complete, links to a message page that answers 200, and no two share an id. */
async function checkEntries(feed: FeedRead): Promise<void> {
  assert.equal(feed.bozo, false, feed.bozoException);
  assert.equal(feed.version, 'atom10');
  assert.ok(feed.id.startsWith('urn:uuid:') && feed.updated && feed.title);
  assert.equal(new Set(feed.entries.map((e) => e.id)).size, feed.entries.length);
  for (const entry of feed.entries) {
    assert.ok(entry.id.startsWith('urn:uuid:') && entry.title && entry.author && entry.updated, entry.link);
    assert.equal(entry.contentType, 'text/html');
    assert.ok(entry.link.startsWith(`${served.origin}/`), entry.link);
    const page = await fetch(entry.link);
    assert.equal(page.status, 200, entry.link);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
  }
}

describe('feedparser reads the feeds', () => {
  test('new.atom: the 25 newest messages of the list, newest first', skip, async () => {
    const feed = await read('/fedora/new.atom');
    await checkEntries(feed);
    assert.equal(feed.entries.length, 25);
    assert.equal(feed.selfLink, `${served.origin}/fedora/new.atom`);
    // Archive order, newest first: the list page's recent messages, in the same order.
    const listPage = `${served.origin}/fedora/`;
    const recent = (await (await fetch(listPage)).text()).match(/<ul class="recent">(.*?)<\/ul>/s)![1];
    const pages = [...recent.matchAll(/href="([^"]*)"/g)].map((m) => new URL(m[1], listPage)).slice(0, 5);
    for (const [i, page] of pages.entries()) {
      const back = /Message-ID: <a href="([^"]*)">/.exec(await (await fetch(page)).text())![1];
      assert.equal(new URL(back, page).pathname, new URL(feed.entries[i].link).pathname);
    }
  });

  test('new.atom of a list that hides addresses carries no e-mail address', skip, async () => {
    const text = await (await fetch(`${served.origin}/fedora/new.atom`)).text();
    assert.doesNotMatch(text, /<email>/);
    const edge = await (await fetch(`${served.origin}/edge/new.atom`)).text();
    assert.match(edge, /<email>ann@edge\.example<\/email>/);
  });

  test('t.atom: the thread, newest first by date', skip, async () => {
    const feed = await read(`/edge/${encodeURIComponent(IDS.plusSlash)}/t.atom`);
    await checkEntries(feed);
    assert.equal(feed.entries.length, 2);
    assert.deepEqual(
      feed.entries.map((e) => new URL(e.link).pathname),
      ['/edge/reply%3A1@edge.example/', '/edge/patch+v2%2F1@edge.example/'],
    );
    assert.ok(Date.parse(feed.entries[0].updated) > Date.parse(feed.entries[1].updated));
  });

  test('t.atom of a long thread of the sample', skip, async () => {
    const day = await (await fetch(`${served.origin}/api/v1/fedora/2010/01/04`)).json();
    const reply = (day as { messages: { messageId: string; parentId: string | null }[] }).messages.find(
      (m) => m.parentId !== null,
    )!;
    const feed = await read(`/fedora/${encodeURIComponent(reply.messageId)}/t.atom`);
    await checkEntries(feed);
    assert.ok(feed.entries.length > 1 && feed.entries.length <= 25);
    const times = feed.entries.map((e) => Date.parse(e.updated));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });
});
