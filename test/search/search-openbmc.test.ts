// Search on the real openbmc corpus (11,000 messages), imported once for this file. The expected
// counts come from an independent implementation of the matching rule — Python's `email` package
// decoding the same mbox and scanning every message (test/search/oracle.py documents the rule):
//
//     python3 test/search/oracle.py
//
// Every count below agreed exactly on the first comparison, message for message (not only in
// number: `oracle.py --ids` writes the matching message numbers, which equal messages.id here).
//
// The archive is SQLite, or PostgreSQL with LISTARCHIVE_TEST_BACKEND=postgres (`make test` runs
// this file on both): the same counts hold on either.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { ParsePool } from '../../src/archive/parse-pool.ts';
import { openSource } from '../../src/mail/sources.ts';
import { SearchSyntaxError, search } from '../../src/search/search.ts';
import { openStore } from '../../src/store/open.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { postgresBackend, sqliteBackend } from '../backends.ts';

const mbox = fileURLToPath(
  new URL('../../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
);
const present = existsSync(mbox);
const corpus = present ? {} : { skip: 'shared corpus not present (../shared/corpus)' };
/** The oracle's `now` for relative dates. */
const now = new Date('2021-07-15T13:45:00Z');

const backend = process.env.LISTARCHIVE_TEST_BACKEND === 'postgres' ? postgresBackend : sqliteBackend;
if (backend.skip) throw new Error(`LISTARCHIVE_TEST_BACKEND=postgres: ${backend.skip}`);
let store: Store;
/** Cleanups of the archive's location, run after the last test. */
const cleanups: (() => unknown)[] = [];

before(
  async () => {
    if (!present) return;
    const location = await backend.location({ after: (fn: () => unknown) => cleanups.push(fn) } as never);
    store = await openStore(location);
    const list = await store.addList(
      newListSettings('openbmc', { title: 'OpenBMC', address: 'openbmc@lists.ozlabs.org' }),
    );
    const pool = new ParsePool();
    try {
      await importMessages(store, list, openSource(mbox), pool);
    } finally {
      await pool.close();
    }
  },
  { timeout: 600_000 },
);
after(async () => {
  await store?.close();
  for (const cleanup of cleanups) await cleanup();
});

const total = async (query: string) =>
  (await search(store.read, query, { list: 'openbmc', now, limit: 1, snippets: false })).total;

test('every list entry has its index row, and every stored message its excerpt', corpus, async () => {
  // 11,000 in the mbox, 4 exact duplicates (content key) stored once
  assert.equal((await store.read.stats(null)).messages, 10_996);
  // the index tables are SQLite's own; on PostgreSQL the query results below show the rows are there
  if (store.backend !== 'sqlite') return;
  const { db } = store as SqliteStore;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  assert.equal(count('SELECT count(*) AS n FROM entry_search'), 10_996);
  assert.equal(count('SELECT count(*) AS n FROM search_keys'), 10_996);
  assert.equal(count('SELECT count(*) AS n FROM message_excerpts'), 10_996);
});

// Output of `python3 test/search/oracle.py`: [query, messages matching].
const expected: [string, number][] = [
  ['s:pmbus', 144],
  ['s:aspeed', 2297],
  ['s:"device tree"', 194],
  ['s:aspe*', 2307],
  ['f:joel', 654],
  ['f:"andrew jeffery"', 788],
  ['f:jms.id.au', 654],
  ['t:"joel stanley"', 1259],
  ['c:aj.id.au', 1143],
  ['a:jms.id.au', 2376],
  ['tc:jms.id.au', 1722],
  ['b:fixes', 498],
  ['bs:fsi', 380],
  ['nq:thanks', 2812],
  ['q:thanks', 1749],
  ['nq:"reviewed-by: joel stanley"', 157],
  ['q:"signed-off-by"', 1790],
  ['dfn:aspeed-g6.dtsi', 55],
  ['dfn:drivers/hwmon', 86],
  ['dfn:Makefile', 216],
  ['m:<20210113223808.31626-2-hongweiz@ami.com>', 3],
  ['pmbus', 401],
  ['"power supply"', 195],
  ['phosphor-host-ipmid', 176],
  ['pmbus aspeed', 137],
  ['pmbus AND aspeed', 137],
  ['pmbus +aspeed', 137],
  ['pmbus OR psu', 564],
  ['pmbus -s:pmbus', 257],
  ['pmbus NOT s:pmbus', 257],
  ['NOT s:patch', 6569],
  ['-s:patch -s:re', 1704],
  ['(pmbus OR psu) f:joel', 39],
  ['s:(pmbus OR psu) -f:joel', 194],
  ['d:20200101..20200131', 374],
  ['d:2020-06-01..', 5204],
  ['d:..20190601', 412],
  ['d:2021-07', 256],
  ['d:2.weeks.ago..', 256],
  ['d:yesterday..', 178],
  ['s:ast2600 d:2020..', 263],
  ['pmbus OR d:2021-07-30', 406],
  ['-pmbus d:2021-07', 245],
  ['邮件', 39],
  ['回覆', 15],
  ['寄件者', 21],
  ['s:"[PATCH v2"', 606],
  ['f:cedric', 62],
  ['f:"Cédric Le Goater"', 62],
  ['f:劉晉翰', 8],
  ['s:回复', 48],
  ['b:"thank you"', 872],
  ['pmbu*', 402],
  ['dfn:aspeed*', 941],
  ['"i2c" OR "i3c" OR "spi"', 2049],
  ['s:(fsi OR i2c) d:2020-01..2020-06', 149],
];

for (const [query, count] of expected) {
  test(`${query} → ${count}`, corpus, async () => {
    assert.equal(await total(query), count);
  });
}

const ids = async (query: string) =>
  (await search(store.read, query, { list: 'openbmc', now, limit: 200, snippets: false })).results.map(
    (r) => r.messageId,
  );

test('Chinese words from big5 and gb18030 mail are found, and highlighted', corpus, async () => {
  // big5 (Outlook, Taiwan): 回覆 = "reply" in the subject and the quoted header block
  const big5 = 'DM6PR08MB551464D29CE9BD91FFE1B20ADCE69@DM6PR08MB5514.namprd08.prod.outlook.com';
  assert.ok((await ids('回覆')).includes(big5));
  // gb18030 (QQ mail): 邮件 = "mail"
  assert.ok((await ids('邮件')).includes('tencent_34EA53595EFE6AF25F53F427650E7D1F1708@qq.com'));
  // a name in a big5 From: header
  assert.ok((await ids('f:劉晉翰')).includes('21923ba4201f4a5eacf5580295a617c4@quantatw.com'));
  const found = await search(store.read, `回覆 m:${big5}`, { list: 'openbmc', now });
  assert.equal(found.total, 1);
  assert.ok(found.results[0].snippet.some((s) => s.hit && s.text === '回覆'));
});

test('results carry permanent addresses, and snippets mark the words searched for', corpus, async () => {
  const found = await search(store.read, 'nq:"power supply"', { list: 'openbmc', now, limit: 20 });
  assert.equal(found.results.length, 20);
  const list = (await store.getList('openbmc'))!;
  const excerptOf = async (messageId: string) => {
    const [entry] = await store.read.entriesInList(list.id, messageId);
    return (await store.read.storedMessage(entry.storedId))!.excerpt;
  };
  let marked = 0;
  for (const result of found.results) {
    assert.equal(result.list, 'openbmc');
    assert.match(result.day, /^20(19|20|21)-\d\d-\d\d$/);
    assert.ok(result.n >= 1 && result.threadId >= 1);
    const hits = result.snippet
      .filter((s) => s.hit)
      .map((s) => s.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '));
    // the snippet is cut from the excerpt: the phrase is marked where the excerpt holds it, and
    // otherwise the snippet is the start of the message
    const text = (await excerptOf(result.messageId)).split('\u0000')[0];
    if (/power[^\p{L}\p{N}]+supply/iu.test(text)) {
      marked++;
      assert.ok(hits.includes('power supply'), `${result.messageId}: ${JSON.stringify(result.snippet)}`);
    } else {
      assert.equal(hits.length, 0);
      assert.ok(
        text.replace(/\s+/g, ' ').trimStart().startsWith(result.snippet[0].text.slice(0, 20)),
        result.messageId,
      );
    }
  }
  assert.ok(marked >= 10, `only ${marked} of 20 snippets mark the phrase`);
  // newest first
  const dates = found.results.map((r) => r.date!.getTime());
  assert.deepEqual(
    dates,
    [...dates].sort((a, b) => b - a),
  );
});

test('/all/ finds what the list finds; l: narrows; pages add up to the total', corpus, async () => {
  assert.equal((await search(store.read, 'pmbus', { now, limit: 1 })).total, 401);
  assert.equal((await search(store.read, 'pmbus l:openbmc', { now, limit: 1 })).total, 401);
  assert.equal((await search(store.read, 'pmbus l:other', { now, limit: 1 })).total, 0);
  const seen = new Set<string>();
  for (let offset = 0; offset < 401; offset += 200) {
    const page = await search(store.read, 'pmbus', {
      list: 'openbmc',
      now,
      offset,
      limit: 200,
      snippets: false,
    });
    for (const r of page.results) seen.add(`${r.day}/${r.n}`);
  }
  assert.equal(seen.size, 401);
});

test('collapsed threads count threads and keep the exact message total', corpus, async () => {
  const found = await search(store.read, 's:pmbus', {
    list: 'openbmc',
    now,
    collapseThreads: true,
    limit: 200,
  });
  assert.equal(found.total, 144);
  assert.ok(found.threads! > 10 && found.threads! < 144, String(found.threads));
  assert.equal(found.results.length, found.threads);
  assert.equal(
    found.results.reduce((sum, r) => sum + r.threadHits!, 0),
    144,
  );
  assert.equal(new Set(found.results.map((r) => r.threadId)).size, found.results.length);
});

test('injection attempts are harmless on the real archive', corpus, async () => {
  for (const query of [
    'NEAR(pmbus aspeed, 5)',
    'pmbus NEAR aspeed',
    '"pmbus" * ^aspeed',
    '{subject nq} : pmbus',
    'subject:pmbus',
    'x" OR "y',
    "'); DROP TABLE messages; --",
    "m:'); DELETE FROM entries; --",
    "l:openbmc'--",
    'rowid:1 OR 1=1',
  ]) {
    try {
      await search(store.read, query, { now, limit: 5 });
    } catch (error) {
      assert.ok(error instanceof SearchSyntaxError, `${query}: ${error}`);
    }
  }
  // NEAR( is the word "near" next to the group (pmbus aspeed 5), as Xapian would read it
  assert.equal(await total('NEAR(pmbus aspeed, 5)'), await total('near pmbus aspeed 5'));
  assert.equal((await store.read.stats(null)).messages, 10_996);
});
