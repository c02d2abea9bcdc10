// Search end to end on small hand-written archives: what the API returns, how lists, cross-posts,
// threads, order and paging count, that reindex rebuilds the index, and that migration 2 applies to
// a database made before it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { reindex } from '../../src/archive/reindex.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { SearchSyntaxError, search } from '../../src/search/search.ts';
import { openStore } from '../../src/store/open.ts';
import { SCHEMA_VERSION } from '../../src/store/sqlite/schema.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { ListSettings, Store } from '../../src/store/store.ts';
import { tempDir } from '../helpers.ts';

/** The SQLite connection under a store: these tests inspect and damage the file's own tables. */
function sqliteDb(store: Store): SqliteStore['db'] {
  return (store as SqliteStore).db;
}

function settings(name: string): ListSettings {
  return newListSettings(name, { address: `${name}@example.org` });
}

interface Mail {
  id: string;
  subject: string;
  date: string;
  from?: string;
  to?: string;
  replyTo?: string;
  body: string;
}

function mail(m: Mail): string {
  return [
    `From: ${m.from ?? 'Ann Example <ann@example.org>'}`,
    `To: ${m.to ?? 'dev@example.org'}`,
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    `Message-ID: <${m.id}>`,
    ...(m.replyTo ? [`In-Reply-To: <${m.replyTo}>`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '',
  ].join('\n');
}

async function* source(mails: Mail[]): AsyncGenerator<RawMessage> {
  let i = 0;
  for (const m of mails)
    yield { bytes: Buffer.from(mail(m)), envelopeDate: null, origin: `t#${++i}`, sourceOffset: 0 };
}

const thread: Mail[] = [
  {
    id: 'root@x',
    subject: '[PATCH] hwmon: pmbus: add fan table',
    date: 'Mon, 4 Jan 2021 10:00:00 +0000',
    body: 'This adds the fan table to the pmbus core.\n\n--- a/drivers/hwmon/pmbus/core.c\n+++ b/drivers/hwmon/pmbus/core.c',
  },
  {
    id: 'reply1@x',
    subject: 'Re: [PATCH] hwmon: pmbus: add fan table',
    date: 'Tue, 5 Jan 2021 10:00:00 +0000',
    from: 'Bob <bob@example.com>',
    replyTo: 'root@x',
    body: '> This adds the fan table to the pmbus core.\n\nReviewed-by: Bob <bob@example.com>',
  },
  {
    id: 'reply2@x',
    subject: 'Re: [PATCH] hwmon: pmbus: add fan table',
    date: 'Wed, 6 Jan 2021 10:00:00 +0000',
    replyTo: 'reply1@x',
    body: 'Thanks, applied.',
  },
];
const other: Mail[] = [
  {
    id: 'cjk@x',
    subject: '回覆: 风扇表',
    date: 'Mon, 1 Feb 2021 10:00:00 +0000',
    from: '劉晉翰 <liu@example.tw>',
    body: '你好，这个风扇表的问题已经修复了。pmbus 没有问题。',
  },
  {
    id: 'lonely@x',
    subject: 'power supply question',
    date: 'Tue, 2 Feb 2021 10:00:00 +0000',
    body: 'Which power supply driver handles the PMBUS fan? The fan table mention is here.',
  },
];

async function archive(t: Parameters<typeof tempDir>[0]) {
  const store = await openStore(join(tempDir(t), 'archive.sqlite'));
  t.after(() => store.close());
  const dev = await store.addList(settings('dev'));
  const hw = await store.addList(settings('hw'));
  await importMessages(store, dev, source([...thread, ...other]), inlinePreparer);
  // cross-posted: the same bytes in a second list are one stored message, two entries
  await importMessages(store, hw, source([thread[0]]), inlinePreparer);
  return store;
}

const now = new Date('2021-02-10T12:00:00Z');
const texts = (segments: { text: string; hit: boolean }[]) =>
  segments.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

test('a result carries its blists address, headers, thread and a highlighted snippet', async (t) => {
  const store = await archive(t);
  const found = await search(store.read, 's:"fan table" f:bob', { list: 'dev', now });
  assert.equal(found.total, 1);
  const [result] = found.results;
  assert.deepEqual(
    { ...result, snippet: undefined },
    {
      list: 'dev',
      messageId: 'reply1@x',
      subject: 'Re: [PATCH] hwmon: pmbus: add fan table',
      from: { name: 'Bob', address: 'bob@example.com' },
      date: new Date('2021-01-05T10:00:00Z'),
      day: '2021-01-05',
      n: 1,
      threadId: 1,
      snippet: undefined,
    },
  );
  // the snippet comes from the author's own lines first (the trailer), the quote only when they lack a hit
  assert.deepEqual(result.snippet, [
    { text: 'Reviewed-by: ', hit: false },
    { text: 'Bob', hit: true },
    { text: ' <', hit: false },
    { text: 'bob', hit: true },
    { text: '@example.com>', hit: false },
  ]);
  const quoted = await search(store.read, 's:"fan table" q:core', { list: 'dev', now });
  assert.deepEqual(texts(quoted.results[0].snippet), '> This adds the [fan table] to the pmbus [core].');
});

test('total counts list entries: a cross-post counts once per list; l: and the list option narrow', async (t) => {
  const store = await archive(t);
  assert.equal((await search(store.read, 'dfn:pmbus/core.c', { now })).total, 2);
  assert.deepEqual(
    (await search(store.read, 'dfn:pmbus/core.c', { now })).results.map((r) => r.list).sort(),
    ['dev', 'hw'],
  );
  assert.equal((await search(store.read, 'dfn:pmbus/core.c', { list: 'hw', now })).total, 1);
  assert.equal((await search(store.read, 'dfn:pmbus/core.c l:hw', { now })).total, 1);
  assert.equal((await search(store.read, 'pmbus l:nosuchlist', { now })).total, 0);
  assert.deepEqual(await search(store.read, 'pmbus', { list: 'nosuchlist', now }), { total: 0, results: [] });
});

test('date order is newest first; relevance puts the subject match above a passing mention', async (t) => {
  const store = await archive(t);
  const byDate = await search(store.read, 'fan table', { list: 'dev', now });
  assert.deepEqual(
    byDate.results.map((r) => r.messageId),
    ['lonely@x', 'reply2@x', 'reply1@x', 'root@x'],
  );
  const byRelevance = await search(store.read, 'fan table', { list: 'dev', order: 'relevance', now });
  assert.equal(byRelevance.total, 4);
  assert.equal(byRelevance.results.at(-1)!.messageId, 'lonely@x');
  // nothing to rank (only dates): date order
  const dated = await search(store.read, 'd:2021-01-05..', { list: 'dev', order: 'relevance', now });
  assert.deepEqual(
    dated.results.map((r) => r.messageId),
    ['lonely@x', 'cjk@x', 'reply2@x', 'reply1@x'],
  );
});

test('collapsed threads: one result per thread with its match count; totals stay exact', async (t) => {
  const store = await archive(t);
  const found = await search(store.read, 'pmbus', { list: 'dev', collapseThreads: true, now });
  assert.equal(found.total, 5);
  assert.equal(found.threads, 3);
  assert.deepEqual(
    found.results.map((r) => [r.messageId, r.threadHits]),
    [
      ['lonely@x', 1],
      ['cjk@x', 1],
      ['reply2@x', 3],
    ],
  );
});

test('pages: offset and limit walk the same order; limit is capped at 200', async (t) => {
  const store = await archive(t);
  const all = (await search(store.read, 'pmbus', { list: 'dev', now })).results.map((r) => r.messageId);
  const paged: string[] = [];
  for (let offset = 0; offset < 5; offset += 2) {
    const page = await search(store.read, 'pmbus', { list: 'dev', offset, limit: 2, now, snippets: false });
    assert.equal(page.total, 5);
    paged.push(...page.results.map((r) => r.messageId));
    for (const r of page.results) assert.deepEqual(r.snippet, []);
  }
  assert.deepEqual(paged, all);
  assert.equal(
    (await search(store.read, 'pmbus', { list: 'dev', offset: 4, limit: 10, now })).results.length,
    1,
  );
  assert.equal((await search(store.read, 'pmbus', { list: 'dev', offset: 1e9, now })).results.length, 0);
  assert.equal((await search(store.read, 'pmbus', { list: 'dev', offset: 1e9, now })).total, 5);
  // the cap itself needs 200+ messages; here: a huge limit is accepted and clamped, not an error
  assert.equal((await search(store.read, 'pmbus', { list: 'dev', limit: 1e9, now })).results.length, 5);
});

test('CJK words are found as phrases of letters, in subjects, names and bodies', async (t) => {
  const store = await archive(t);
  const ids = async (q: string) =>
    (await search(store.read, q, { list: 'dev', now })).results.map((r) => r.messageId);
  assert.deepEqual(await ids('风扇'), ['cjk@x']);
  assert.deepEqual(await ids('s:回覆'), ['cjk@x']);
  assert.deepEqual(await ids('f:劉晉翰'), ['cjk@x']);
  assert.deepEqual(await ids('nq:修复'), ['cjk@x']);
  assert.deepEqual(await ids('扇风'), []);
  const [hit] = (await search(store.read, '修复', { list: 'dev', now })).results;
  assert.deepEqual(
    hit.snippet.filter((s) => s.hit),
    [{ text: '修复', hit: true }],
  );
});

test('query errors reach the caller as SearchSyntaxError', async (t) => {
  const store = await archive(t);
  await assert.rejects(search(store.read, 'pmbus AND', { list: 'dev' }), SearchSyntaxError);
  await assert.rejects(search(store.read, 'd:tomorrowish', { list: 'dev' }), /is not a date/);
});

test('hostile queries are words: nothing breaks, nothing is dropped from the archive', async (t) => {
  const store = await archive(t);
  for (const query of [
    'NEAR(fan table)',
    'fan NEAR table',
    '"fan" * ^table',
    '{subject} : fan',
    'subject:fan',
    'x" OR "y',
    "'); DROP TABLE messages; --",
    "m:'); DELETE FROM entries; --",
    "l:dev'--",
    '* OR *',
  ]) {
    try {
      await search(store.read, query, { now });
    } catch (error) {
      assert.ok(error instanceof SearchSyntaxError, `${query}: ${error}`);
    }
  }
  assert.equal((await search(store.read, 'NEAR(fan table)', { now })).total, 0);
  assert.equal((await search(store.read, 'fan table', { now })).total, 5);
  assert.equal((await store.read.stats(null)).messages, 6);
});

test('reindex rebuilds the index rows of the messages it re-parses, without duplicates', async (t) => {
  const store = await archive(t);
  const dev = (await store.getList('dev'))!;
  const hw = (await store.getList('hw'))!;
  const db = sqliteDb(store);
  const rows = () => (db.prepare('SELECT count(*) AS n FROM entry_search').get() as { n: number }).n;
  // 5 stored messages, one of them cross-posted to both lists: a row per list entry
  assert.equal(rows(), 6);
  // lose a message's rows, as a database from before migration 3 has lost them all
  await store.write(async () => {
    db.prepare(
      'DELETE FROM entry_search WHERE rowid IN (SELECT key FROM search_keys WHERE message = 1)',
    ).run();
  });
  assert.equal((await search(store.read, 'dfn:pmbus/core.c', { now })).total, 0);
  await reindex(store, [dev, hw], inlinePreparer);
  assert.equal(rows(), 6);
  assert.equal((await search(store.read, 'dfn:pmbus/core.c', { now })).total, 2);
  assert.equal((await search(store.read, 'pmbus', { list: 'dev', now })).total, 5);
});

test('migration 3 replaces the index of a database made before it; reindex fills it', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'old.sqlite');
  {
    // a version-2 database: one index row per message, dates apart
    const old = await openStore(path);
    await importMessages(old, await old.addList(settings('dev')), source(thread), inlinePreparer);
    sqliteDb(old).exec(`DROP TABLE entry_search; DROP TABLE search_keys; DROP TABLE message_excerpts;
      CREATE VIRTUAL TABLE message_search USING fts5(subject, sender, recipients, cc, nq, q, dfn,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
      CREATE TABLE message_dates (message INTEGER PRIMARY KEY, date INTEGER);`);
    sqliteDb(old).pragma('user_version = 2');
    await old.close();
  }
  const store = await openStore(path);
  t.after(() => store.close());
  assert.equal(sqliteDb(store).pragma('user_version', { simple: true }), SCHEMA_VERSION);
  // the rows come from parsing the raw mail again: nothing is found until reindex
  assert.equal((await search(store.read, 'pmbus', { list: 'dev', now })).total, 0);
  assert.equal((await search(store.read, 'd:2021-01-05..', { list: 'dev', now })).total, 0);
  await reindex(store, [(await store.getList('dev'))!], inlinePreparer);
  assert.equal((await search(store.read, 'pmbus', { list: 'dev', now })).total, 3);
  assert.equal((await search(store.read, 'd:2021-01-05..', { list: 'dev', now })).total, 2);
  const found = await search(store.read, 'pmbus', { list: 'dev', now });
  assert.ok(found.results.some((r) => r.snippet.some((s) => s.hit)));
});

