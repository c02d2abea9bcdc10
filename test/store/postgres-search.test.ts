// PostgreSQL's full-text search (src/store/postgres/search-*.ts) held to the SQLite backend's answers
// and to the word rules of src/search/tokens.ts: its tsvectors hold exactly the words tokens.ts finds,
// folded alike, in their fields, with every position even in fields longer than a tsvector keeps; user
// text cannot change a tsquery's shape; and on real mail both backends give the same totals and the
// same entries in the same order. Each test makes a database of its own in the cluster
// LISTARCHIVE_TEST_PG names (scripts/with-test-postgres.sh starts one).

import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import postgres from 'postgres';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { SEARCH_KEYS_PER_SECOND } from '../../src/limits.ts';
import { openSource } from '../../src/mail/sources.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { planQuery } from '../../src/search/plan.ts';
import { fold, words } from '../../src/search/tokens.ts';
import { openStore } from '../../src/store/open.ts';
import type { Sql } from '../../src/store/postgres/connection.ts';
import { compilePlan } from '../../src/store/postgres/search-compile.ts';
import {
  deleteSearchRows,
  insertSearchRow,
  MAX_POSITION,
  MAX_POSITIONS_PER_LEXEME,
  PHRASE_OVERLAP,
  searchVectors,
} from '../../src/store/postgres/search-rows.ts';
import { FIELD_CODE, lexeme, quoteLexeme } from '../../src/store/postgres/search-schema.ts';
import { keyAt, secondOf } from '../../src/store/search-keys.ts';
import type { SearchDocument, SearchQueryOptions, Store } from '../../src/store/store.ts';
import { postgresBackend, sqliteBackend } from '../backends.ts';
import { corpus, hasCorpus } from '../helpers.ts';

const skip = postgresBackend.skip;
const corpusSkip = skip || (hasCorpus ? false : 'shared corpus not present (../shared/corpus)');

/** A client on a fresh database, with the search tables (and what their queries join) created. */
async function database(t: TestContext): Promise<{ sql: Sql; store: Store }> {
  const url = await postgresBackend.location(t);
  const store = await openStore(url);
  t.after(() => store.close());
  // int8 as BigInt, as the store's own connections read it (src/store/postgres/connection.ts)
  const sql: Sql = postgres(url, { max: 2, onnotice: () => {}, types: { bigint: postgres.BigInt } });
  t.after(() => sql.end());
  return { sql, store };
}

const FIELDS: (keyof SearchDocument)[] = ['subject', 'from', 'to', 'cc', 'nq', 'q', 'dfn'];

/** What tokens.ts makes of a document: field code + folded word, per token. */
function expectedLexemes(document: SearchDocument): Set<string> {
  return new Set(FIELDS.flatMap((field) => words(document[field]).map((word) => lexeme(field, word))));
}

async function lexemesOf(sql: Sql, vector: string): Promise<string[]> {
  const [row] = await sql<{ lexemes: string[] }[]>`SELECT tsvector_to_array(${vector}::tsvector) AS lexemes`;
  return row.lexemes;
}

/** Each lexeme's positions in a tsvector, as PostgreSQL keeps them. */
async function positionsOf(sql: Sql, vector: string): Promise<Map<string, number[]>> {
  const rows = await sql<{ lexeme: string; positions: number[] }[]>`
    SELECT lexeme, positions::integer[] AS positions FROM unnest(${vector}::tsvector)`;
  return new Map(rows.map((r) => [r.lexeme, r.positions]));
}

const LONG_WORD = 'x'.repeat(3000);

const mixed: SearchDocument = {
  subject: 'Re: [PATCH v2] hwmon: (pmbus) Cédric’s naïve ÉTÉ fix — 回覆: 风扇表',
  from: 'Cédric Le Goater clg@kaod.org',
  to: 'Jörg Rödel joro@8bytes.org\nопенбмц список@пример.рф',
  cc: 'e\u0301te\u0301 ﬁnal Ǻngström',
  nq: `Thanks, applied to drivers/hwmon-next.\nhttps://lore.kernel.org/r/x@y phosphor-host-ipmid 邮件 ${LONG_WORD} ${LONG_WORD}y`,
  q: '> On Mon, Joel Stanley wrote:\n> > Reviewed-by: Joel Stanley <joel@jms.id.au>',
  dfn: 'drivers/hwmon/pmbus/core.c\narch/arm/boot/dts/aspeed-g6.dtsi',
};

