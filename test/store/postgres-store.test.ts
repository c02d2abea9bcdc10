// What only the PostgreSQL store has to get right: migrations run by several processes at once, many
// writers placing mail in one list (one writer per list at a time, day/N and seq without gaps or
// repeats), the same content stored once when two writers store it together, the busy timeout, the
// change signal crossing processes, and clear errors for a wrong location. The behaviour both
// backends share is the contract suite's. Each test makes a database of its own in the cluster
// LISTARCHIVE_TEST_PG names (scripts/with-test-postgres.sh starts one).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import postgres from 'postgres';
import { threadMessage } from '../../src/archive/threading.ts';
import type { ParsedMessage } from '../../src/mail/types.ts';
import { compressRaw } from '../../src/store/compression.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { SCHEMA_VERSION } from '../../src/store/postgres/schema.ts';
import {
  type ListRecord,
  type NewMessage,
  type OpenOptions,
  type SearchDocument,
  type Store,
  StoreBusyError,
  StoreLocationError,
  type WriteTransaction,
} from '../../src/store/store.ts';
import { parsedMessage } from '../parsed-message.ts';

const ADMIN_URL = process.env.LISTARCHIVE_TEST_PG;
const skip = ADMIN_URL ? false : 'PostgreSQL test cluster not running (LISTARCHIVE_TEST_PG unset)';

let databases = 0;

