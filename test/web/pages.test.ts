// Every blists page type on a real archive: status, title, what the page lists, and navigation
// links checked against the store's own order (archive order for prev/next, the thread's date order
// for thread-prev/next, the nearest day with mail for days).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { importMessages } from '../../src/archive/ingest.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import type { EntryRecord } from '../../src/store/store.ts';
import { buildArchive, get, hrefs, listSettings, messages, navHref, settled } from './archive-fixture.ts';

const fx = await buildArchive({ after });

/** The archive path (from the root, no leading slash) a relative link on `page` points to. */
function resolve(page: string, href: string): string {
  return new URL(href, `http://archive.test/${page}`).pathname.slice(1);
}

function addressOf(entry: { day: string; n: number }, list = 'fedora-devel'): string {
  return `${list}/${entry.day.replaceAll('-', '/')}/${entry.n}`;
}

const fedora = (await fx.writer.getList('fedora-devel'))!;
const entries: EntryRecord[] = [];
for await (const entry of fx.writer.read.entries(fedora.id)) entries.push(entry);

/** The first entry with this Message-ID in the list, as the writer stored it. */
async function entryOf(list: string, messageId: string): Promise<EntryRecord> {
  const { id } = (await fx.writer.getList(list))!;
  return (await fx.writer.read.entriesInList(id, messageId))[0];
}