test('the word set holds the words tokens.ts finds, folded, in their fields', { skip }, async (t) => {
  const { sql } = await database(t);
  const vectors = searchVectors(mixed);
  const found = await lexemesOf(sql, vectors.doc);
  assert.deepEqual(new Set(found), expectedLexemes(mixed));
  // spelled out, so that a change in lexeme() cannot hide behind the expectation above
  for (const expected of [
    'scedric',
    'snaive',
    'sete',
    's回',
    's覆',
    'fclg',
    'tjorg',
    'tопенбмц',
    'cete',
    'cﬁnal',
  ]) {
    assert.ok(found.includes(expected), expected);
  }
  assert.ok(found.includes('nphosphor') && found.includes('nipmid') && found.includes('n邮'));
  assert.ok(found.includes(`${FIELD_CODE.dfn}aspeed`) && found.includes('qreviewed'));
  // a word past PostgreSQL's 2 KB lexeme limit is kept, shortened with a digest of the whole
  const long = found.filter((l) => l.startsWith('nxxx'));
  assert.equal(long.length, 2);
  assert.ok(long.every((l) => Buffer.byteLength(l) < 2048));
  assert.notEqual(long[0], long[1]);
});

test('positions: every word of every field, where tokens.ts puts it', { skip }, async (t) => {
  const { sql } = await database(t);
  const { parts } = searchVectors(mixed);
  assert.equal(parts.length, 1);
  const positions = await positionsOf(sql, parts[0]);
  for (const field of FIELDS) {
    const expected = words(mixed[field]).map((word) => lexeme(field, word));
    const rebuilt: string[] = [];
    for (const [text, list] of positions) {
      if (text[0] !== FIELD_CODE[field]) continue;
      for (const p of list) rebuilt[p - 1] = text;
    }
    assert.deepEqual(rebuilt, expected, field);
  }
});

/** A body past both tsvector limits: 20,000 words, `the` 2,500 times, phrases deep inside. */
function longBody(): string {
  const lines: string[] = [];
  for (let i = 0; i < 2500; i++) lines.push(`the word${i} filler${i % 7} more text here pad${i % 13}`);
  lines.push('and the last words are closing phrase here');
  return lines.join('\n');
}

test('long fields are cut into parts that keep every phrase within the limits', { skip }, async (t) => {
  const { sql } = await database(t);
  const body = longBody();
  const tokens = words(body).map((word) => lexeme('nq', word));
  assert.ok(tokens.length > MAX_POSITION);
  const { parts } = searchVectors({ ...mixed, nq: body });
  assert.ok(parts.length > 1);
  // every window of PHRASE_OVERLAP + 1 words stands whole in one part, in order
  const segments: string[][] = [];
  for (const part of parts) {
    const positions = await positionsOf(sql, part);
    const segment: string[] = [];
    for (const [text, list] of positions) {
      if (text[0] !== 'n') continue;
      assert.ok(list.length <= MAX_POSITIONS_PER_LEXEME, text);
      for (const p of list) {
        assert.ok(p <= MAX_POSITION);
        segment[p - 1] = text;
      }
    }
    if (segment.length > 0) segments.push(segment);
  }
  const joined = segments.map((s) => `\u0001${s.join('\u0001')}\u0001`);
  for (let start = 0; start + PHRASE_OVERLAP < tokens.length; start += 97) {
    const window = `\u0001${tokens.slice(start, start + PHRASE_OVERLAP + 1).join('\u0001')}\u0001`;
    assert.ok(
      joined.some((s) => s.includes(window)),
      `words ${start}…${start + PHRASE_OVERLAP}`,
    );
  }
  const end = `\u0001${tokens.slice(-PHRASE_OVERLAP - 1).join('\u0001')}\u0001`;
  assert.ok(joined.some((s) => s.includes(end)));
});