/** A new empty database, dropped when the test ends; its URL. */
async function freshDatabase(t: TestContext): Promise<string> {
  const admin = postgres(ADMIN_URL!, { max: 1, onnotice: () => {} });
  const name = `listarchive_test_${process.pid}_${++databases}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  t.after(async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens a store that the test closes at its end. */
async function open(t: TestContext, url: string, options: OpenOptions = {}): Promise<Store> {
  const store = await openPostgresStore(url, options);
  t.after(() => store.close());
  return store;
}

const listSettings = (name: string) => ({
  name,
  title: name,
  description: '',
  section: '',
  address: `${name}@example.org`,
  timeZone: 'UTC',
  obfuscate: true,
  subjectTag: '',
});

const document = (subject: string): SearchDocument => ({
  subject,
  from: 'ann@example.org',
  to: '',
  cc: '',
  nq: 'Hello.',
  q: '',
  dfn: '',
});

function newMessage(fields: Partial<ParsedMessage>, bytes = `Message-ID: <${fields.messageId}>\n\nHello.\n`) {
  const { text: _text, html: _html, ...stored } = parsedMessage(fields);
  const compressed = compressRaw(Buffer.from(bytes));
  const message: NewMessage = {
    contentKey: createHash('sha256').update(bytes).digest(),
    raw: compressed.data,
    rawSize: Buffer.byteLength(bytes),
    codec: compressed.codec,
    envelopeDate: null,
    fields: stored,
    excerpt: 'Hello.',
  };
  return message;
}

/** What an import or a delivery does with one message (src/archive/ingest.ts storeOne). */
async function storeOne(tx: WriteTransaction, list: ListRecord, message: NewMessage, day: string) {
  const storedId = (await tx.findStored(message.contentKey)) ?? (await tx.insertMessage(message));
  if (await tx.inList(list.id, storedId)) return 'present';
  const container = await threadMessage(tx.containers(list.id), message.fields);
  const { fields } = message;
  await tx.addEntry(
    { listId: list.id, storedId, day, messageId: fields.messageId, threadId: container.threadId },
    { document: document(fields.subject), date: fields.date },
  );
  return 'added';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('migrations run once however many writers open a new archive at the same moment', {
  skip,
}, async (t) => {
  const url = await freshDatabase(t);
  const stores = await Promise.all([1, 2, 3, 4].map(() => open(t, url)));
  await stores[0].addList(listSettings('dev'));
  const again = await open(t, url);
  assert.deepEqual(
    (await again.allLists()).map((l) => l.name),
    ['dev'],
  );
  const check = postgres(url, { max: 1, onnotice: () => {} });
  t.after(() => check.end());
  assert.deepEqual([...(await check`SELECT version FROM schema_version`)], [{ version: SCHEMA_VERSION }]);
  assert.equal(again.backend, 'postgres');
  assert.match(again.location, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/listarchive_test_/);
  // An archive a newer listarchive migrated is refused, by writers and readers alike.
  await check`UPDATE schema_version SET version = ${SCHEMA_VERSION + 1}`;
  for (const options of [{}, { readonly: true }]) {
    await assert.rejects(
      openPostgresStore(url, options),
      /schema version \d+ is newer than this listarchive/,
    );
  }
});

test('four writers delivering into one list give every message its own seq and day/N', {
  skip,
}, async (t) => {
  const url = await freshDatabase(t);
  const writers = await Promise.all([1, 2, 3, 4].map(() => open(t, url)));
  const list = await writers[0].addList(listSettings('dev'));
  const days = ['2024-03-01', '2024-03-02', '2024-03-03'];
  await Promise.all(
    writers.map(async (store, w) => {
      for (let i = 0; i < 50; i++) {
        // Replies to this writer's previous message and to another writer's: threads merge across writers.
        const references =
          i === 0 ? [] : [`m${w}-${i - 1}@example.org`, `m${(w + 1) % 4}-${i - 1}@example.org`];
        const message = newMessage({ messageId: `m${w}-${i}@example.org`, subject: `${w}/${i}`, references });
        const result = await store.write((tx) => storeOne(tx, list, message, days[i % days.length]));
        assert.equal(result, 'added');
      }
    }),
  );
  const entries: { seq: number; day: string; n: number; threadId: number; messageId: string }[] = [];
  for await (const entry of writers[1].read.entries(list.id)) entries.push(entry);
  assert.equal(entries.length, 200);
  assert.deepEqual(
    entries.map((e) => e.seq),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  for (const day of days) {
    const ns = entries
      .filter((e) => e.day === day)
      .map((e) => e.n)
      .sort((a, b) => a - b);
    assert.deepEqual(
      ns,
      Array.from({ length: ns.length }, (_, i) => i + 1),
      `N of ${day}`,
    );
  }
  // Every entry stands in its container's thread, and the cross-references made one thread.
  const containers = new Map((await writers[2].read.allContainers(list.id)).map((c) => [c.messageId, c]));
  for (const entry of entries) assert.equal(containers.get(entry.messageId)?.threadId, entry.threadId);
  assert.equal(new Set(entries.map((e) => e.threadId)).size, 1);
  const stats = await writers[3].read.stats(list.id);
  assert.equal(stats.messages, 200);
  assert.equal(stats.threads, 1);
});

test('the same content stored by two writers at once is kept once', { skip }, async (t) => {
  const url = await freshDatabase(t);
  const [first, second] = await Promise.all([open(t, url), open(t, url)]);
  const dev = await first.addList(listSettings('dev'));
  const users = await first.addList(listSettings('users'));
  const message = newMessage({ messageId: 'cross@example.org', subject: 'cross-posted' });

  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let firstInserted = () => {};
  const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
  const firstWrite = first.write(async (tx) => {
    assert.equal(await tx.findStored(message.contentKey), null);
    const id = await tx.insertMessage(message);
    firstInserted();
    await held;
    await storeOne(tx, dev, message, '2024-03-01');
    return id;
  });
  await inserted;
  const secondWrite = second.write(async (tx) => {
    assert.equal(await tx.findStored(message.contentKey), null, 'the first insert is not committed yet');
    const id = await tx.insertMessage(message);
    await storeOne(tx, users, message, '2024-03-01');
    return id;
  });
  await sleep(200); // the second insert now waits for the first transaction
  release();
  const [firstId, secondId] = await Promise.all([firstWrite, secondWrite]);
  assert.equal(firstId, secondId);
  assert.deepEqual(await first.read.storedIdsIn([dev.id, users.id]), [firstId]);
  assert.deepEqual(
    (await first.read.entriesInAllLists('cross@example.org')).map((e) => [e.list, e.storedId]),
    [
      ['dev', firstId],
      ['users', firstId],
    ],
  );
});

test('a writer that waits for a list past the busy timeout gets StoreBusyError', { skip }, async (t) => {
  const url = await freshDatabase(t);
  const holder = await open(t, url);
  const waiter = await open(t, url, { busyTimeoutMs: 200 });
  const list = await holder.addList(listSettings('dev'));
  const other = await holder.addList(listSettings('other'));
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = holder.write(async (tx) => {
    await tx.inList(list.id, 1);
    locked();
    await held;
  });
  await isLocked;
  await assert.rejects(
    waiter.write((tx) => tx.inList(list.id, 1)),
    StoreBusyError,
  );
  // Another list is not held up.
  assert.equal(await waiter.write((tx) => tx.inList(other.id, 1)), false);
  release();
  await holding;
  assert.equal(await waiter.write((tx) => tx.inList(list.id, 1)), false);
});

test('a reader in another process sees a commit once, and Last-Modified moves', { skip }, async (t) => {
  const url = await freshDatabase(t);
  const writer = await open(t, url);
  const list = await writer.addList(listSettings('dev'));
  const reader = await open(t, url, { readonly: true });
  const watch = await reader.watch();
  assert.equal(watch.poll(), false);
  const before = watch.lastModified();
  assert.equal(before.getMilliseconds(), 0);
  // Into the next second, so that a commit now shows in a time kept to the second.
  await sleep(1100 - (Date.now() % 1000));
  await writer.write((tx) => storeOne(tx, list, newMessage({ messageId: 'a@example.org' }), '2024-03-01'));
  const deadline = Date.now() + 5000;
  while (!watch.poll()) {
    assert.ok(Date.now() < deadline, 'no notification within 5 s');
    await sleep(10);
  }
  assert.equal(watch.poll(), false);
  assert.ok(watch.lastModified() > before, `${watch.lastModified().toISOString()} > ${before.toISOString()}`);
  // A transaction that wrote nothing is no change.
  await writer.write(async (tx) => tx.findStored(Buffer.from('nothing')));
  await sleep(200);
  assert.equal(watch.poll(), false);
  assert.equal((await reader.read.totals()).messages, 1);
});

test('a reader whose listening connection was cut catches up once it is back', { skip }, async (t) => {
  const url = await freshDatabase(t);
  const writer = await open(t, url);
  const list = await writer.addList(listSettings('dev'));
  const reader = await open(t, url, { readonly: true });
  const watch = await reader.watch();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  t.after(() => admin.end());
  // The commit lands while the listener is gone: its notification is lost, the state row is not.
  const cut = await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND query ILIKE 'listen%'`;
  assert.equal(cut.length, 1);
  await writer.write((tx) => storeOne(tx, list, newMessage({ messageId: 'a@example.org' }), '2024-03-01'));
  const deadline = Date.now() + 10_000;
  while (!watch.poll()) {
    assert.ok(Date.now() < deadline, 'the watch did not catch up within 10 s');
    await sleep(20);
  }
  // Listening again: the next commit is heard as before.
  await writer.write((tx) => storeOne(tx, list, newMessage({ messageId: 'b@example.org' }), '2024-03-01'));
  while (!watch.poll()) {
    assert.ok(Date.now() < deadline, 'no notification after the reconnection');
    await sleep(20);
  }
});