test('flagged messages are found by what could be read; a message without a date sorts oldest', async (t) => {
  const store = await openStore(join(tempDir(t), 'archive.sqlite'));
  t.after(() => store.close());
  const dev = await store.addList(settings('dev'));
  const raws = [
    // no Date: at all, and no Received: or mbox date to fall back on
    'From: Ann <ann@example.org>\nSubject: undated pmbus note\nMessage-ID: <undated@x>\n\npmbus without a date\n',
    // a charset nobody knows: the bytes are still read as text
    'From: Bob <bob@example.org>\nSubject: odd charset pmbus\nDate: Mon, 4 Jan 2021 10:00:00 +0000\nMessage-ID: <charset@x>\nContent-Type: text/plain; charset=x-no-such-charset\n\npmbus in an unknown charset\n',
    // a date from before 1970
    'From: Cy <cy@example.org>\nSubject: old pmbus\nDate: Wed, 1 Jan 1969 10:00:00 +0000\nMessage-ID: <old@x>\n\npmbus from long ago\n',
    ...thread.map(mail),
  ];
  async function* raw(): AsyncGenerator<RawMessage> {
    let i = 0;
    for (const text of raws)
      yield { bytes: Buffer.from(text), envelopeDate: null, origin: `t#${++i}`, sourceOffset: 0 };
  }
  await importMessages(store, dev, raw(), inlinePreparer);
  const flags = sqliteDb(store).prepare<[string], { flags: string }>(
    'SELECT flags FROM messages WHERE message_id = ?',
  );
  assert.notEqual(flags.get('charset@x')!.flags, '');
  const found = await search(store.read, 'pmbus', { list: 'dev', now });
  assert.equal(found.total, 6);
  // newest first; the undated message and the one from 1969 sort as the oldest
  const ids = found.results.map((r) => r.messageId);
  assert.deepEqual(ids.slice(0, 4), ['reply2@x', 'reply1@x', 'root@x', 'charset@x']);
  assert.deepEqual(ids.slice(4).sort(), ['old@x', 'undated@x']);
  assert.equal((await search(store.read, 'pmbus d:2021-01-01..', { list: 'dev', now })).total, 4);
  assert.equal(
    (await search(store.read, 's:charset', { list: 'dev', now })).results[0].messageId,
    'charset@x',
  );
});

