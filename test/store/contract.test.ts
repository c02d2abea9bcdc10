// The Store contract (src/store/store.ts), checked through the interface alone on every backend, with
// real mail: the bundled fedora-devel sample, written as an import writes it. Where both backends
// run, they are also checked against each other: the same writes must give the same answers.

import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { newListSettings } from '../../src/archive/lists.ts';
import { CODEC_NONE } from '../../src/store/compression.ts';
import { openStore } from '../../src/store/open.ts';
import type {
  ArchiveRead,
  EntryRecord,
  IdMatch,
  IndexLine,
  ListRecord,
  ListStats,
  MessageFields,
  OpenOptions,
  Store,
} from '../../src/store/store.ts';
import { forEachBackend, postgresBackend, sqliteBackend, type TestBackend } from '../backends.ts';
import {
  archiveAll,
  archiveMessage,
  composedMail,
  type MailItem,
  newMessage,
  type Placement,
  sampleMail,
} from './sample-archive.ts';

const EMPTY_STATS: ListStats = {
  messages: 0,
  threads: 0,
  ghosts: 0,
  flagged: 0,
  firstDay: null,
  lastDay: null,
  bytesRaw: 0,
  bytesStored: 0,
};

const FIELD_NAMES: (keyof MessageFields)[] = [
  'messageId',
  'subject',
  'from',
  'to',
  'cc',
  'date',
  'receivedDate',
  'inReplyTo',
  'references',
  'attachments',
  'flags',
  'problems',
];

async function openAt(t: TestContext, location: string, options?: OpenOptions): Promise<Store> {
  const store = await openStore(location, options);
  t.after(() => store.close());
  return store;
}

async function openFresh(t: TestContext, backend: TestBackend): Promise<Store> {
  return openAt(t, await backend.location(t));
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function pick<T extends object, K extends keyof T>(record: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, record[key]])) as Pick<T, K>;
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const byListThenId = (a: IdMatch, b: IdMatch) =>
  a.list.localeCompare(b.list, 'en') || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

/** What an index line shows of an entry. */
function lineOf(entry: EntryRecord): IndexLine {
  return {
    seq: entry.seq,
    day: entry.day,
    n: entry.n,
    threadId: entry.threadId,
    parentId: entry.parentId,
    messageId: entry.messageId,
    subject: entry.subject,
    fromName: entry.from?.name ?? '',
    fromAddress: entry.from?.address ?? '',
    date: entry.date,
  };
}

/** Polls until `check` holds: a backend may learn of another process's commit a moment later. */
async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await delay(20);
  }
}

// ── the sample archive ──

/** Message-IDs where LIKE's wildcards and ASCII case matter (idsLike). */
const WILDCARD_IDS = [
  'Patch_1%Done@Example.ORG',
  'patchX1%done@example.org',
  'patch_1XXdone@example.org',
  'patch_1%done@example.org.uk',
];

interface SampleArchive {
  devel: ListRecord;
  announce: ListRecord;
  /** Every placement, in the order written. */
  placements: Placement[];
  items: MailItem[];
}

/**
 * The sample in `fedora-devel`, in four transactions as an import's batches; its first ten messages
 * cross-posted to `aaa-announce` (a name that sorts first); messages with wildcard ids in
 * `aaa-announce`, the first of them in both lists.
 */
async function buildSampleArchive(store: Store): Promise<SampleArchive> {
  const sample = await sampleMail();
  const devel = await store.addList(newListSettings('fedora-devel', { section: 'Fedora' }));
  const announce = await store.addList(newListSettings('aaa-announce', { section: 'Fedora' }));
  const placements: Placement[] = [];
  for (let start = 0; start < sample.length; start += 100) {
    placements.push(...(await archiveAll(store, devel, sample.slice(start, start + 100))));
  }
  placements.push(...(await archiveAll(store, announce, sample.slice(0, 10))));
  const wildcards = await Promise.all(
    WILDCARD_IDS.map((messageId, i) =>
      composedMail({ messageId, delivered: new Date(Date.UTC(2010, 0, 10, 10, i)) }),
    ),
  );
  placements.push(...(await archiveAll(store, announce, wildcards)));
  placements.push(...(await archiveAll(store, devel, wildcards.slice(0, 1))));
  return { devel, announce, placements, items: [...sample, ...wildcards] };
}

