// Ingest rules on small hand-written messages: de-duplication, cross-posting, reused Message-IDs,
// the delivery-day rule and permanent N, and reindex keeping addresses — on each backend.

import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import postgres from 'postgres';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { reindex } from '../../src/archive/reindex.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { openStore } from '../../src/store/open.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { EntryRecord, ListSettings, Store } from '../../src/store/store.ts';
import { forEachBackend, type TestBackend } from '../backends.ts';

function listSettings(name: string, timeZone = 'UTC'): ListSettings {
  return newListSettings(name, { address: `${name}@example.org`, timeZone });
}

function message(opts: {
  id?: string;
  subject?: string;
  date?: string;
  received?: string;
  inReplyTo?: string;
  body?: string;
}): string {
  const lines: string[] = [];
  if (opts.received) lines.push(`Received: from mx.example.org by lists.example.org; ${opts.received}`);
  lines.push('From: Ann Example <ann@example.org>', 'To: list@example.org');
  if (opts.subject !== undefined) lines.push(`Subject: ${opts.subject}`);
  if (opts.date) lines.push(`Date: ${opts.date}`);
  if (opts.id) lines.push(`Message-ID: <${opts.id}>`);
  if (opts.inReplyTo) lines.push(`In-Reply-To: <${opts.inReplyTo}>`);
  return `${lines.join('\n')}\n\n${opts.body ?? 'Hello.'}\n`;
}

async function* source(
  messages: (string | { text: string; envelope: Date | null })[],
): AsyncGenerator<RawMessage> {
  let i = 0;
  for (const m of messages) {
    const text = typeof m === 'string' ? m : m.text;
    const envelopeDate = typeof m === 'string' ? null : m.envelope;
    yield { bytes: Buffer.from(text), envelopeDate, origin: `test#${++i}`, sourceOffset: 0 };
  }
}

/** Where each test's archive is, for the damage reindex repairs. */
const locations = new WeakMap<Store, string>();

async function open(t: TestContext, backend: TestBackend): Promise<Store> {
  const location = await backend.location(t);
  const store = await openStore(location);
  locations.set(store, location);
  t.after(() => store.close());
  return store;
}

/** Runs SQL on the tables under the store (both backends have the same ones), past the seam. */
async function execSql(store: Store, text: string): Promise<void> {
  if (store.backend === 'sqlite') {
    (store as SqliteStore).db.prepare(text).run();
    return;
  }
  const sql = postgres(locations.get(store)!, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(text);
  } finally {
    await sql.end();
  }
}

/** The list's entries with this Message-ID, in arrival order. */
async function entriesIn(store: Store, list: string, messageId: string): Promise<EntryRecord[]> {
  const { id } = (await store.getList(list))!;
  return store.read.entriesInList(id, messageId);
}

/** Every entry of a list, in archive order. */
async function entriesOf(store: Store, listId: number): Promise<EntryRecord[]> {
  const entries: EntryRecord[] = [];
  for await (const entry of store.read.entries(listId)) entries.push(entry);
  return entries;
}

forEachBackend(
  test,
  'the same post delivered twice with another Received: chain is stored once',
  async (t, backend) => {
    const store = await open(t, backend);
    const list = await store.addList(listSettings('dev'));
    const a = message({
      id: 'a@x',
      subject: 'Hi',
      date: 'Mon, 4 Jan 2010 10:00:00 +0000',
      received: 'Mon, 4 Jan 2010 10:00:05 +0000',
    });
    const b = a.replace('10:00:05', '10:07:00');
    const first = await importMessages(store, list, source([a, b]), inlinePreparer);
    assert.equal(first.imported, 1);
    assert.equal(first.present, 1);
    const again = await importMessages(store, list, source([a, b]), inlinePreparer);
    assert.deepEqual([again.imported, again.present], [0, 2]);
    assert.equal((await store.read.stats(list.id)).messages, 1);
  },
);

forEachBackend(
  test,
  'a reused Message-ID with different content is kept as a second message',
  async (t, backend) => {
    const store = await open(t, backend);
    const list = await store.addList(listSettings('dev'));
    const a = message({ id: 'same@x', subject: 'one', date: 'Mon, 4 Jan 2010 10:00:00 +0000' });
    const b = message({ id: 'same@x', subject: 'two', date: 'Mon, 4 Jan 2010 11:00:00 +0000' });
    await importMessages(store, list, source([a, b]), inlinePreparer);
    const entries = await entriesIn(store, 'dev', 'same@x');
    assert.deepEqual(
      entries.map((e) => [e.subject, e.day, e.n]),
      [
        ['one', '2010-01-04', 1],
        ['two', '2010-01-04', 2],
      ],
    );
  },
);

forEachBackend(
  test,
  'a message cross-posted to two lists is stored once and appears in both',
  async (t, backend) => {
    const store = await open(t, backend);
    const dev = await store.addList(listSettings('dev'));
    const users = await store.addList(listSettings('users'));
    const m = message({ id: 'cross@x', subject: 'both', date: 'Tue, 5 Jan 2010 09:00:00 +0000' });
    await importMessages(store, dev, source([m]), inlinePreparer);
    await importMessages(store, users, source([m]), inlinePreparer);
    const entries = await store.read.entriesInAllLists('cross@x');
    assert.deepEqual(
      entries.map((e) => e.list),
      ['dev', 'users'],
    );
    assert.equal(entries[0].storedId, entries[1].storedId);
    assert.deepEqual(await store.read.storedIdsIn([dev.id, users.id]), [entries[0].storedId]);
  },
);