test('keys: the next free slot of the second, else the next second, as SQLite takes them', {
  skip,
}, async (t) => {
  const { sql } = await database(t);
  const date = new Date('2021-01-05T10:00:00.250Z');
  const second = secondOf(date.getTime());
  const empty: SearchDocument = { subject: '', from: '', to: '', cc: '', nq: '', q: '', dfn: '' };
  const keys = async () =>
    (await sql<{ key: string }[]>`SELECT key::text FROM entry_search ORDER BY key`).map((r) => BigInt(r.key));
  await sql.begin(async (tx) => {
    await insertSearchRow(tx, { listId: 3, seq: 1, message: 1 }, { document: empty, date });
    await insertSearchRow(tx, { listId: 3, seq: 2, message: 2 }, { document: mixed, date });
    // the last slot of the next second taken: that second is full, the one after it is next
    await tx`INSERT INTO entry_search (key, list_id, seq, message, doc)
      VALUES (${String(keyAt(3, second + 1) + BigInt(SEARCH_KEYS_PER_SECOND) - 1n)}::bigint, 3, 99, 99, '')`;
    await tx`INSERT INTO entry_search (key, list_id, seq, message, doc)
      VALUES (${String(keyAt(3, second) + BigInt(SEARCH_KEYS_PER_SECOND) - 1n)}::bigint, 3, 98, 98, '')`;
    await insertSearchRow(tx, { listId: 3, seq: 3, message: 3 }, { document: mixed, date });
    await insertSearchRow(tx, { listId: 3, seq: 4, message: 4 }, { document: empty, date: null });
  });
  const at = (s: number, slot: number) => keyAt(3, s) + BigInt(slot);
  assert.deepEqual(await keys(), [
    at(0, 0),
    at(second, 0),
    at(second, 1),
    at(second, SEARCH_KEYS_PER_SECOND - 1),
    at(second + 1, SEARCH_KEYS_PER_SECOND - 1),
    at(second + 2, 0),
  ]);
  const [parts] = await sql`SELECT count(*)::integer AS n FROM entry_search_positions`;
  assert.equal(parts.n, 2); // the empty documents have none
  await sql.begin((tx) => deleteSearchRows(tx, 3));
  assert.equal((await keys()).length, 5);
  const [left] = await sql`SELECT count(*)::integer AS n FROM entry_search_positions`;
  assert.equal(left.n, 1);
});

const HOSTILE = [
  "'",
  '\\',
  "a'b",
  "a\\'b",
  "\\'",
  "'' | 'x",
  "x':* & !'y",
  '&|!:*()<>',
  'a <-> b',
  "':A",
  '$1',
];

test('lexemes are quoted so that no text changes a tsquery’s shape', { skip }, async (t) => {
  const { sql } = await database(t);
  for (const text of HOSTILE) {
    assert.deepEqual(await lexemesOf(sql, quoteLexeme(text)), [text], text);
    const [row] = await sql<{ nodes: number; hit: boolean; miss: boolean }[]>`
      SELECT numnode(${quoteLexeme(text)}::tsquery) AS nodes,
        ${`${quoteLexeme(text)}:1`}::tsvector @@ ${quoteLexeme(text)}::tsquery AS hit,
        'a:1 b:2 x:3 y:4'::tsvector @@ ${quoteLexeme(text)}::tsquery AS miss`;
    assert.deepEqual(row, { nodes: 1, hit: true, miss: false }, text);
  }
  // what a plan sends is words only, each quoted
  const compiled = compilePlan(planQuery(`"${HOSTILE.join(' ')}" s:(it's OR don\\'t) -"x' | 'y"`));
  for (const param of compiled.match!.params) {
    if (typeof param !== 'string') continue;
    const [row] = await sql`SELECT numnode(${param}::tsquery) AS nodes`;
    assert.ok(row.nodes > 0);
  }
});

test('hostile queries run as words on the store, and change nothing', { skip }, async (t) => {
  const { sql, store } = await database(t);
  const list = await store.addList(newListSettings('dev', { address: 'dev@example.org' }));
  await importMessages(store, list, mails([longMail()]), inlinePreparer);
  for (const query of [
    ...HOSTILE.map((text) => `"${text}"`),
    "'); DROP TABLE entry_search; --",
    'x" OR "y',
    "s:it's OR f:o'brien",
    'closing\\ phrase',
    'rowid:1 OR 1=1',
  ]) {
    let plan: ReturnType<typeof planQuery>;
    try {
      plan = planQuery(query);
    } catch {
      continue; // a SearchSyntaxError: the query never reaches the store
    }
    await store.read.search(plan, { offset: 0, limit: 5, order: 'date', collapseThreads: false });
  }
  const [row] = await sql`SELECT count(*)::integer AS n FROM entry_search`;
  assert.equal(row.n, 1);
});