test('reads in a snapshot see one state while a writer commits', { skip }, async (t) => {
  const url = await freshDatabase(t);
  const store = await open(t, url);
  const list = await store.addList(listSettings('dev'));
  await store.write((tx) => storeOne(tx, list, newMessage({ messageId: 'a@example.org' }), '2024-03-01'));
  const counts = await store.snapshot(async (read) => {
    const before = await read.totals();
    await store.write((tx) => storeOne(tx, list, newMessage({ messageId: 'b@example.org' }), '2024-03-01'));
    const after = await read.totals();
    return [before.messages, after.messages];
  });
  assert.deepEqual(counts, [1, 1]);
  assert.equal((await store.read.totals()).messages, 2);
});

test('Message-ID candidates ignore the case of ASCII letters only, as in SQLite', { skip }, async (t) => {
  const url = await freshDatabase(t);
  const store = await open(t, url);
  const list = await store.addList(listSettings('dev'));
  for (const id of ['Abc.1@example.org', 'abc_2@example.org', 'ÄBC@example.org', 'äbc@example.org'])
    await store.write((tx) => storeOne(tx, list, newMessage({ messageId: id }), '2024-03-01'));
  const ids = async (text: string, prefix: boolean) =>
    (await store.read.idsLike(list.id, text, prefix, 10)).map((m) => m.messageId);
  assert.deepEqual(await ids('ABC', true), ['Abc.1@example.org', 'abc_2@example.org']);
  assert.deepEqual(await ids('abc_', true), ['abc_2@example.org']);
  assert.deepEqual(await ids('äbc@example.org', false), ['äbc@example.org']);
  assert.deepEqual(await ids('%', true), []);
});

test('a wrong location fails with StoreLocationError, and a reader never creates an archive', {
  skip,
}, async (t) => {
  const url = await freshDatabase(t);
  await assert.rejects(openPostgresStore(url, { readonly: true }), (error: Error) => {
    assert.ok(error instanceof StoreLocationError);
    assert.match(error.message, /^no archive at postgres:\/\/postgres@127\.0\.0\.1:\d+\/listarchive_test_/);
    return true;
  });
  await assert.rejects(openPostgresStore(url, { mustExist: true }), StoreLocationError);
  const missing = new URL(url);
  missing.pathname = '/listarchive_no_such_database';
  await assert.rejects(openPostgresStore(missing.toString(), {}), (error: Error) => {
    assert.ok(error instanceof StoreLocationError);
    assert.match(error.message, /listarchive_no_such_database/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
  const closed = new URL(url);
  closed.port = '1';
  closed.password = 'secret';
  await assert.rejects(openPostgresStore(closed.toString(), { readonly: true }), (error: Error) => {
    assert.ok(error instanceof StoreLocationError);
    assert.match(error.message, /^cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\//);
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
  // The reader's failed open made nothing: a writer still finds an empty database to migrate.
  const check = postgres(url, { max: 1, onnotice: () => {} });
  t.after(() => check.end());
  assert.equal((await check`SELECT to_regclass('schema_version') AS t`)[0].t, null);
});