forEachBackend(
  test,
  'the day comes from the envelope, else the newest Received:, else Date:, in the list time zone',
  async (t, backend) => {
    const store = await open(t, backend);
    const utc = await store.addList(listSettings('utc'));
    const berlin = await store.addList(listSettings('berlin', 'Europe/Berlin'));
    const withEnvelope = {
      text: message({
        id: 'env@x',
        date: 'Fri, 1 Jan 2010 12:00:00 +0000',
        received: 'Sat, 2 Jan 2010 12:00:00 +0000',
      }),
      envelope: new Date('2010-01-03T12:00:00Z'),
    };
    const withReceived = message({
      id: 'rcv@x',
      date: 'Fri, 1 Jan 2010 12:00:00 +0000',
      received: 'Sat, 2 Jan 2010 12:00:00 +0000',
    });
    const onlyDate = message({ id: 'date@x', date: 'Fri, 1 Jan 2010 23:30:00 +0000' });
    for (const list of [utc, berlin]) {
      await importMessages(store, list, source([withEnvelope, withReceived, onlyDate]), inlinePreparer);
    }
    const days = async (list: string) => {
      const found: string[] = [];
      for (const id of ['env@x', 'rcv@x', 'date@x']) found.push((await entriesIn(store, list, id))[0].day);
      return found;
    };
    assert.deepEqual(await days('utc'), ['2010-01-03', '2010-01-02', '2010-01-01']);
    // 23:30 UTC is 00:30 the next day in Berlin.
    assert.deepEqual(await days('berlin'), ['2010-01-03', '2010-01-02', '2010-01-02']);
  },
);

forEachBackend(
  test,
  'N is the arrival position within the day and a late message takes the next free N',
  async (t, backend) => {
    const store = await open(t, backend);
    const list = await store.addList(listSettings('dev'));
    const day1 = (id: string, hour: number) => message({ id, date: `Mon, 4 Jan 2010 ${hour}:00:00 +0000` });
    const day2 = message({ id: 'd2@x', date: 'Tue, 5 Jan 2010 08:00:00 +0000' });
    await importMessages(store, list, source([day1('b@x', 15), day1('a@x', 9), day2]), inlinePreparer);
    await importMessages(store, list, source([day1('late@x', 7)]), inlinePreparer);
    const places: string[] = [];
    for (const id of ['b@x', 'a@x', 'd2@x', 'late@x']) {
      const e = (await entriesIn(store, 'dev', id))[0];
      places.push(`${e.day}/${e.n}`);
    }
    assert.deepEqual(places, ['2010-01-04/1', '2010-01-04/2', '2010-01-05/1', '2010-01-04/3']);
  },
);

forEachBackend(
  test,
  'replies join their parent thread, also when the parent arrives later',
  async (t, backend) => {
    const store = await open(t, backend);
    const list = await store.addList(listSettings('dev'));
    const reply = message({
      id: 'reply@x',
      subject: 'Re: q',
      date: 'Mon, 4 Jan 2010 10:00:00 +0000',
      inReplyTo: 'root@x',
    });
    const other = message({ id: 'other@x', subject: 'other', date: 'Mon, 4 Jan 2010 10:30:00 +0000' });
    await importMessages(store, list, source([reply, other]), inlinePreparer);
    assert.equal((await store.read.stats(list.id)).ghosts, 1);
    const root = message({ id: 'root@x', subject: 'q', date: 'Mon, 4 Jan 2010 09:00:00 +0000' });
    await importMessages(store, list, source([root]), inlinePreparer);
    const thread = async (id: string) => (await entriesIn(store, 'dev', id))[0].threadId;
    assert.equal(await thread('root@x'), await thread('reply@x'));
    assert.notEqual(await thread('other@x'), await thread('reply@x'));
    assert.equal((await entriesIn(store, 'dev', 'reply@x'))[0].parentId, 'root@x');
    assert.equal((await store.read.stats(list.id)).ghosts, 0);
  },
);

forEachBackend(
  test,
  'reindex rebuilds derived fields and threads but keeps every day/N',
  async (t, backend) => {
    const store = await open(t, backend);
    const list = await store.addList(listSettings('dev'));
    const msgs = [
      message({ id: 'r1@x', subject: 'root', date: 'Mon, 4 Jan 2010 10:00:00 +0000' }),
      message({ id: 'r2@x', subject: 'Re: root', date: 'Mon, 4 Jan 2010 11:00:00 +0000', inReplyTo: 'r1@x' }),
      message({ id: 'r3@x', subject: 'next day', date: 'Tue, 5 Jan 2010 11:00:00 +0000' }),
    ];
    await importMessages(store, list, source(msgs), inlinePreparer);
    const before = (await entriesOf(store, list.id)).map((e) => [e.messageId, e.day, e.n, e.subject]);
    // Damage the derived data: reindex must restore it from the raw bytes.
    await execSql(store, "UPDATE messages SET subject = 'garbage'");
    await execSql(store, 'DELETE FROM containers');
    await reindex(store, [list], inlinePreparer);
    const after = (await entriesOf(store, list.id)).map((e) => [e.messageId, e.day, e.n, e.subject]);
    assert.deepEqual(after, before);
    const threads = (await entriesOf(store, list.id)).map((e) => e.threadId);
    assert.equal(threads[0], threads[1]);
    assert.notEqual(threads[0], threads[2]);
  },
);