forEachBackend(
  test,
  'lists are added, found, changed and listed by section then name',
  async (t, backend) => {
    const location = await backend.location(t);
    const store = await openAt(t, location);
    const settings = [
      newListSettings('zed', { section: 'b-section', title: 'Zed', address: 'zed@example.org' }),
      newListSettings('alpha', { section: 'c-section', description: 'First', timeZone: 'Europe/Berlin' }),
      newListSettings('beta', { section: 'b-section', obfuscate: false, subjectTag: '[beta]' }),
      newListSettings('gamma'),
    ];
    const added: ListRecord[] = [];
    for (const list of settings) added.push(await store.addList(list));
    assert.deepEqual(
      added.map(({ id: _, ...rest }) => rest),
      settings,
    );
    assert.equal(new Set(added.map((list) => list.id)).size, settings.length);
    assert.deepEqual(await store.getList('beta'), added[2]);
    assert.equal(await store.getList('delta'), null);
    assert.deepEqual(
      (await store.allLists()).map((list) => list.name),
      ['gamma', 'beta', 'zed', 'alpha'],
    );

    const changed = await store.updateList('zed', {
      section: 'd-section',
      title: 'Zed list',
      obfuscate: false,
    });
    assert.deepEqual(changed, { ...added[0], section: 'd-section', title: 'Zed list', obfuscate: false });
    assert.deepEqual(await store.getList('zed'), changed);
    assert.deepEqual(
      (await store.allLists()).map((list) => list.name),
      ['gamma', 'beta', 'alpha', 'zed'],
    );
    await assert.rejects(store.updateList('delta', { title: 'Delta' }));
    await assert.rejects(store.addList(newListSettings('beta')));

    const again = await openAt(t, location);
    assert.deepEqual(await again.allLists(), await store.allLists());
    assert.deepEqual(await store.read.stats(added[0].id), EMPTY_STATS);
  },
);

forEachBackend(test, 'a write that throws leaves nothing behind', async (t, backend) => {
  const store = await openFresh(t, backend);
  const list = await store.addList(newListSettings('devel'));
  const [first, second] = await sampleMail();
  const nextThreadId = await store.read.nextThreadId(list.id);

  await assert.rejects(
    store.write(async (tx) => {
      await archiveMessage(tx, list, first);
      await archiveMessage(tx, list, second);
      await tx.reserveThreadIds(list.id, 50);
      throw new Error('abandoned on purpose');
    }),
    { message: 'abandoned on purpose' },
  );
  assert.equal(await store.write((tx) => tx.findStored(first.key)), null);
  assert.deepEqual(await store.read.stats(null), EMPTY_STATS);
  assert.deepEqual(await store.read.allContainers(list.id), []);
  assert.deepEqual(await collect(store.read.entries(list.id)), []);
  assert.equal(await store.read.nextThreadId(list.id), nextThreadId);

  // The store goes on, and the abandoned write took no number.
  const placed = await archiveAll(store, list, [second]);
  assert.deepEqual(
    placed.map((p) => [p.seq, p.n]),
    [[1, 1]],
  );
  assert.equal(await store.write((tx) => tx.findStored(first.key)), null);
  assert.equal(await store.write(async () => 'the result of work'), 'the result of work');
});

forEachBackend(test, 'addEntry numbers a list 1, 2, 3… and each of its days 1, 2, …', async (t, backend) => {
  const store = await openFresh(t, backend);
  const list = await store.addList(newListSettings('devel'));
  const other = await store.addList(newListSettings('other'));
  const days = ['2010-01-05', '2010-01-06', '2010-01-05', '2010-01-04', '2010-01-05', '2010-01-06'];
  const items = await Promise.all(
    days.map((day, i) =>
      composedMail({ messageId: `n${i}@example.org`, delivered: new Date(`${day}T12:00:00Z`) }),
    ),
  );
  const placed = await archiveAll(store, list, items);
  assert.deepEqual(
    placed.map((p) => [p.seq, p.day, p.n]),
    [
      [1, '2010-01-05', 1],
      [2, '2010-01-06', 1],
      [3, '2010-01-05', 2],
      [4, '2010-01-04', 1],
      [5, '2010-01-05', 3],
      [6, '2010-01-06', 2],
    ],
  );
  // Another list counts for itself; a message the list holds is not placed again.
  const elsewhere = await archiveAll(store, other, [items[2], items[0]]);
  assert.deepEqual(
    elsewhere.map((p) => [p.seq, p.n]),
    [
      [1, 1],
      [2, 2],
    ],
  );
  assert.deepEqual(await archiveAll(store, list, [items[0]]), []);
  // A later transaction goes on where the last one stopped.
  const later = await composedMail({
    messageId: 'n6@example.org',
    delivered: new Date('2010-01-05T13:00:00Z'),
  });
  assert.deepEqual(
    (await archiveAll(store, list, [later])).map((p) => [p.seq, p.n]),
    [[7, 4]],
  );
});