function mail(id: string, subject: string, date: string, body: string): RawMessage {
  const text = [
    'From: Ann Example <ann@example.org>',
    'To: dev@example.org',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${id}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\n');
  return { bytes: Buffer.from(text), envelopeDate: null, origin: id, sourceOffset: 0 };
}

function longMail(): RawMessage {
  return mail(
    'long@example.org',
    'A long log, the whole of it',
    'Tue, 5 Jan 2021 10:00:00 +0000',
    longBody(),
  );
}

async function* mails(list: RawMessage[]): AsyncGenerator<RawMessage> {
  yield* list;
}

/** Every `step`-th message of openbmc, from the `from`-th. */
async function* sampled(step: number, from = 0): AsyncGenerator<RawMessage> {
  let i = 0;
  for await (const raw of openSource(corpus('openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz'))) {
    if (i++ % step === from) yield raw;
  }
}

const now = new Date('2021-07-15T13:45:00Z');

// The oracle's query shapes (test/search/search-openbmc.test.ts) and some more: phrases of common
// words (the long message's parts), negated phrases, prefixes in phrases, ORs of words and dates.
const QUERIES = [
  's:pmbus',
  's:"device tree"',
  's:aspe*',
  'f:"andrew jeffery"',
  'f:jms.id.au',
  't:"joel stanley"',
  'a:jms.id.au',
  'tc:jms.id.au',
  'b:fixes',
  'bs:fsi',
  'nq:thanks',
  'q:thanks',
  'nq:"reviewed-by: joel stanley"',
  'q:"signed-off-by"',
  'dfn:drivers/hwmon',
  'dfn:drivers/hwm*',
  'dfn:aspeed*',
  'm:<20210113223808.31626-2-hongweiz@ami.com>',
  'pmbus',
  '"power supply"',
  'phosphor-host-ipmid',
  'pmbus aspeed',
  'pmbus OR psu',
  'pmbus -s:pmbus',
  'NOT s:patch',
  '-s:patch -s:re',
  '(pmbus OR psu) f:joel',
  's:(pmbus OR psu) -f:joel',
  'd:2020-06-01..',
  'd:2021-07',
  's:ast2600 d:2020..',
  'pmbus OR d:2021-07-30',
  '-pmbus d:2021-07',
  '邮件',
  '寄件者',
  's:"[PATCH v2"',
  'f:"Cédric Le Goater"',
  'b:"thank you"',
  '"i2c" OR "i3c" OR "spi"',
  'the',
  '"of the"',
  '-"of the"',
  'pmbus -"power supply"',
  '"power supply" OR s:pmbus',
  'NOT (pmbus OR -s:patch)',
  'q:"signed off by" -nq:"signed off by"',
  '"closing phrase here"',
  '"the word999"',
  '"the word2499 filler0"',
  '"word999 filler5"',
  '"the word3 filler3 more text here pad3 the word4"',
  'l:cross pmbus',
  'l:openbmc OR d:2021-07',
];

const VARIANTS: Omit<SearchQueryOptions, 'list'>[] = [
  { offset: 0, limit: 200, order: 'date', collapseThreads: false },
  { offset: 7, limit: 13, order: 'date', collapseThreads: false },
  { offset: 0, limit: 200, order: 'date', collapseThreads: true },
  { offset: 2, limit: 5, order: 'date', collapseThreads: true },
  { offset: 0, limit: 200, order: 'relevance', collapseThreads: false },
  { offset: 0, limit: 0, order: 'date', collapseThreads: false },
];

test('real mail: the same totals and the same entries, newest first, as SQLite', {
  skip: corpusSkip,
  timeout: 600_000,
}, async (t) => {
  const pg = (await database(t)).store;
  const lite = await openStore(await sqliteBackend.location(t));
  t.after(() => lite.close());
  for (const store of [lite, pg]) {
    const openbmc = await store.addList(newListSettings('openbmc', { address: 'openbmc@lists.ozlabs.org' }));
    const cross = await store.addList(newListSettings('cross', { address: 'cross@example.org' }));
    await importMessages(store, openbmc, sampled(20), inlinePreparer);
    await importMessages(store, openbmc, mails([longMail()]), inlinePreparer);
    // a second list with cross-posts, for /all/
    await importMessages(store, cross, sampled(60), inlinePreparer);
    await importMessages(store, cross, sampled(97, 5), inlinePreparer);
  }
  let compared = 0;
  let nonEmpty = 0;
  for (const query of QUERIES) {
    const plan = planQuery(query, { now });
    for (const list of ['openbmc', undefined]) {
      for (const variant of VARIANTS) {
        const options = { ...variant, list };
        const [a, b] = await Promise.all([lite.read.search(plan, options), pg.read.search(plan, options)]);
        const what = `${query} ${JSON.stringify(options)}`;
        assert.equal(b.total, a.total, what);
        assert.equal(b.threads, a.threads, what);
        const entries = (page: typeof a) => page.rows.map((r) => `${r.list}/${r.day}/${r.n}`);
        // relevance ranks differ (ts_rank_cd is not bm25): the same matches, when the page holds them all
        if (options.order !== 'relevance') assert.deepEqual(entries(b), entries(a), what);
        else if (a.total <= options.limit) assert.deepEqual(entries(b).sort(), entries(a).sort(), what);
        if (options.collapseThreads) {
          assert.deepEqual(
            b.rows.map((r) => r.thread_hits),
            a.rows.map((r) => r.thread_hits),
            what,
          );
        }
        compared++;
        if (a.total > 0) nonEmpty++;
      }
    }
  }
  assert.equal(compared, QUERIES.length * 2 * VARIANTS.length);
  // phrases deep in the long message, past 16,383 positions and 256 `the`s, are found
  for (const query of ['"the word2499 filler0"', '"closing phrase here"']) {
    const options: SearchQueryOptions = { offset: 0, limit: 5, order: 'date', collapseThreads: false };
    assert.equal((await pg.read.search(planQuery(query, { now }), options)).total, 1, query);
  }
  // the sample must exercise the queries, not only agree on nothing
  assert.ok(nonEmpty > compared * 0.8, `${nonEmpty} of ${compared} comparisons found anything`);
});

test('excerpts come back whole, both parts, as SQLite gives them', { skip: corpusSkip }, async (t) => {
  const pg = (await database(t)).store;
  const lite = await openStore(await sqliteBackend.location(t));
  t.after(() => lite.close());
  for (const store of [lite, pg]) {
    const list = await store.addList(newListSettings('openbmc', { address: 'openbmc@lists.ozlabs.org' }));
    await importMessages(store, list, sampled(200), inlinePreparer);
  }
  const plan = planQuery('thanks OR 邮件');
  const options: SearchQueryOptions = {
    offset: 0,
    limit: 50,
    order: 'date',
    collapseThreads: false,
    excerpts: true,
  };
  const [a, b] = await Promise.all([lite.read.search(plan, options), pg.read.search(plan, options)]);
  assert.ok(a.rows.length > 5);
  assert.deepEqual(
    b.rows.map((r) => r.excerpt),
    a.rows.map((r) => r.excerpt),
  );
  assert.ok(b.rows.some((r) => r.excerpt?.includes('\u0000')));
  // the rest of a row is the same too: ids, addresses, dates, positions
  const plain = (rows: typeof a.rows) => rows.map(({ excerpt: _excerpt, ...rest }) => rest);
  assert.deepEqual(plain(b.rows), plain(a.rows));
});

test('a fold of tokens.ts is what both sides of PostgreSQL search compare', { skip }, async (t) => {
  const { sql } = await database(t);
  // the query side folds as the index side does: a vector of a text matches a query of the same words
  // however they are written
  const vector = searchVectors({ ...mixed, nq: 'CÉDRIC Naïve Ǻngström 測試' }).doc;
  for (const word of ['cedric', 'Cédric', 'NAIVE', 'angstrom', '測']) {
    const query = quoteLexeme(lexeme('nq', word));
    const [row] = await sql`SELECT ${vector}::tsvector @@ ${query}::tsquery AS hit`;
    assert.equal(row.hit, true, word);
    assert.equal(lexeme('nq', word), `n${fold(word)}`);
  }
});