describe('page types', () => {
  test('site page: lists grouped by configured section order, counts, last activity, sparkline', async () => {
    const { status, text } = await get(fx.app, '/');
    assert.equal(status, 200);
    assert.match(text, /<title>Test archive<\/title>/);
    assert.ok(text.indexOf('<h2>Fedora</h2>') < text.indexOf('<h2>Edge cases</h2>'));
    assert.match(text, /<a href="fedora-devel\/">fedora-devel<\/a>/);
    assert.match(text, /<td class="number">292<\/td>/);
    assert.match(text, /The fedora-devel list/);
    assert.match(text, /<svg class="sparkline"/);
    assert.match(text, /Powered by listarchive/);
    assert.match(text, /Mail as it was sent/);
    assert.match(text, /Read-only copy/);
  });

  test('list page: year × month table, total, chart, recent messages', async () => {
    const { status, text } = await get(fx.app, '/fedora-devel/');
    assert.equal(status, 200);
    assert.match(text, /<title>fedora-devel mailing list<\/title>/);
    assert.match(text, /<th><a href="2010\/">2010<\/a><\/th>/);
    assert.match(text, /<a href="2010\/01\/">\d+<\/a>/);
    assert.match(text, /292 messages in total/);
    assert.match(text, /<svg class="month-chart"/);
    assert.equal((text.match(/<ul class="recent">.*?<\/ul>/s)?.[0].match(/<li>/g) ?? []).length, 20);
    // Newest year first.
    assert.ok(text.indexOf('href="2010/"') < text.indexOf('href="2009/"'));
  });

  test('year page: counts row, 12 Monday-first calendars, prev/next year', async () => {
    const { status, text } = await get(fx.app, '/fedora-devel/2010/');
    assert.equal(status, 200);
    assert.match(text, /<title>fedora-devel mailing list - 2010<\/title>/);
    assert.equal(text.match(/<table class="calendar">/g)?.length, 12);
    assert.match(text, /<thead><tr><th>Mo<\/th><th>Tu<\/th>/);
    // 2010-01-01 was a Friday: four empty cells before it.
    assert.match(
      text,
      /<caption><a href="01\/">January 2010<\/a><\/caption><thead>.*?<\/thead><tbody><tr><td><\/td><td><\/td><td><\/td><td><\/td><td class="mail"><a href="01\/01\/"/,
    );
    assert.equal(navHref(text, 'prev'), '../2009/');
    assert.equal(navHref(text, 'next'), null);
  });

  test('month page: calendar, then each day with its messages', async () => {
    const { status, text } = await get(fx.app, '/fedora-devel/2010/01/');
    assert.equal(status, 200);
    assert.match(text, /<title>fedora-devel mailing list - 2010\/01<\/title>/);
    assert.match(text, /<h2><a href="04\/">Monday, January 4<\/a><\/h2>/);
    const january = entries.filter((e) => e.day.startsWith('2010-01'));
    const links = hrefs(text).filter((h) => /^\d\d\/\d+$/.test(h));
    assert.equal(links.length, january.length);
    assert.equal(navHref(text, 'prev'), '../../2009/12/');
  });

  test('month page lists at most 100 messages of a day and links the rest to the day (blists)', async () => {
    const { text } = await get(fx.app, '/edge/2010/01/');
    const day4 = text.match(/<section class="day">\s*<h2><a href="04\/">.*?<\/section>/s)![0];
    assert.equal(day4.match(/<a href="04\/\d+">/g)?.length, 100);
    assert.match(day4, /<a href="04\/">5 more messages<\/a>/);
    const day = await get(fx.app, '/edge/2010/01/04/');
    assert.equal(day.text.match(/<a href="\d+">/g)?.length, 105);
  });

  test('day page: every message of the day, prev/next day across month boundaries', async () => {
    const days = [...new Set(entries.map((e) => e.day))].sort();
    for (let i = 0; i < days.length; i++) {
      const page = `fedora-devel/${days[i].replaceAll('-', '/')}/`;
      const { status, text } = await get(fx.app, `/${page}`);
      assert.equal(status, 200, page);
      assert.match(
        text,
        new RegExp(`<title>fedora-devel mailing list - ${days[i].replaceAll('-', '/')}</title>`),
      );
      const count = entries.filter((e) => e.day === days[i]).length;
      assert.equal(
        text.match(/<ul class="messages">.*<\/ul>/s)?.[0].match(/<a href="\d+">/g)?.length,
        count,
        page,
      );
      const prev = navHref(text, 'prev');
      const next = navHref(text, 'next');
      assert.equal(
        prev && resolve(page, prev),
        i > 0 ? `fedora-devel/${days[i - 1].replaceAll('-', '/')}/` : null,
      );
      assert.equal(
        next && resolve(page, next),
        i < days.length - 1 ? `fedora-devel/${days[i + 1].replaceAll('-', '/')}/` : null,
      );
    }
  });

  test('message page: blists navigation row, headers, body, thread overview', async () => {
    const entry = entries.find((e) => e.parentId !== null)!;
    const page = addressOf(entry);
    const { status, text } = await get(fx.app, `/${page}`);
    assert.equal(status, 200);
    const subject = entry.subject.replaceAll("'", '&#39;').replaceAll('&', '&amp;');
    assert.ok(
      text.includes(`<title>fedora-devel mailing list - ${entry.day.replaceAll('-', '/')} - `),
      'title',
    );
    const nav = text.match(/<nav class="nav">(.*?)<\/nav>/s)![1].replace(/<[^>]+>/g, '');
    assert.equal(
      nav,
      '[&lt;prev] [next&gt;] [&lt;thread-prev] [thread-next&gt;] [day] [month] [year] [list]',
    );
    assert.match(
      text,
      new RegExp(
        `Message-ID: <a href="[^"]*">&lt;${entry.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}&gt;</a>\n`,
      ),
    );
    assert.match(text, /\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\n/);
    assert.match(text, /\nFrom: /);
    assert.ok(text.includes(`Subject: ${subject.replace(/@/g, '@')}`) || text.includes('Subject: '));
    assert.match(text, /<div class="body">/);
    assert.match(text, /<section class="thread-overview">/);
    assert.match(text, /<strong class="current" aria-current="page">/);
    assert.equal(navHref(text, 'up'), './');
  });

  test('prev/next follow archive order across days; thread-prev/next the thread by date', async () => {
    const byThread = new Map<number, EntryRecord[]>();
    for (const e of entries) byThread.set(e.threadId, [...(byThread.get(e.threadId) ?? []), e]);
    const time = (e: EntryRecord) => e.date?.getTime() ?? Infinity;
    for (const list of byThread.values()) list.sort((a, b) => time(a) - time(b) || a.seq - b.seq);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const page = addressOf(entry);
      const { status, text } = await get(fx.app, `/${page}`);
      assert.equal(status, 200, page);
      const link = (rel: string) => {
        const href = navHref(text, rel);
        return href === null ? null : resolve(page, href);
      };
      assert.equal(link('prev'), i > 0 ? addressOf(entries[i - 1]) : null, `prev of ${page}`);
      assert.equal(
        link('next'),
        i < entries.length - 1 ? addressOf(entries[i + 1]) : null,
        `next of ${page}`,
      );
      const thread = byThread.get(entry.threadId)!;
      const at = thread.findIndex((e) => e.seq === entry.seq);
      assert.equal(link('thread-prev'), at > 0 ? addressOf(thread[at - 1]) : null, `thread-prev of ${page}`);
      assert.equal(
        link('thread-next'),
        at < thread.length - 1 ? addressOf(thread[at + 1]) : null,
        `thread-next of ${page}`,
      );
    }
  });

  test('a ghost parent is shown unlinked in the thread overview', async () => {
    const child = await entryOf('edge', 'child@edge');
    const page = addressOf(child, 'edge');
    const { text } = await get(fx.app, `/${page}`);
    const overview = text.match(/<ul class="thread">.*<\/ul>/s)![0];
    assert.match(overview, /<span class="ghost">\(message not in archive\)<\/span>/);
    // root → ghost → child: the ghost row sits between them, nested.
    assert.match(overview, /ghost thread.*<ul><li><span class="ghost">.*<ul><li><strong class="current"/s);
    assert.equal(navHref(text, 'thread-prev') !== null, true);
  });

  test('attachments are listed as blists does and link N/K', async () => {
    const files = await entryOf('edge', 'files@edge');
    const page = addressOf(files, 'edge');
    const { text } = await get(fx.app, `/${page}`);
    assert.ok(
      text.includes(
        `<a href="${files.n}/1">View attachment "fix.patch"</a> of type "text/x-patch" (22 bytes)`,
      ),
    );
    assert.ok(
      text.includes(
        `<a href="${files.n}/2">Download attachment "data &quot;x&quot;.bin"</a> of type "application/octet-stream" (9 bytes)`,
      ),
    );
    assert.ok(text.includes(`<a href="${files.n}/3">View attachment "page.html"</a> of type "text/html"`));
  });

  test('missing trailing slashes redirect relatively', async () => {
    for (const [path, location] of [
      ['/fedora-devel', 'fedora-devel/'],
      ['/fedora-devel/2010', '2010/'],
      ['/fedora-devel/2010/01', '01/'],
      ['/fedora-devel/2010/01/04', '04/'],
    ]) {
      const { status, response } = await get(fx.app, path);
      assert.equal(status, 301, path);
      assert.equal(response.headers.get('location'), location, path);
    }
  });

  test('bad list names, dates, N and K answer 404 or 400 in the site chrome', async () => {
    const cases: [string, number][] = [
      ['/nope/', 404],
      ['/Fedora-Devel/', 404],
      ['/fedora-devel/abcd/', 404],
      ['/fedora-devel/1999/', 404],
      ['/fedora-devel/0999/', 400],
      ['/fedora-devel/2010/13/', 400],
      ['/fedora-devel/2010/00/', 400],
      ['/fedora-devel/2010/02/', 404],
      ['/fedora-devel/2010/02/30/', 400],
      ['/fedora-devel/2010/01/31/', 404],
      ['/fedora-devel/2010/01/04/0', 400],
      ['/fedora-devel/2010/01/04/07', 400],
      ['/fedora-devel/2010/01/04/9999', 404],
      ['/fedora-devel/2010/01/04/x', 404],
      ['/fedora-devel/2010/01/04/3/9', 404],
      ['/fedora-devel/2010/01/04/3/0', 400],
      ['/fedora-devel/2010/01/04/3/1/', 404],
      ['/nope/2010/01/04/3', 404],
      ['/%2e%2e/%2e%2e/etc/passwd', 404],
      ['/_/../../package.json', 404],
    ];
    for (const [path, status] of cases) {
      const result = await get(fx.app, path);
      assert.equal(result.status, status, path);
      assert.match(result.text, /Powered by listarchive/, path);
      assert.doesNotMatch(result.text, /at .*\.ts:\d+/, path);
    }
  });

  test('an unparseable message is shown raw, with a notice', async () => {
    // 120 nested multiparts: past the parser's nesting limit, so the message is flagged unparseable.
    let body = 'deep text\n';
    for (let i = 0; i < 120; i++)
      body = `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n${body}\n--b${i}--\n`;
    const deep = `From: Deep <deep@example.org>\nSubject: deep <b>\nMessage-ID: <deep@edge>\nDate: Thu, 07 Jan 2010 10:00:00 +0000\nMIME-Version: 1.0\n${body}`;
    const list = await fx.writer.addList(listSettings('broken'));
    await importMessages(fx.writer, list, messages([deep]), inlinePreparer);
    assert.deepEqual((await entryOf('broken', 'deep@edge')).flags, ['unparseable']);
    const { status, text } = await settled(
      () => get(fx.app, '/broken/2010/01/07/1'),
      (answer) => answer.status === 200,
    );
    assert.equal(status, 200);
    assert.match(text, /could not be decoded/);
    assert.match(text, /Content-Type: multipart\/mixed; boundary=&quot;b118&quot;/);
    assert.match(text, /Subject: deep &lt;b&gt;\n/);
  });
});