forEachBackend(
  test,
  'placeEntry keeps the address given and refuses a seq that is taken',
  async (t, backend) => {
    const store = await openFresh(t, backend);
    const list = await store.addList(newListSettings('devel'));
    const day = '2010-01-05';
    const items = await Promise.all(
      ['p1', 'p2', 'p3'].map((id) =>
        composedMail({ messageId: `${id}@example.org`, delivered: new Date(`${day}T12:00:00Z`) }),
      ),
    );
    const storedIds = await store.write(async (tx) => {
      const ids: number[] = [];
      for (const item of items) ids.push(await tx.insertMessage(newMessage(item)));
      return ids;
    });
    const entry = (i: number, seq: number, n: number) => ({
      listId: list.id,
      storedId: storedIds[i],
      day,
      messageId: items[i].prepared.fields.messageId,
      threadId: 7,
      seq,
      n,
    });
    const search = (i: number) => ({
      document: items[i].prepared.search,
      date: items[i].prepared.fields.date,
    });

    assert.equal(await store.write((tx) => tx.placeEntry(entry(0, 10, 4), search(0))), true);
    assert.equal(await store.write((tx) => tx.placeEntry(entry(1, 10, 5), search(1))), false);
    const placed = await store.read.entryAt(list.id, day, 4);
    assert.ok(placed);
    assert.deepEqual(pick(placed, ['seq', 'day', 'n', 'storedId', 'threadId', 'messageId', 'list']), {
      seq: 10,
      day,
      n: 4,
      storedId: storedIds[0],
      threadId: 7,
      messageId: 'p1@example.org',
      list: 'devel',
    });
    assert.equal(await store.read.entryAt(list.id, day, 5), null);
    assert.deepEqual(await store.read.entriesInList(list.id, 'p2@example.org'), []);
    assert.equal(await store.write((tx) => tx.inList(list.id, storedIds[1])), false);
    // New entries come after the placed one, in the list and in its day.
    const next = await store.write((tx) =>
      tx.addEntry(
        { listId: list.id, storedId: storedIds[2], day, messageId: 'p3@example.org', threadId: 8 },
        search(2),
      ),
    );
    assert.deepEqual(next, { seq: 11, n: 5 });
  },
);

forEachBackend(test, 'a message is stored once per content key, whatever the lists', async (t, backend) => {
  const store = await openFresh(t, backend);
  const devel = await store.addList(newListSettings('devel'));
  const users = await store.addList(newListSettings('users'));
  const [item, unplaced] = await sampleMail();

  const [first, again, found, absent] = await store.write(async (tx) => [
    await tx.insertMessage(newMessage(item)),
    await tx.insertMessage(newMessage(item)),
    await tx.findStored(item.key),
    await tx.findStored(unplaced.key),
  ]);
  assert.equal(again, first);
  assert.equal(found, first);
  assert.equal(absent, null);
  assert.equal(await store.write((tx) => tx.insertMessage(newMessage(item))), first);

  const [inDevel] = await archiveAll(store, devel, [item]);
  const [inUsers] = await archiveAll(store, users, [item]);
  assert.equal(inDevel.storedId, first);
  assert.equal(inUsers.storedId, first);
  assert.deepEqual(await archiveAll(store, devel, [item]), []);
  const unplacedId = await store.write((tx) => tx.insertMessage(newMessage(unplaced)));
  assert.notEqual(unplacedId, first);
  assert.deepEqual(
    await store.write(async (tx) => [
      await tx.inList(devel.id, first),
      await tx.inList(devel.id, unplacedId),
    ]),
    [true, false],
  );

  // The bytes count once, and a message standing in no list not at all.
  const stats = await store.read.stats(null);
  assert.equal(stats.messages, 2);
  assert.equal(stats.bytesRaw, item.raw.bytes.byteLength);
  assert.equal(stats.bytesStored, item.prepared.compressed.byteLength);
  assert.deepEqual(await store.read.storedIdsIn([devel.id, users.id]), [first]);
  assert.deepEqual(
    (await store.read.entriesInAllLists(item.prepared.fields.messageId)).map((e) => [e.list, e.storedId]),
    [
      ['devel', first],
      ['users', first],
    ],
  );
});