test('snippets: a phrase is marked where it stands whole, diacritics fold, the start shows without a hit', async (t) => {
  const store = await openStore(join(tempDir(t), 'archive.sqlite'));
  t.after(() => store.close());
  const dev = await store.addList(settings('dev'));
  const mails: Mail[] = [
    {
      id: 'phrase@x',
      subject: 'fans',
      date: 'Mon, 4 Jan 2021 10:00:00 +0000',
      // "fan" alone, inside "fanout" and before another word come first: only "fan table" is the hit
      body: 'The fan spins. A fanout here. The fan is on. Here is the fan table we need.',
    },
    {
      id: 'accent@x',
      subject: 'thanks',
      date: 'Tue, 5 Jan 2021 10:00:00 +0000',
      body: 'Merci à Cédric Le Goater pour la revue.',
    },
  ];
  await importMessages(store, dev, source(mails), inlinePreparer);
  const phrase = await search(store.read, '"fan table"', { list: 'dev', now });
  assert.equal(
    texts(phrase.results[0].snippet),
    'The fan spins. A fanout here. The fan is on. Here is the [fan table] we need.',
  );
  const accent = await search(store.read, 'cedric', { list: 'dev', now });
  assert.equal(texts(accent.results[0].snippet), 'Merci à [Cédric] Le Goater pour la revue.');
  const prefix = await search(store.read, 'fano*', { list: 'dev', now });
  assert.equal(
    texts(prefix.results[0].snippet),
    'The fan spins. A [fanout] here. The fan is on. Here is the fan table we need.',
  );
  // a hit in no text shown (the From: line): the start of the message
  const elsewhere = await search(store.read, 'f:ann', { list: 'dev', now });
  assert.equal(elsewhere.results[0].messageId, 'accent@x');
  assert.equal(texts(elsewhere.results[0].snippet), 'Merci à Cédric Le Goater pour la revue.');
});