forEachBackend(test, 'read.raw gives back the bytes given, whichever codec', async (t, backend) => {
  const store = await openFresh(t, backend);
  const list = await store.addList(newListSettings('devel'));
  const placements = await archiveAll(store, list, await sampleMail());
  assert.equal(placements.length, 292);
  for (const { storedId, item } of placements) {
    assert.ok((await store.read.raw(storedId)).equals(item.raw.bytes), item.raw.origin);
  }
  const mbox = await store.read.mboxMessage(placements[0].storedId);
  assert.ok(mbox);
  assert.ok(mbox.raw.equals(placements[0].item.raw.bytes));
  assert.deepEqual(mbox.envelopeDate, placements[0].item.raw.envelopeDate);
  assert.equal(mbox.sender, placements[0].item.prepared.fields.from?.address ?? '');

  const plain = await composedMail({
    messageId: 'plain@example.org',
    delivered: new Date('2010-01-20T00:00:00Z'),
  });
  const plainId = await store.write((tx) =>
    tx.insertMessage({ ...newMessage(plain), raw: Buffer.from(plain.raw.bytes), codec: CODEC_NONE }),
  );
  assert.ok((await store.read.raw(plainId)).equals(plain.raw.bytes));

  const missing = Math.max(plainId, ...placements.map((p) => p.storedId)) + 1000;
  await assert.rejects(store.read.raw(missing));
  assert.equal(await store.read.mboxMessage(missing), null);
  assert.equal(await store.read.storedMessage(missing), null);
});

forEachBackend(test, 'the sample archive reads back as it was written', async (t, backend) => {
  const store = await openFresh(t, backend);
  const { devel, announce, placements } = await buildSampleArchive(store);
  const read = store.read;
  const entries = await collect(read.entries(devel.id));
  const placedInDevel = placements.filter((p) => p.listId === devel.id);
  const days = [...new Set(entries.map((e) => e.day))];

  await t.test('entries() yields every entry in archive order, as placed', () => {
    assert.deepEqual(
      entries.map((e) => e.seq),
      placedInDevel.map((_, i) => i + 1),
    );
    for (const [i, entry] of entries.entries()) {
      const placed = placedInDevel[i];
      assert.deepEqual(pick(entry, ['list', 'storedId', 'seq', 'day', 'n', 'rawSize']), {
        list: 'fedora-devel',
        storedId: placed.storedId,
        seq: placed.seq,
        day: placed.day,
        n: placed.n,
        rawSize: placed.item.raw.bytes.byteLength,
      });
      assert.deepEqual(pick(entry, FIELD_NAMES), placed.item.prepared.fields, placed.item.raw.origin);
    }
  });

  await t.test('each day numbers its entries 1, 2, … in archive order', () => {
    for (const [day, ofDay] of groupBy(entries, (e) => e.day)) {
      assert.deepEqual(
        ofDay.map((e) => e.n),
        ofDay.map((_, i) => i + 1),
        day,
      );
    }
  });

  await t.test('entryAt finds each entry at its address, and nothing elsewhere', async () => {
    for (const entry of entries) assert.deepEqual(await read.entryAt(devel.id, entry.day, entry.n), entry);
    const lastOfFirstDay = entries.filter((e) => e.day === days[0]).length;
    assert.equal(await read.entryAt(devel.id, days[0], lastOfFirstDay + 1), null);
    assert.equal(await read.entryAt(devel.id, '2009-06-01', 1), null);
    const announced = new Set(placements.filter((p) => p.listId === announce.id).map((p) => p.day));
    assert.equal(await read.entryAt(announce.id, days.find((day) => !announced.has(day))!, 1), null);
  });

  await t.test('neighbour steps through archive order across days', async () => {
    const address = (e: EntryRecord | undefined) => (e ? { seq: e.seq, day: e.day, n: e.n } : null);
    for (const [i, entry] of entries.entries()) {
      assert.deepEqual(await read.neighbour(devel.id, entry.seq, 'prev'), address(entries[i - 1]));
      assert.deepEqual(await read.neighbour(devel.id, entry.seq, 'next'), address(entries[i + 1]));
    }
  });

  await t.test('dayLines, rangeLines and recentLines show entries as index lines', async () => {
    for (const day of days) {
      const ofDay = entries.filter((e) => e.day === day);
      assert.deepEqual(await read.dayLines(devel.id, day), ofDay.map(lineOf), day);
      assert.deepEqual(await read.dayLines(devel.id, day, 3), ofDay.slice(0, 3).map(lineOf), day);
    }
    assert.deepEqual(await read.dayLines(devel.id, '2009-06-01'), []);
    const range = entries
      .filter((e) => e.day >= '2010-01-02' && e.day <= '2010-01-06' && e.n <= 5)
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.n - b.n));
    assert.deepEqual(await read.rangeLines(devel.id, '2010-01-02', '2010-01-06', 5), range.map(lineOf));
    assert.deepEqual(await read.recentLines(devel.id, 7), entries.slice(-7).reverse().map(lineOf));
    assert.deepEqual(await read.newestEntries(devel.id, 7), entries.slice(-7).reverse());
  });

  await t.test('monthCounts and dayCounts count entries per period', async () => {
    const count = (keyOf: (e: EntryRecord) => string, of: EntryRecord[]) =>
      [...groupBy(of, keyOf)]
        .map(([period, group]) => ({ period, count: group.length }))
        .sort((a, b) => (a.period < b.period ? -1 : 1));
    assert.deepEqual(
      await read.monthCounts(devel.id),
      count((e) => e.day.slice(0, 7), entries),
    );
    assert.deepEqual(
      await read.dayCounts(devel.id, '2010-01-03', '2010-01-07'),
      count(
        (e) => e.day,
        entries.filter((e) => e.day >= '2010-01-03' && e.day <= '2010-01-07'),
      ),
    );
    assert.deepEqual(await read.dayCounts(devel.id, '2011-01-01', '2011-12-31'), []);
  });

  await t.test('nearestDay finds the closest day with mail, strictly before or after', async () => {
    for (const [i, day] of days.entries()) {
      assert.equal(await read.nearestDay(devel.id, day, 'before'), days[i - 1] ?? null);
      assert.equal(await read.nearestDay(devel.id, day, 'after'), days[i + 1] ?? null);
    }
    assert.equal(await read.nearestDay(devel.id, '2000-01-01', 'after'), days[0]);
    assert.equal(await read.nearestDay(devel.id, '2099-01-01', 'before'), days.at(-1));
  });

  await t.test('entries are found by Message-ID in one list or in all, by list name', async () => {
    for (const entry of entries) {
      assert.deepEqual(await read.entriesInList(devel.id, entry.messageId), [entry]);
    }
    assert.deepEqual(await read.entriesInList(devel.id, 'nobody@example.org'), []);
    const crossPosted = entries[3];
    const inAll = await read.entriesInAllLists(crossPosted.messageId);
    assert.deepEqual(
      inAll.map((e) => [e.list, e.storedId]),
      [
        ['aaa-announce', crossPosted.storedId],
        ['fedora-devel', crossPosted.storedId],
      ],
    );
    assert.deepEqual(inAll[1], crossPosted);
    assert.deepEqual(await read.entriesInAllLists('nobody@example.org'), []);
  });

  await t.test('threads list their entries, stored ids and containers in archive order', async () => {
    const containers = await read.allContainers(devel.id);
    const containerOf = new Map(containers.map((c) => [c.messageId, c]));
    const threads = groupBy(entries, (e) => e.threadId);
    assert.ok(
      [...threads.values()].some((thread) => thread.length >= 3),
      'the sample has threads',
    );
    for (const [threadId, thread] of threads) {
      assert.deepEqual(await read.threadEntries(devel.id, threadId), thread);
      assert.deepEqual(await read.threadLines(devel.id, threadId), thread.map(lineOf));
      assert.deepEqual(
        await read.threadStoredIds(devel.id, threadId),
        thread.map((e) => e.storedId),
      );
      const expected = containers.filter((c) => c.threadId === threadId);
      const got = await read.threadContainers(devel.id, threadId);
      const byId = (a: { messageId: string }, b: { messageId: string }) =>
        a.messageId < b.messageId ? -1 : 1;
      assert.deepEqual([...got].sort(byId), [...expected].sort(byId));
    }
    for (const entry of entries) {
      const container = containerOf.get(entry.messageId);
      assert.ok(container && !container.ghost, entry.messageId);
      assert.equal(container.threadId, entry.threadId);
      assert.equal(container.parentId, entry.parentId);
    }
    assert.equal(await read.threadStoredIds(devel.id, 999_999).then((ids) => ids.length), 0);
    const threading = await read.entryThreading(devel.id);
    assert.deepEqual(
      threading,
      entries.map((e) => ({
        seq: e.seq,
        messageId: e.messageId,
        inReplyTo: e.inReplyTo,
        references: e.references,
      })),
    );
    assert.ok((await read.nextThreadId(devel.id)) > Math.max(...threads.keys()));
  });

  await t.test('periodStoredIds lists a period by day, then N', async () => {
    const period = entries
      .filter((e) => e.day >= '2010-01-04' && e.day <= '2010-01-05')
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.n - b.n));
    assert.deepEqual(
      await read.periodStoredIds(devel.id, '2010-01-04', '2010-01-05'),
      period.map((e) => e.storedId),
    );
    assert.deepEqual(await read.periodStoredIds(devel.id, '2011-01-01', '2011-01-31'), []);
  });

  await t.test('idsLike ignores ASCII case and takes _ and % literally', async () => {
    const like = async (listId: number | null, text: string, prefix: boolean, limit = 10) =>
      (await read.idsLike(listId, text, prefix, limit)).sort(byListThenId);
    const match = (list: string, messageId: string) => ({ list, messageId });
    assert.deepEqual(await like(announce.id, 'patch_1%done@example.org', false), [
      match('aaa-announce', 'Patch_1%Done@Example.ORG'),
    ]);
    assert.deepEqual(await like(announce.id, 'PATCH_1%', true), [
      match('aaa-announce', 'Patch_1%Done@Example.ORG'),
      match('aaa-announce', 'patch_1%done@example.org.uk'),
    ]);
    assert.deepEqual(await like(null, 'patch_1%done@example.org', false), [
      match('aaa-announce', 'Patch_1%Done@Example.ORG'),
      match('fedora-devel', 'Patch_1%Done@Example.ORG'),
    ]);
    assert.deepEqual(await like(devel.id, 'patch', true), [
      match('fedora-devel', 'Patch_1%Done@Example.ORG'),
    ]);
    assert.equal((await like(announce.id, 'patch', true, 2)).length, 2);
    assert.equal((await like(announce.id, 'patch', true)).length, 4);
    assert.deepEqual(await like(announce.id, 'patch_1', false), []);
  });

  await t.test('stats and counts sum up the lists', async () => {
    const ofList = (listId: number) => placements.filter((p) => p.listId === listId);
    const uniqueBytes = (of: Placement[]) => {
      const stored = new Map(of.map((p) => [p.storedId, p.item]));
      return {
        bytesRaw: [...stored.values()].reduce((sum, item) => sum + item.raw.bytes.byteLength, 0),
        bytesStored: [...stored.values()].reduce((sum, item) => sum + item.prepared.compressed.byteLength, 0),
      };
    };
    const ghosts = async (listId: number) => (await read.allContainers(listId)).filter((c) => c.ghost).length;
    const threadCount = async (listId: number) =>
      new Set((await collect(read.entries(listId))).map((e) => e.threadId)).size;
    const expected = async (listId: number): Promise<ListStats> => {
      const of = ofList(listId);
      const days = of.map((p) => p.day).sort();
      return {
        messages: of.length,
        threads: await threadCount(listId),
        ghosts: await ghosts(listId),
        flagged: of.filter((p) => p.item.prepared.fields.flags.length > 0).length,
        firstDay: days[0],
        lastDay: days.at(-1)!,
        ...uniqueBytes(of),
      };
    };
    const develStats = await expected(devel.id);
    const announceStats = await expected(announce.id);
    assert.deepEqual(await read.stats(devel.id), develStats);
    assert.deepEqual(await read.stats(announce.id), announceStats);
    assert.ok(develStats.ghosts > 0, 'the sample refers to messages it lacks');
    assert.deepEqual(await read.stats(null), {
      messages: placements.length,
      threads: develStats.threads + announceStats.threads,
      ghosts: develStats.ghosts + announceStats.ghosts,
      flagged: develStats.flagged + announceStats.flagged,
      firstDay: [develStats.firstDay!, announceStats.firstDay!].sort()[0],
      lastDay: [develStats.lastDay!, announceStats.lastDay!].sort()[1],
      ...uniqueBytes(placements),
    });
    assert.deepEqual(await read.totals(), { messages: placements.length, lists: 2 });
    const activity = await read.listActivity();
    assert.deepEqual(activity.get(devel.id), {
      listId: devel.id,
      messages: develStats.messages,
      firstDay: develStats.firstDay,
      lastDay: develStats.lastDay,
    });
    assert.equal(activity.size, 2);
    assert.deepEqual(
      await read.storedIdsIn([announce.id]),
      [...new Set(ofList(announce.id).map((p) => p.storedId))].sort((a, b) => a - b),
    );
  });

  await t.test('storedMessage gives a message back as it was written', async () => {
    for (const placed of placements.slice(0, 20)) {
      const stored = await read.storedMessage(placed.storedId);
      assert.ok(stored);
      assert.deepEqual(stored, { storedId: placed.storedId, ...newMessage(placed.item) });
    }
  });
});

forEachBackend(test, 'entries() walks a list longer than a read batch, in order', async (t, backend) => {
  const store = await openFresh(t, backend);
  const list = await store.addList(newListSettings('busy'));
  // One more than a batch (both backends read 1000 at a time): where paging goes wrong if it does.
  // Entries are added without threading, which this does not need and which would make it slow.
  const count = 1001;
  const items = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      composedMail({
        messageId: `m${i}@example.org`,
        delivered: new Date(Date.UTC(2010, 0, 1 + (i % 5), 0, i)),
      }),
    ),
  );
  await store.write(async (tx) => {
    for (const [i, item] of items.entries()) {
      const storedId = await tx.insertMessage(newMessage(item));
      const day = `2010-01-0${1 + (i % 5)}`;
      const search = { document: item.prepared.search, date: item.prepared.fields.date };
      await tx.addEntry(
        { listId: list.id, storedId, day, messageId: item.prepared.fields.messageId, threadId: i + 1 },
        search,
      );
    }
  });
  const entries = await collect(store.read.entries(list.id));
  assert.deepEqual(
    entries.map((e) => [e.seq, e.messageId]),
    items.map((item, i) => [i + 1, item.prepared.fields.messageId]),
  );
});

forEachBackend(
  test,
  'reads inside snapshot() see one state while another store commits',
  async (t, backend) => {
    const location = await backend.location(t);
    const reader = await openAt(t, location);
    const writer = await openAt(t, location);
    const list = await writer.addList(newListSettings('devel'));
    const sample = await sampleMail();
    await archiveAll(writer, list, sample.slice(0, 1));

    const state = (read: ArchiveRead) =>
      Promise.all([read.stats(list.id), read.recentLines(list.id, 10), read.monthCounts(list.id)]);
    const [before, during] = await reader.snapshot(async (read) => {
      const before = await state(read);
      await archiveAll(writer, list, sample.slice(1, 3));
      return [before, await state(read)];
    });
    assert.equal(before[0].messages, 1);
    assert.deepEqual(during, before);
    assert.equal((await reader.read.stats(list.id)).messages, 3);
  },
);

forEachBackend(test, 'watch() notices another store’s commit once', async (t, backend) => {
  const location = await backend.location(t);
  const reader = await openAt(t, location);
  const writer = await openAt(t, location);
  const list = await writer.addList(newListSettings('devel'));
  const sample = await sampleMail();

  const watch = await reader.watch();
  assert.equal(watch.poll(), false);
  await delay(100);
  assert.equal(watch.poll(), false, 'nothing was committed');

  const committing = Date.now();
  await archiveAll(writer, list, sample.slice(0, 1));
  assert.equal(await eventually(() => watch.poll()), true, 'the commit is noticed');
  assert.equal(watch.poll(), false, 'and noticed once');

  const modified = watch.lastModified();
  assert.ok(modified instanceof Date);
  assert.equal(modified.getTime() % 1000, 0, 'to the second');
  assert.ok(modified.getTime() >= Math.floor(committing / 1000) * 1000, 'not before the commit');
  assert.ok(modified.getTime() <= Date.now(), 'not in the future');
});

// ── the backends against each other ──

/**
 * Every read's answer over the sample archive, stored ids replaced by the message they hold: the
 * backends number rows as they like, the rest must be the same.
 */
async function transcript(store: Store, archive: SampleArchive): Promise<Record<string, unknown>> {
  const { read } = store;
  const { devel, announce } = archive;
  const itemIndex = new Map(archive.items.map((item, i) => [item, i]));
  const messageOf = new Map(archive.placements.map((p) => [p.storedId, `message #${itemIndex.get(p.item)}`]));
  const label = (storedId: number) => messageOf.get(storedId) ?? `unknown stored id ${storedId}`;
  const entry = ({ storedId, ...rest }: EntryRecord) => ({ message: label(storedId), ...rest });
  const byId = (a: { messageId: string }, b: { messageId: string }) => (a.messageId < b.messageId ? -1 : 1);
  const lists = [devel, announce];
  const answers: Record<string, unknown> = {};

  answers.allLists = (await store.allLists()).map(({ id: _, ...settings }) => settings);
  answers.listActivity = [...(await read.listActivity()).values()]
    .map(({ listId, ...activity }) => ({ list: lists.find((l) => l.id === listId)?.name, ...activity }))
    .sort((a, b) => (a.list! < b.list! ? -1 : 1));
  answers.totals = await read.totals();
  answers.stats = await read.stats(null);
  for (const list of lists) {
    const at = (name: string) => `${list.name} ${name}`;
    const entries = await collect(read.entries(list.id));
    answers[at('entries')] = entries.map(entry);
    answers[at('stats')] = await read.stats(list.id);
    answers[at('monthCounts')] = await read.monthCounts(list.id);
    answers[at('dayCounts')] = await read.dayCounts(list.id, '2009-01-01', '2010-12-31');
    answers[at('rangeLines')] = await read.rangeLines(list.id, '2009-01-01', '2010-12-31', 4);
    answers[at('recentLines')] = await read.recentLines(list.id, 25);
    answers[at('newestEntries')] = (await read.newestEntries(list.id, 25)).map(entry);
    answers[at('periodStoredIds')] = (await read.periodStoredIds(list.id, '2010-01-01', '2010-01-31')).map(
      label,
    );
    answers[at('storedIdsIn')] = (await read.storedIdsIn([list.id])).length;
    answers[at('entryThreading')] = await read.entryThreading(list.id);
    answers[at('allContainers')] = (await read.allContainers(list.id)).sort(byId);
    answers[at('nextThreadId')] = await read.nextThreadId(list.id);
    const days = [...new Set(entries.map((e) => e.day))];
    for (const day of days) {
      answers[at(`dayLines ${day}`)] = await read.dayLines(list.id, day);
      answers[at(`nearestDay ${day}`)] = [
        await read.nearestDay(list.id, day, 'before'),
        await read.nearestDay(list.id, day, 'after'),
      ];
    }
    for (const e of entries) {
      answers[at(`entryAt ${e.day}/${e.n}`)] = entry((await read.entryAt(list.id, e.day, e.n))!);
      answers[at(`neighbours ${e.seq}`)] = [
        await read.neighbour(list.id, e.seq, 'prev'),
        await read.neighbour(list.id, e.seq, 'next'),
      ];
      answers[at(`entriesInList ${e.messageId}`)] = (await read.entriesInList(list.id, e.messageId)).map(
        entry,
      );
    }
    for (const threadId of new Set(entries.map((e) => e.threadId))) {
      answers[at(`thread ${threadId}`)] = {
        lines: await read.threadLines(list.id, threadId),
        entries: (await read.threadEntries(list.id, threadId)).map(entry),
        storedIds: (await read.threadStoredIds(list.id, threadId)).map(label),
        containers: (await read.threadContainers(list.id, threadId)).sort(byId),
      };
    }
    answers[at('idsLike')] = [
      (await read.idsLike(list.id, 'patch', true, 10)).sort(byListThenId),
      (await read.idsLike(list.id, 'PATCH_1%DONE@EXAMPLE.ORG', false, 10)).sort(byListThenId),
    ];
  }
  answers.idsLike = (await read.idsLike(null, 'p', true, 100)).sort(byListThenId);
  for (const e of await collect(read.entries(announce.id))) {
    answers[`entriesInAllLists ${e.messageId}`] = (await read.entriesInAllLists(e.messageId)).map(entry);
  }
  return answers;
}

test('both backends give the same answers after the same writes', {
  skip: postgresBackend.skip,
}, async (t) => {
  const answers: Record<string, unknown>[] = [];
  for (const backend of [sqliteBackend, postgresBackend]) {
    const store = await openFresh(t, backend);
    answers.push(await transcript(store, await buildSampleArchive(store)));
  }
  const [sqlite, postgres] = answers;
  assert.deepEqual(Object.keys(postgres), Object.keys(sqlite));
  for (const question of Object.keys(sqlite))
    assert.deepEqual(postgres[question], sqlite[question], question);
});
